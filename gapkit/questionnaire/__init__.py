"""Questionnaires: ask a competent authority for exactly what the analysis lacks, and read the answers back.

:mod:`gapkit.questionnaire.questions` makes the questions from the data; ``gapkit questionnaire`` and ``gapkit import
answers`` are :mod:`gapkit.questionnaire.cli`. The package itself imports nothing, so that ``gapkit --help`` does not
load the indicators.
"""
