"""Pieces every report builder uses: citations in the report's language, uncertainty marks, small tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gapkit.citations import Citation
from gapkit.indicators.answer_model import Answer
from gapkit.model import Clause, Instrument
from gapkit.report.data import Act, act
from gapkit.report.doc import Inline, Note, Run
from gapkit.report.wording import Wording
from gapkit.review import Mapping
from gapkit.workspace import Workspace


def cap(text: str) -> str:
    """First letter upper case: a citation that opens a cell ("статья 12 ..." -> "Статья 12 ...")."""
    return text[:1].upper() + text[1:] if text else text


def sentence(text: str) -> str:
    """The text ending with a full stop, without doubling one ("26 ноября 2026 г." stays as it is)."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…" else text + "."


def measure_text(texts: dict[str, str], lang: str) -> str:
    """A roadmap measure as the roadmap words it, in a Russian document without the English titles its text puts in
    brackets after a Convention's number ("(C081 - Labour Inspection Convention, 1947 (No. 81))"): the number and
    the Russian title are there already; in an English one, the title without the Convention's code."""
    text = pick(texts, lang)
    if lang != "en":
        return re.sub(r"\s*\(C\d{3}\s*[-–]\s*(?:[^()]|\([^()]*\))*\)", "", text)
    return re.sub(r"\(C\d{3}\s*[-–]\s*", "(", text)  # in English the title stays, the code goes


def pick(texts: dict[str, str], lang: str, fallback: tuple[str, ...] = ("en", "ru", "kk")) -> str:
    """The text in ``lang``, or in the first other language held."""
    if texts.get(lang):
        return texts[lang]
    return next((texts[lg] for lg in fallback if texts.get(lg)), "")


@dataclass
class Context:
    """A report being built: the workspace, its language and words, and the date it is made on."""

    ws: Workspace
    lang: str
    w: Wording
    today: date

    def cite(self, clause_id: str) -> str:
        """The one way a citation is written in a report: through the citation module."""
        return Citation.parse(clause_id).format(self.lang, self.ws.names)

    def cite_in_act(self, clause_id: str) -> str:
        """A provision cited inside its act's own group ("подпункт 2) пункта 1 статьи 192"): no act name."""
        return Citation.parse(clause_id).format(self.lang, self.ws.names, with_act=False)

    def title(self, inst: Instrument) -> str:
        return pick(inst.title, self.lang)

    def convention(self, code: str) -> str:
        """'Convention No. 81' / 'Конвенция № 81' (nominative, from the templates)."""
        inst = self.ws.instruments[code]
        return self.w("convention_short", inst.number or code)

    def date(self, iso: str) -> str:
        return self.w.date(iso)

    def approved(self, m: Mapping) -> str:
        """'Утверждено: Имя, 7 декабря 2026 г.', 'Approved by Name on 7 December 2026': a decision's approval."""
        when = str(m.approval.get("time", ""))[:10]
        return self.w("approved_by", str(m.approval.get("approver", "")), self.date(when) if when else "")

    def act_date(self, iso: str) -> str:
        """'23 ноября 2015 года', as in an act's title."""
        return self.w.date(iso, "act_date")

    def act_title(self, inst: Instrument) -> str:
        """'Трудовой кодекс Республики Казахстан от 23 ноября 2015 года № 414-V'."""
        number = inst.act_number if inst.act_number not in ("", "-") else ""
        return self.w("act_full_title", self.title(inst), self.act_date(inst.date) if inst.date else "", number)

    # ---- uncertainty ---------------------------------------------------------------------------------------
    def uncertain_clause(self, clause: Clause) -> list[Inline]:
        """A visible mark and a footnote for a clause, or for the act it is in, that is not confirmed."""
        out: list[Inline] = []
        if clause.uncertain:
            # what is known, said plainly: the team's research note (in one language, with its sources) stays in
            # the workspace for the expert, and never reaches a page
            known = self.w("uncertain_requirement" if self.ws.instruments[clause.instrument].is_convention
                           else "uncertain_provision")
            out += [Run(" " + self.w.label("words", "uncertain"), bold=True),
                    Note(self.w("uncertain_note", self.cite(clause.id), known))]
        a = act(self.ws, clause.instrument)
        if a is not None:
            out += self.uncertain_act(a)
        return out

    def uncertain_act(self, a: Act) -> list[Inline]:
        if not a.uncertain:
            return []
        return [Run(" " + self.w.label("words", "uncertain"), bold=True),
                Note(self.w("uncertain_note", self.w("uncertain_act", self.title(a.inst)),
                            self.w("uncertain_act_facts")))]

    def edition(self, clause: Clause, official: str = "") -> str:
        """'ред. 8 июля 2024 г.': the edition of the official text shown (``official``), else the one the summary
        was made on."""
        inst = self.ws.instruments[clause.instrument]
        ed = official or clause.edition or inst.edition
        return f"{self.w.label('words', 'edition')} {self.date(ed)}" if ed else ""


def respondent_name(ws: Workspace, code: str, lang: str) -> str:
    """A roadmap party as a document in ``lang`` names it briefly (МТСЗН / MLSPP); the code where unknown."""
    from gapkit.roadmap import load as load_roadmap

    rm = load_roadmap(ws).roadmap
    party = rm.parties.get(code) if rm is not None else None
    return party.abbreviation(lang) if party is not None else code


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def answer_source(c: Context, a: Answer) -> str:
    """Where an answered value comes from, as a ministry cites it: «Ответ МТСЗН на опросник, получен 1 декабря
    2026 г. (Письмо № 12-3/456 от 20 ноября 2026 г.)». The document is named as the respondent wrote it, so an
    English document leaves out a name written in Cyrillic."""
    text = c.w("answer_source", respondent_name(c.ws, a.respondent, c.lang), c.date(a.received))
    if a.document and not (c.lang == "en" and _cyrillic(a.document)):
        dated = c.date(a.document_date) if a.document_date else ""
        text += f" ({c.w('answer_document', a.document, dated)})"
    return text
