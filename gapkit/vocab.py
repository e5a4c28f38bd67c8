"""The typed vocabularies: the values a reviewer's decision, a clause and an account's role can take, one place
for each.

Each is a :class:`~enum.StrEnum`, so a value read from a workspace file compares equal to its member
(``Verdict("compliant") == "compliant"``) and is written back as the same plain word; code names the member,
never the string. The words shown for them (in Russian and English) belong to the outputs: the reports, the
workbook and the web app read them from :mod:`gapkit.report.wording`'s shared tables.

>>> Verdict("non_compliant") is Verdict.NON_COMPLIANT, str(Verdict.NON_COMPLIANT)
(True, 'non_compliant')
>>> [r.value for r in Relation if r.covers]
['equal', 'superset']
>>> Verdict.parse("partly")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: 'partly' is not a verdict: compliant, partially_compliant, non_compliant, ...
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """A reviewer's verdict on a requirement (design.md, "Vocabularies")."""

    COMPLIANT = "compliant"
    PARTIALLY_COMPLIANT = "partially_compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_INFORMATION = "insufficient_information"

    @classmethod
    def parse(cls, value: str) -> Verdict:
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a verdict: {', '.join(cls)}") from None

    @property
    def is_gap(self) -> bool:
        """Whether the verdict leaves something for the law to do."""
        return self in (Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT)


#: The state of a requirement no one has decided yet: shown beside the verdicts, never written as one.
NOT_REVIEWED = "not_reviewed"


class Relation(StrEnum):
    """How the national provisions, taken together, relate to a requirement's content (set relations)."""

    EQUAL = "equal"
    SUBSET = "subset"  # the provisions cover part of the requirement
    SUPERSET = "superset"  # they cover it and more
    INTERSECTS = "intersects"
    NO_RELATIONSHIP = "no_relationship"

    @property
    def covers(self) -> bool:
        """The provisions together cover the requirement."""
        return self in (Relation.EQUAL, Relation.SUPERSET)


class Stage(StrEnum):
    """A decision is the analysis team's preliminary assessment, or confirmed by a named reviewer."""

    PRELIMINARY = "preliminary"
    CONFIRMED = "confirmed"


class ClauseKind(StrEnum):
    """What a clause is (design: obligation, definition, procedural, final provision, excluded ...)."""

    OBLIGATION = "obligation"  # a duty or right the instrument lays down
    OPTION = "option"  # a flexibility clause the State may use
    DEFINITION = "definition"
    SCOPE = "scope"  # scope of application and exclusions
    PROCEDURAL = "procedural"
    FINAL_PROVISION = "final_provision"
    EXCLUDED = "excluded"  # a national item repealed ("исключен", "алып тасталды")
    CONTAINER = "container"  # a Part, chapter or article whose content sits in its children
    PREAMBLE = "preamble"

    @property
    def substantive(self) -> bool:
        """The clause states something a national law can meet or fail to meet."""
        return self in _SUBSTANTIVE


_SUBSTANTIVE = frozenset({ClauseKind.OBLIGATION, ClauseKind.OPTION, ClauseKind.DEFINITION, ClauseKind.SCOPE,
                          ClauseKind.PROCEDURAL})


class Role(StrEnum):
    """What a named account may do in the workspace (``users.yaml``, :mod:`gapkit.accounts`).

    Readers read; reviewers decide; approvers decide and approve others' decisions (four eyes: no one approves
    their own).

    >>> [r.value for r in Role if r.can_decide], [r.value for r in Role if r.can_approve]
    (['reviewer', 'approver'], ['approver'])
    """

    READER = "reader"
    REVIEWER = "reviewer"
    APPROVER = "approver"

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a role: {', '.join(cls)}") from None

    @property
    def can_decide(self) -> bool:
        """May record a decision (a verdict, a proposal, a rejection)."""
        return self in (Role.REVIEWER, Role.APPROVER)

    @property
    def can_approve(self) -> bool:
        """May approve a decision someone else made."""
        return self is Role.APPROVER
