"""gapkit: compare ILO Conventions with a country's law, review the matches, write the reports."""

__version__ = "0.1.0"
