"""Importers: real source texts (Convention texts, national acts) into the clause model."""
