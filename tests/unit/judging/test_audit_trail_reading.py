"""Pure parts of the audit page and score sheets: payloads summarised, subjects and actions in words, chain
verdicts, and how a typed-up sheet's bytes are read (encoding, delimiter, header)."""

from datetime import UTC, datetime

import pytest

from showcase.i18n import use_locale
from showcase.judging import audit
from showcase.judging.audit_trail import action_label, chain_status, payload_hidden, payload_summary, subject_label
from showcase.judging.score_sheets import SheetUnreadable, _columns, _fold, _parse_score, decode, sniff_delimiter

CRITERIA = [{"id": 7, "name_fr": "Impact", "name_ar": "الأثر"}, {"id": 9, "name_fr": "Qualité des données", "name_ar": ""}]


def test_payloads_are_summarised_key_by_key_and_long_values_cut():
    assert payload_summary('{"total":7.5,"scores":{"1":9},"reason":"' + "x" * 100 + '"}') == [
        ("total", "7.5"), ("scores", '{"1":9}'), ("reason", "x" * 79 + "…")]
    assert payload_summary("not json") == [("", "not json")]
    assert payload_summary("[1,2]") == [("", "[1,2]")]
    many = "{" + ",".join(f'"k{n}":{n}' for n in range(11)) + "}"
    assert (len(payload_summary(many)), payload_hidden(many), payload_hidden("{}")) == (8, 3, 0)


def test_subjects_and_actions_in_words():
    with use_locale("en"):
        assert [subject_label(s) for s in ("entry:12", "vote:3", "round:1", "weird", "", "entry:", "round:3:judge:5",
                                           "results", "vote", "settings:scoring", "round:3:judge")] == [
            "Entry 12", "Vote 3", "Round 1", "weird", "", "entry:", "Round 3 · Judge 5", "Results", "Public vote",
            "Settings: scoring", "round:3:judge"]
        assert action_label("review.imported") == "Review imported from a score sheet"
        assert action_label("something.new") == "something.new"


def _chain(n: int) -> list[dict]:
    events, previous = [], audit.GENESIS
    for sequence in range(1, n + 1):
        event = {"challenge": 1, "sequence": sequence, "actor_id": None, "actor_name": "", "action": "vote.voided",
                 "subject": "", "payload": "{}", "created_at": datetime(2026, 11, 22, tzinfo=UTC), "prev_hash": previous}
        event["hash"] = previous = audit.event_hash(event)
        events.append(event)
    return events


def test_chain_status_names_each_broken_event():
    events = _chain(3)
    with use_locale("en"):
        assert chain_status(events).intact and chain_status(events).last_hash == events[2]["hash"]
        events[1]["payload"] = '{"x":1}'
        status = chain_status(events)
    assert (status.intact, status.count, status.problems) == (False, 3, ((2, "its content was altered"),))
    assert chain_status([]).last_hash == ""


def test_sheets_are_read_as_utf8_with_or_without_bom_and_the_delimiter_sniffed():
    assert decode("\ufeffentry_id;judge_email\n".encode()) == "entry_id;judge_email\n"
    assert sniff_delimiter("entry_id;judge_email;Impact, clarté\n1;a;2") == ";"
    assert sniff_delimiter("entry_id,judge_email,Impact\n") == ","
    with use_locale("en"), pytest.raises(SheetUnreadable, match="not in UTF-8"):
        decode("é".encode("latin-1"))
    with use_locale("en"), pytest.raises(SheetUnreadable, match="empty"):
        decode(b"  \n")


def test_headers_match_whatever_the_case_accents_and_spacing_and_scores_take_a_decimal_comma():
    assert _fold("  QUALITE   des DONNÉES\ufeff") == _fold("Qualité des données")
    mapping, columns = _columns(["ENTRY_ID", "judge_email", "impact", "qualite des donnees"], CRITERIA)
    assert mapping == {"ENTRY_ID": "entry_id", "judge_email": "judge_email", "impact": "Impact",
                       "qualite des donnees": "Qualité des données"}
    assert columns == {7: "Impact", 9: "Qualité des données"}
    assert [_parse_score(raw) for raw in ("7,5", " 8 ", "", "abc", "nan", "\u22122")] == [7.5, 8.0, None, "abc", "nan", -2.0]
