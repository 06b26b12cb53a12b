"""Checking answers to custom questions, by kind; PDF checks; file names; the signature of carried files."""

from __future__ import annotations

import json

import pytest

from showcase.challenges import answers
from showcase.challenges.constants import MAX_PDF_BYTES
from showcase.i18n import use_locale


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in the English source text."""
    with use_locale("en"):
        yield


CHOICES = json.dumps([{"fr": "Idée", "ar": "فكرة"}, {"fr": "Prototype", "ar": "نموذج"}, {"ar": "منتج"}])


def question(kind: str, choices: str = "") -> dict:
    return {"id": 7, "kind": kind, "choices": choices}


@pytest.mark.parametrize(("typed", "stored"), [
    ("12", "12"), ("12,5", "12.5"), ("12.5", "12.5"), ("-3", "-3"), ("+4,25", "4.25"), ("1 234,5", "1234.5"),
    ("1\u202f234", "1234"), ("١٢٫٥", "12.5"), ("۱۲", "12"), ("0", "0"),
])
def test_numbers_take_a_comma_or_a_dot(typed, stored):
    assert answers.clean_answer(question("number"), typed) == (stored, None)


@pytest.mark.parametrize("typed", ["douze", "12 euros", "1,2,3", "1.2.3", "1e5", "NaN", "Infinity", "0x1F", ",5",
                                   "5,", "1" * 41])
def test_anything_else_is_not_a_number(typed):
    value, problem = answers.clean_answer(question("number"), typed)
    assert (value, problem) == (typed, "Enter a number, with a comma or a dot for decimals (example: 12,5).")


def test_short_text_is_one_line_of_300_characters_at_most():
    assert answers.clean_answer(question("short_text"), "  Rabat \n Salé ") == ("Rabat Salé", None)
    assert answers.clean_answer(question("short_text"), "x" * 300) == ("x" * 300, None)
    assert answers.clean_answer(question("short_text"), "x" * 301)[1] == "Use at most 300 characters (you wrote 301)."


def test_long_text_keeps_its_lines_up_to_ten_thousand_characters():
    assert answers.clean_answer(question("long_text"), " a\r\nb \n") == ("a\nb", None)
    assert answers.clean_answer(question("long_text"), "y" * 10_000) == ("y" * 10_000, None)
    assert answers.clean_answer(question("long_text"), "y" * 10_001)[1] == (
        "Use at most 10000 characters (you wrote 10001).")


@pytest.mark.parametrize(("typed", "stored"), [
    ("https://github.com/amina/routes", "https://github.com/amina/routes"),
    ("http://exemple.ma", "http://exemple.ma/"),
    ("routes.example.ma/carte", "https://routes.example.ma/carte"),
])
def test_addresses_are_http_or_https(typed, stored):
    assert answers.clean_answer(question("url"), typed) == (stored, None)


@pytest.mark.parametrize("typed", ["javascript:alert(1)", "ftp://files.example.ma/", "mailto:a@example.ma",
                                   "https://", "not an address", "https://user:pw@example.ma/"])
def test_other_addresses_are_refused(typed):
    assert answers.clean_answer(question("url"), typed)[1] == (
        "Enter a web address starting with http:// or https:// (example: https://example.ma).")


def test_choices_are_read_from_the_stored_json_with_a_value_each():
    assert answers.choices_of(question("single_choice", CHOICES)) == [
        {"value": "Idée", "fr": "Idée", "ar": "فكرة"}, {"value": "Prototype", "fr": "Prototype", "ar": "نموذج"},
        {"value": "منتج", "fr": "", "ar": "منتج"}]
    assert answers.choices_of(question("single_choice", "not json")) == []
    assert answers.choice_label({"value": "Idée", "fr": "Idée", "ar": "فكرة"}, "ar") == "فكرة"
    assert answers.choice_label({"value": "منتج", "fr": "", "ar": "منتج"}, "fr") == "منتج"


def test_a_single_choice_is_one_of_the_stored_choices():
    assert answers.clean_answer(question("single_choice", CHOICES), "Prototype") == ("Prototype", None)
    assert answers.clean_answer(question("single_choice", CHOICES), "Fusée") == (
        "Fusée", "Choose one of the options shown.")
    assert answers.clean_answer(question("single_choice", CHOICES), "") == ("", None)


def test_a_multiple_choice_is_a_subset_stored_in_the_choices_order():
    multiple = question("multiple_choice", CHOICES)
    assert answers.clean_answer(multiple, ["منتج", "Idée"]) == ('["Idée", "منتج"]', None)
    assert answers.clean_answer(multiple, []) == ("", None)
    assert answers.clean_answer(multiple, ["Idée", "Minitel"])[1] == "Choose among the options shown."
    assert answers.answer_list(multiple, '["Idée", "منتج"]') == ["Idée", "منتج"]
    assert answers.answer_list(multiple, "broken") == []


def test_pdf_checks_the_signature_the_end_marker_and_the_size():
    assert answers.pdf_problem(b"%PDF-1.7\n...\n%%EOF\n") is None
    not_pdf = "This file is not a PDF document. Export your document as PDF and send it again."
    assert answers.pdf_problem(b"\x89PNG\r\n\x1a\n...%%EOF") == not_pdf
    assert answers.pdf_problem(b"%PDF-1.7\n... truncated") == not_pdf
    assert answers.pdf_problem(b"%PDF-1.7\n%%EOF" + b" " * 2000) == not_pdf  # the marker must be near the end
    assert answers.pdf_problem(b"") == "The file is empty."
    exact = b"%PDF-1.4\n" + b"0" * (MAX_PDF_BYTES - 15) + b"%%EOF\n"
    assert len(exact) == MAX_PDF_BYTES and answers.pdf_problem(exact) is None
    assert answers.pdf_problem(exact + b"\n") == (
        "The file is larger than 10 MB. Compress it or shorten it, then send it again.")


@pytest.mark.parametrize(("given", "kept"), [
    ("dossier.pdf", "dossier.pdf"), ("Dossier.PDF", "Dossier.pdf"), ("../../etc/passwd", "passwd.pdf"),
    ("C:\\Users\\amina\\présentation finale.pdf", "présentation finale.pdf"), ('a"b;c<d>.pdf', "abcd.pdf"),
    ("notes\r\n.pdf", "notes.pdf"), ("", "document.pdf"), ("...", "document.pdf"), ("عرض.pdf", "عرض.pdf"),
    ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
])
def test_file_names_are_sanitised(given, kept):
    assert answers.safe_file_name(given) == kept


def test_a_carried_file_needs_the_signature_of_this_team_and_question():
    key = "ab" * 32
    signature = answers.file_signature(3, 7, key, "dossier.pdf")
    assert answers.carried_file(3, 7, key, "dossier.pdf", signature) == answers.StoredFile(key, "dossier.pdf")
    assert answers.carried_file(4, 7, key, "dossier.pdf", signature) is None  # another team
    assert answers.carried_file(3, 8, key, "dossier.pdf", signature) is None  # another question
    assert answers.carried_file(3, 7, key, "autre.pdf", signature) is None  # another name
    assert answers.carried_file(3, 7, "not-a-key", "dossier.pdf", signature) is None
    assert answers.carried_file(3, 7, key, "dossier.pdf", "") is None


def test_pdf_paths_never_leave_the_private_folder():
    assert answers.pdf_path("ab" * 32).parent.parent == answers.private_root()
    with pytest.raises(ValueError):
        answers.pdf_path("../../secret")
