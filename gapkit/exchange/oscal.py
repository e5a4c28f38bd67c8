"""The confirmed mappings of one Convention as an OSCAL 1.2 mapping collection (JSON).

Direction as in the design: the national provisions (together) are the ``sources`` of a map, the
Convention requirement its ``target``. One map per requirement with a confirmed decision naming at least
one provision; every other substantive requirement (not reviewed, or decided with no corresponding
provision) is listed in the mapping's ``target-gap-summary`` as unmapped. What gapkit records and OSCAL has
no field for (verdict, state, revision, reviewer) goes into ``props`` in gapkit's namespace.

- relationship: ``equal`` -> ``equal-to``, ``subset`` -> ``subset-of``, ``superset`` -> ``superset-of``,
  ``intersects`` -> ``intersects-with``, ``no_relationship`` -> ``no-relationship`` (NIST IR 8477 set theory);
- rationale: the reviewer's reason, in the map's ``remarks``; ``matching-rationale`` is ``semantic``;
- method: ``human`` (every confirmed decision is a reviewer's); status: ``complete`` when every requirement
  has a decision, else ``not-complete``;
- confidence: ``low`` when the law text changed since the decision (needs re-review) or the verdict is
  ``insufficient_information``; ``medium`` when the requirement or a provision is marked uncertain; else
  ``high``;
- reviewers are ``parties`` (persons) of the metadata, with the role ``reviewer``.

OSCAL ids in ``with-ids`` are tokens (no ``:`` or brackets), so every id is written in its token form,
:func:`token` (``C081:12(1)(a)`` -> ``C081_12.1.a``), and each mapping item also carries the canonical id
in a ``gapkit-id`` prop. UUIDs of maps, parties and resources are derived from the ids (uuid5), so they stay
the same across exports; the collection's own uuid changes with every export, as OSCAL asks.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gapkit import graph
from gapkit.citations import instrument_of
from gapkit.errors import GapkitError
from gapkit.review import ANALYSIS_TEAM, NOT_REVIEWED, Mapping, in_lang, load_mappings
from gapkit.vocab import Verdict
from gapkit.workspace import NoSuchConvention, Workspace, convention_code
from gapkit.yamlio import write_atomic

OSCAL_VERSION = "1.2.3"
NS = "urn:gapkit:oscal"  # namespace of the props gapkit adds
_UUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:gapkit")
RELATIONSHIPS = {"equal": "equal-to", "subset": "subset-of", "superset": "superset-of",
                 "intersects": "intersects-with", "no_relationship": "no-relationship"}


class OscalError(GapkitError):
    """Nothing to export, or no such Convention."""


def token(cid: str) -> str:
    """An id in the form OSCAL tokens allow (letters, digits, ``.``, ``-``, ``_``).

    >>> token("C081:12(1)(c)(ii)"), token("KZ-LC:193(1-1)"), token("KZ-LC:113-1"), token("C102:part-V")
    ('C081_12.1.c.ii', 'KZ-LC_193.1-1', 'KZ-LC_113-1', 'C102_part-V')
    """
    return cid.replace(":", "_").replace(")(", ".").replace("(", ".").replace(")", "")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_UUID_NS, "/".join(parts)))


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": value}


def _item(cid: str) -> dict[str, Any]:
    # a paragraph or point is a statement of its article; an article (or a Part) is a control
    return {"type": "statement" if "(" in cid else "control", "id-ref": token(cid), "props": [_prop("gapkit-id", cid)]}


def _confidence(ws: Workspace, m: Mapping) -> str:
    if m.state(ws) == "needs_review" or m.verdict == Verdict.INSUFFICIENT_INFORMATION:
        return "low"
    clauses = [ws.clause(c) for c in [m.requirement, *m.provisions]]
    return "medium" if any(c is not None and c.uncertain for c in clauses) else "high"


def _map(ws: Workspace, m: Mapping, party: str) -> dict[str, Any]:
    props = [_prop("verdict", m.verdict), _prop("state", m.state(ws)), _prop("stage", m.stage),
             _prop("revision", str(m.revision))]
    if m.reviewer:  # a preliminary assessment is the analysis team's: no person's name
        props.append(_prop("reviewer", m.reviewer))
    props.append(_prop("reviewer-party-uuid", party))
    if m.time:
        props.append(_prop("decided", m.time))
    if m.practice.get("verdict"):
        props.append(_prop("practice-verdict", m.practice["verdict"]))
    if m.practice.get("note"):
        props.append(_prop("practice-note", in_lang(m.practice["note"], "en")))
    return {
        "uuid": _uuid("map", m.requirement),
        "relationship": RELATIONSHIPS[m.relation or "no_relationship"],
        "sources": [_item(p) for p in m.provisions],
        "targets": [_item(m.requirement)],
        "confidence-score": {"category": _confidence(ws, m)},
        "props": props,
        "remarks": in_lang(m.reason, "en"),
    }


def _resource(ws: Workspace, code: str) -> dict[str, Any]:
    inst = ws.instruments[code]
    title = inst.title.get("en") or inst.title.get("ru") or code
    res: dict[str, Any] = {"uuid": _uuid("instrument", code), "title": f"{title} ({code})",
                           "props": [_prop("gapkit-instrument", code), _prop("holds", inst.holds)]}
    if inst.source.url:
        res["rlinks"] = [{"href": inst.source.url}]
    return res


def mapping_collection(ws: Workspace, code: str, now: datetime | None = None) -> dict[str, Any]:
    """The mapping collection of Convention ``code`` as a JSON-ready dict."""
    try:
        code = convention_code(ws, code)
    except NoSuchConvention as e:
        raise OscalError(str(e)) from e
    inst = ws.instruments[code]
    now = now or datetime.now(UTC).replace(microsecond=0)
    mappings = load_mappings(ws)
    reqs = graph.requirements(ws, code)
    decided = [mappings[r] for r in reqs if r in mappings and mappings[r].verdict != NOT_REVIEWED]
    mapped = [m for m in decided if m.provisions]
    if not mapped:
        raise OscalError(f"{code}: no confirmed mapping names a national provision yet; an OSCAL mapping "
                         "needs at least one (confirm one with `gapkit confirm` or the review workbook)")
    unmapped = [r for r in reqs if r not in {m.requirement for m in mapped}]
    reviewers = sorted({m.reviewer for m in mapped if m.confirmed})
    parties = [{"uuid": _uuid("party", name), "type": "person", "name": name} for name in reviewers]
    if any(m.preliminary for m in mapped):  # the team that made the preliminary assessments, as an organisation
        parties.append({"uuid": _uuid("party", ANALYSIS_TEAM), "type": "organization",
                        "name": "Analysis team (preliminary assessments, to be confirmed by an expert)"})
    party_of = {p["name"]: p["uuid"] for p in parties if p["type"] == "person"}
    party_of[""] = _uuid("party", ANALYSIS_TEAM)
    acts = sorted({instrument_of(p) for m in mapped for p in m.provisions})
    national = {"uuid": _uuid("national-law", ws.country, *acts),
                "title": f"National law ({ws.country.upper()}) held in the gapkit workspace: {', '.join(acts)}",
                "props": [_prop("gapkit-instrument", a) for a in acts]}
    digest = hashlib.sha256(json.dumps([m.as_dict() for m in mapped], sort_keys=True).encode()).hexdigest()[:12]
    title = inst.title.get("en") or code
    mapping: dict[str, Any] = {
        "uuid": _uuid("mapping", ws.country, code),
        "method": "hybrid" if any(m.preliminary for m in mapped) else "human",
        "matching-rationale": "semantic",
        "status": "complete" if len(decided) == len(reqs) else "not-complete",
        "source-resource": {"ns": NS, "type": "national-law", "href": f"#{national['uuid']}"},
        "target-resource": {"ns": NS, "type": "convention", "href": f"#{_uuid('instrument', code)}"},
        "maps": [_map(ws, m, party_of[m.reviewer if m.confirmed else ""]) for m in mapped],
    }
    if unmapped:
        mapping["target-gap-summary"] = {"uuid": _uuid("gaps", ws.country, code),
                                         "unmapped-controls": [{"with-ids": [token(r) for r in unmapped]}]}
    return {"mapping-collection": {
        "uuid": str(uuid.uuid4()),
        "metadata": {
            "title": f"{title}: national provisions of {ws.country.upper()} mapped by reviewers (gapkit)",
            "last-modified": now.isoformat(),
            "version": f"mappings-{digest}",
            "oscal-version": OSCAL_VERSION,
            "roles": [{"id": "reviewer", "title": "Reviewer"}],
            "parties": parties,
            "props": [_prop("workspace", ws.name)],
        },
        "provenance": {
            "method": mapping["method"],
            "matching-rationale": "semantic",
            "status": mapping["status"],
            "mapping-description": (
                f"Mappings from national provisions of {ws.country.upper()} (sources, taken together) to the "
                f"requirements of {title} (targets), kept by gapkit with a revision and an audit trail per decision: "
                "confirmed by named reviewers, or preliminary assessments by the analysis team (prop 'stage'), to "
                f"be confirmed by an expert. {len(mapped)} of {len(reqs)} requirements are mapped; the others are "
                "listed as unmapped. The verdict on each requirement is the prop 'verdict'."),
            "responsible-parties": [{"role-id": "reviewer", "party-uuids": [p["uuid"] for p in parties]}],
        },
        "mappings": [mapping],
        "back-matter": {"resources": [_resource(ws, code), national,
                                      *(_resource(ws, a) for a in acts if a in ws.instruments)]},
    }}


def write_mapping_collection(ws: Workspace, code: str, path: Path) -> dict[str, Any]:
    doc = mapping_collection(ws, code)
    write_atomic(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    mapping = doc["mapping-collection"]["mappings"][0]
    gaps = mapping.get("target-gap-summary", {}).get("unmapped-controls", [{}])[0].get("with-ids", [])
    return {"path": str(path), "maps": len(mapping["maps"]), "unmapped": len(gaps)}
