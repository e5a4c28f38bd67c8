"""The shared field readers: a value that cannot be read is a problem at its line, never an exception."""

from __future__ import annotations

from gapkit.fields import FieldReader, source
from gapkit.yamlio import LINE_KEY, Problem


def _reader() -> tuple[FieldReader, list[Problem]]:
    problems: list[Problem] = []
    return FieldReader("comments/kz/x.yaml", problems), problems


def test_a_bad_item_of_a_list_is_reported_and_the_rest_kept() -> None:
    r, problems = _reader()
    assert r.strings(["C081", {"x": 1}, "C129"], 7, "conventions") == ["C081", "C129"]
    assert [str(p) for p in problems] == ["comments/kz/x.yaml:7: conventions: {'x': 1} is not a text value"]


def test_fields_read_by_key_name_their_mapping_and_line() -> None:
    r, problems = _reader()
    f = r.at({"adopted": "2023", "notes": ["a"], "text": {"ru": " Текст "}, LINE_KEY: 12}, "CEACR:1")
    assert f.whole_number("adopted") is None
    assert f.text("notes") == ""
    assert f.lang_map("text") == {"ru": "Текст"}
    assert f.text("absent") == "" and f.strings("absent") == [] and f.whole_number("absent") is None
    assert [str(p) for p in problems] == [
        "comments/kz/x.yaml:12: CEACR:1: adopted must be a whole number, not '2023'",
        "comments/kz/x.yaml:12: CEACR:1: notes must be text",
    ]


def test_unknown_fields_and_languages() -> None:
    r, problems = _reader()
    r.unknown({"id": "x", "colour": "red", LINE_KEY: 3}, {"id"}, "point")
    assert r.lang_map({"en": "a", "de": "b"}, 4, "summary") == {"en": "a"}
    assert r.lang_map({"en": "a", "status": "open"}, 5, "request", strict=False) == {"en": "a"}
    assert [str(p) for p in problems] == [
        "comments/kz/x.yaml:3: unknown field 'colour' in point",
        "comments/kz/x.yaml:4: summary: unknown language 'de' (expected en, ru or kk)",
    ]


def test_a_source_is_a_mapping_or_a_note() -> None:
    assert source({"url": "https://adilet.zan.kz", "note": "n"}).url == "https://adilet.zan.kz"
    assert source("seen in NORMLEX").note == "seen in NORMLEX"
    assert source(None).is_empty()
