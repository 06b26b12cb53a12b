"""Score sheets: the scores exported as CSV (by entry, by judge, without team names) and paper score sheets
imported from CSV, checked row by row, written through scoring's store_review and audited as review.imported."""

import csv
import io
from datetime import UTC, datetime

import pytest

from showcase.judging import access
from showcase.judging.reviews import store_review
from showcase.judging.tables import AuditEvent, Conflict, Review
from tests.conftest import soup
from tests.integration.judging.audit_support import add_criteria, audit_url
from tests.integration.judging.support import ORGANIZER, jury_with_entries
from tests.support import csrf_token, log_in

pytestmark = pytest.mark.anyio

HEADER = "entry_id;judge_email;impact;Qualite des donnees;PRÉSENTATION;overall_comment"


async def _post_sheet(client, slug: str, content: bytes, *, valid_only: bool = False):  # noqa: ANN001, ANN202
    page = await client.get(audit_url(slug))
    data = {"_csrf_token": csrf_token(page.text)}
    if valid_only:
        data["valid_only"] = "1"
    return await client.post(audit_url(slug) + "/import", data=data,
                             files={"sheet": ("notes.csv", content, "text/csv")})


def _report(html: str) -> list[tuple[str, str, str, str, str]]:
    return [tuple(td.get_text(" ", strip=True) for td in tr.select("td"))
            for tr in soup(html).select(".audit-report-table tbody tr")]


async def _setup(client):  # noqa: ANN001, ANN202
    jury = await jury_with_entries(judges=3, entries=4)
    criteria = await add_criteria(jury.challenge["id"])
    await log_in(client, ORGANIZER)
    return jury, criteria


async def test_a_good_sheet_creates_submitted_reviews_with_their_totals_and_imported_events(client):
    jury, (impact, _quality, _show) = await _setup(client)
    e1, e2 = jury.entries[0], jury.entries[1]
    round_id = (await access.first_round(jury.challenge["id"]))["id"]
    await store_review(challenge_id=jury.challenge["id"], round_id=round_id, entry_id=e2, judge_id=jury.judges[1],
                       scores={impact: 3}, comments={}, overall_comment="", private_note="", submit=False,
                       source="web", actor={"id": jury.judges[1], "name": "Omar Juge"}, now=datetime.now(UTC))
    sheet = "\ufeff" + "\r\n".join([
        HEADER,
        f"{e1};Juge1@Univ1.ma;8;7;4;Très solide",
        f"{e2};juge2@univ2.ma;6,5;5,5;3;",
        ";;;;;",
    ]) + "\r\n"
    response = await _post_sheet(client, jury.slug, sheet.encode())
    assert response.status_code == 200, response.text[:2000]
    assert _report(response.text) == [
        ("2", str(e1), "Juge1@Univ1.ma", "Imported", ""),
        ("3", str(e2), "juge2@univ2.ma", "Imported", "Replaces this judge's draft."),
    ]
    assert soup(response.text).select_one(".audit-verdict-ok").get_text(" ", strip=True) == (
        "2 reviews were imported and submitted.")
    reviews = await Review.select(Review.entry, Review.judge, Review.status, Review.source, Review.total,
                                  Review.overall_comment).order_by(Review.entry)
    assert reviews == [
        {"entry": e1, "judge": jury.judges[0], "status": "submitted", "source": "import", "total": 27.0,
         "overall_comment": "Très solide"},
        {"entry": e2, "judge": jury.judges[1], "status": "submitted", "source": "import", "total": 21.5,
         "overall_comment": ""},
    ]
    events = await AuditEvent.select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.subject).order_by(
        AuditEvent.sequence)
    assert events == [
        {"action": "review.saved", "actor_name": "Omar Juge", "subject": f"entry:{e2}"},
        {"action": "review.imported", "actor_name": "Nadia Organisatrice", "subject": f"entry:{e1}"},
        {"action": "review.imported", "actor_name": "Nadia Organisatrice", "subject": f"entry:{e2}"},
    ]
    page = soup((await client.get(audit_url(jury.slug))).text)
    assert [e.get_text() for e in page.select(".audit-action")] == ["Review imported from a score sheet"] * 2 + [
        "Review saved as a draft"]


