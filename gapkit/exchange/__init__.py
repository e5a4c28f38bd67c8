"""Exchange with people and tools outside gapkit.

- :mod:`~gapkit.exchange.workbook` writes the review workbook (XLSX) a reviewer fills in Excel offline;
  :mod:`~gapkit.exchange.review_import` reads it back and applies each changed row through
  :class:`gapkit.review.MappingStore` (revisions, conflicts and the audit log, as the CLI and the web).
- :mod:`~gapkit.exchange.oscal` writes the confirmed mappings as an OSCAL 1.2 mapping collection.
- :mod:`~gapkit.exchange.akn` writes a national act as Akoma Ntoso 3.0 XML, one file per language.
"""