async def test_a_bad_sheet_reports_each_row_and_writes_nothing_unless_valid_rows_are_asked_for(client):
    jury, criteria = await _setup(client)
    e1, e2, e3 = jury.entries[0], jury.entries[1], jury.entries[2]
    await Conflict(challenge=jury.challenge["id"], user=jury.judges[1], entry=e2, source="declared",
                   reason="Ancienne collègue", key=f"{e2}:{jury.judges[1]}").save()
    sheet = "\n".join([
        HEADER.replace(";", ","),
        f"{e1},juge1@univ1.ma,8,7,4,Bien",
        "999,juge1@univ1.ma,8,7,4,",
        f"{e1},intrus@example.ma,8,7,4,",
        f"{e2},juge2@univ2.ma,8,7,4,",
        f"{e3},juge3@univ3.ma,11,7,0,",
        f"{e3},juge2@univ2.ma,8,7,,",
        f"{e1},juge1@univ1.ma,5,5,5,",
        f"{e3},juge1@univ1.ma,abc,7,4,",
    ]).encode()
    response = await _post_sheet(client, jury.slug, sheet)
    assert response.status_code == 400
    expected = [
        ("2", str(e1), "juge1@univ1.ma", "Valid, not written", ""),
        ("3", "999", "juge1@univ1.ma", "Refused",
         "Unknown entry “999”: use the id of an eligible entry of this round."),
        ("4", str(e1), "intrus@example.ma", "Refused", "“intrus@example.ma” is not a judge of this challenge."),
        ("5", str(e2), "juge2@univ2.ma", "Refused", f"Omar Juge has a conflict of interest with entry {e2}."),
        ("6", str(e3), "juge3@univ3.ma", "Refused",
         "Impact: 11 is outside the scale 0–10. Présentation: 0 is outside the scale 1–5."),
        ("7", str(e3), "juge2@univ2.ma", "Refused", "Présentation: the score is missing."),
        ("8", str(e1), "juge1@univ1.ma", "Refused", "Same entry and judge as line 2."),
        ("9", str(e3), "juge1@univ1.ma", "Refused", "Impact: “abc” is not a number."),
    ]
    assert _report(response.text) == expected
    assert soup(response.text).select_one(".audit-verdict-bad").get_text(" ", strip=True) == (
        "Nothing was written: 7 rows have a problem. Correct the file and send it again, or tick "
        "“Import the valid rows only”.")
    assert await Review.count() == 0
    assert await AuditEvent.count() == 0

    response = await _post_sheet(client, jury.slug, sheet, valid_only=True)
    assert response.status_code == 200
    assert _report(response.text) == [("2", str(e1), "juge1@univ1.ma", "Imported", ""), *expected[1:]]
    assert await Review.select(Review.entry, Review.judge, Review.total) == [
        {"entry": e1, "judge": jury.judges[0], "total": 27.0}]
    assert [row["action"] for row in await AuditEvent.select(AuditEvent.action)] == ["review.imported"]


@pytest.mark.parametrize(("content", "message"), [
    ("entry_id;judge_email;Impact\n1;a@b.ma;3\n".encode("utf-8"),
     "Missing columns: “Qualité des données”, “Présentation”. The first line must be: entry_id, judge_email, "
     "Impact, Qualité des données, Présentation, overall_comment (download the template)."),
    ("entry_id;judge_email;Impact;Qualité des données;Présentation;Note\n".encode("utf-8"),
     "Unknown columns: “Note”. The first line must be: entry_id, judge_email, Impact, Qualité des données, "
     "Présentation, overall_comment (download the template)."),
    (f"{HEADER}\n1;a@b.ma;8;7;4;Très bien\n".encode("cp1252"),
     "The file is not in UTF-8 (it may be Windows-1252 or ISO-8859-1). Save it as “CSV UTF-8” in your "
     "spreadsheet and try again."),
    (f"{HEADER}\n".encode("utf-16"),
     "The file is in UTF-16. Save it as “CSV UTF-8” in your spreadsheet and try again."),
    (f"{HEADER}\n".encode(), "The file has a header but no scores."),
    (b"x" * (1024 * 1024 + 1), "The file is larger than 1 MB. Split it into several sheets."),
])
async def test_an_unreadable_file_gets_one_clear_message(client, content, message):
    jury, _criteria = await _setup(client)
    response = await _post_sheet(client, jury.slug, content)
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-sheet-error").get_text(strip=True) == message
    assert await Review.count() == 0


async def test_the_template_names_the_criteria_in_french(client):
    jury, _criteria = await _setup(client)
    response = await client.get(audit_url(jury.slug) + "/score-sheet-template.csv")
    assert response.content.decode("utf-8") == (
        "\ufeffentry_id,judge_email,Impact,Qualité des données,Présentation,overall_comment\r\n")


def _rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


async def test_scores_export_by_entry_and_by_judge_parses_back_row_by_row(client):
    jury, (impact, quality, show) = await _setup(client)
    round_id = (await access.first_round(jury.challenge["id"]))["id"]
    now = datetime.now(UTC)
    e1, e2 = jury.entries[0], jury.entries[1]
    for entry, judge, scores, comments in [
        (e2, jury.judges[0], {impact: 9, quality: 8, show: 5}, {impact: "=HYPERLINK(\"x\")"}),
        (e1, jury.judges[1], {impact: 4, quality: 6.5, show: 2}, {show: "Clair"}),
        (e1, jury.judges[0], {impact: 7, quality: 7, show: 3}, {}),
    ]:
        await store_review(challenge_id=jury.challenge["id"], round_id=round_id, entry_id=entry, judge_id=judge,
                           scores=scores, comments=comments, overall_comment="", private_note="", submit=True,
                           source="web", actor=None, now=now)
    response = await client.get(audit_url(jury.slug) + "/scores.csv?by=entry")
    assert response.headers["content-disposition"] == 'attachment; filename="hack-mobilite-scores-by-entry.csv"'
    rows = _rows(response.content)
    assert rows[0] == ["round", "entry_id", "reuse_title", "team", "judge", "criterion", "score", "comment", "status"]
    a, b = "Projet Les Cartographes", "Projet Data Atlas"
    assert rows[1:] == [
        ["1", str(e1), a, "Les Cartographes", "Hind Juge", "Impact", "7", "", "submitted"],
        ["1", str(e1), a, "Les Cartographes", "Hind Juge", "Qualité des données", "7", "", "submitted"],
        ["1", str(e1), a, "Les Cartographes", "Hind Juge", "Présentation", "3", "", "submitted"],
        ["1", str(e1), a, "Les Cartographes", "Omar Juge", "Impact", "4", "", "submitted"],
        ["1", str(e1), a, "Les Cartographes", "Omar Juge", "Qualité des données", "6.5", "", "submitted"],
        ["1", str(e1), a, "Les Cartographes", "Omar Juge", "Présentation", "2", "Clair", "submitted"],
        ["1", str(e2), b, "Data Atlas", "Hind Juge", "Impact", "9", "'=HYPERLINK(\"x\")", "submitted"],
        ["1", str(e2), b, "Data Atlas", "Hind Juge", "Qualité des données", "8", "", "submitted"],
        ["1", str(e2), b, "Data Atlas", "Hind Juge", "Présentation", "5", "", "submitted"],
    ]
    by_judge = _rows((await client.get(audit_url(jury.slug) + "/scores.csv?by=judge")).content)
    assert [(row[1], row[4], row[5]) for row in by_judge[1:]] == [
        (str(e1), "Hind Juge", "Impact"), (str(e1), "Hind Juge", "Qualité des données"),
        (str(e1), "Hind Juge", "Présentation"), (str(e2), "Hind Juge", "Impact"),
        (str(e2), "Hind Juge", "Qualité des données"), (str(e2), "Hind Juge", "Présentation"),
        (str(e1), "Omar Juge", "Impact"), (str(e1), "Omar Juge", "Qualité des données"),
        (str(e1), "Omar Juge", "Présentation"),
    ]
    anonymous = _rows((await client.get(audit_url(jury.slug) + "/scores.csv?by=entry&anonymised=1")).content)
    assert anonymous[0] == ["round", "entry_id", "reuse_title", "judge", "criterion", "score", "comment", "status"]
    assert not any("Les Cartographes" == cell or "Data Atlas" == cell for row in anonymous for cell in row)
    assert len(anonymous) == 10


async def test_no_file_is_a_message_and_judges_can_neither_import_nor_export(client):
    jury, _criteria = await _setup(client)
    page = await client.get(audit_url(jury.slug))
    response = await client.post(audit_url(jury.slug) + "/import", data={"_csrf_token": csrf_token(page.text)},
                                 files={"other": ("x.txt", b"", "text/plain")})
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-sheet-error").get_text(strip=True) == (
        "Choose the CSV file of the typed-up score sheets.")
    client.cookies.clear()
    await log_in(client, "juge1@univ1.ma")
    token = csrf_token((await client.get(f"/judging/{jury.slug}/conflicts")).text)
    refused = await client.post(audit_url(jury.slug) + "/import", data={"_csrf_token": token},
                                files={"sheet": ("notes.csv", HEADER.encode(), "text/csv")})
    assert refused.status_code == 403
    for path in ("/scores.csv", "/score-sheet-template.csv", "/trail.csv"):
        assert (await client.get(audit_url(jury.slug) + path)).status_code == 403
    assert await Review.count() == 0
