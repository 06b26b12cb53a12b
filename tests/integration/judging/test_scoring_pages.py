"""The judge's workspace and the organizers' criteria page over HTTP: permissions, the visibility of other
judges' scores, anonymised mode, save and next, the audit trail."""

import pytest

from showcase.challenges.tables import Challenge, Entry, Team
from showcase.reuses.tables import Reuse
from showcase.startups.tables import Startup
from showcase.judging import audit
from showcase.judging.tables import Conflict, JudgingSettings, Review
from tests.conftest import soup
from tests.integration.judging.scoring_support import assign, review, rubric
from tests.integration.judging.support import (
    JUDGE_NAMES,
    ORGANIZER,
    TEAM_NAMES,
    judge_email,
    jury_with_entries,
)
from tests.support import create_user, log_in, submit

pytestmark = pytest.mark.anyio


def _entry_url(jury, entry_id: int) -> str:  # noqa: ANN001
    return f"/judging/{jury.slug}/entries/{entry_id}"


async def _setup(**kwargs):  # noqa: ANN003, ANN202
    jury = await jury_with_entries(**kwargs)
    ids = await rubric(jury.challenge["id"])
    round_id = await assign(jury.challenge["id"], [(entry, judge) for entry in jury.entries for judge in jury.judges])
    return jury, ids, round_id


async def test_judge_scores_draft_then_submit_and_edits(client):
    jury, (c1, c2, c3), round_id = await _setup()
    await log_in(client, judge_email(0))
    url = _entry_url(jury, jury.entries[0])
    page = await client.get(url)
    assert page.status_code == 200
    draft = await submit(client, url, {f"score-{c1}": "8", "action": "draft"})
    assert (draft.status_code, draft.headers["location"]) == (302, url)
    incomplete = await submit(client, url, {f"score-{c1}": "8", f"comment-{c1}": "Bien", "action": "submit"})
    assert incomplete.status_code == 400
    html = soup(incomplete.text)
    assert html.select_one(f"#f-score-{c2}-error").get_text() == "Score this criterion before submitting."
    assert html.select_one(f'input[name="score-{c1}"][value="8"]').has_attr("checked")
    assert html.select_one(f"#f-comment-{c1}").get_text() == "Bien"
    out_of_scale = await submit(client, url, {f"score-{c1}": "12", f"score-{c2}": "6", "action": "submit"})
    assert soup(out_of_scale.text).select_one(f"#f-score-{c1}-error").get_text() == "Give a score between 0 and 10."
    done = await submit(client, url, {f"score-{c1}": "8", f"score-{c2}": "6", f"score-{c3}": "9",
                                      "overall_comment": "Solide", "private_note": "RAS", "action": "submit"})
    assert done.status_code == 302
    row = await Review.select(Review.status, Review.total, Review.overall_comment, Review.private_note).first()
    assert row == {"status": "submitted", "total": 22.0, "overall_comment": "Solide", "private_note": "RAS"}
    edited = await submit(client, url, {f"score-{c1}": "10", f"score-{c2}": "6", f"score-{c3}": "9", "action": "submit"})
    assert edited.status_code == 302
    assert (await Review.select(Review.total).first())["total"] == 26.0
    events = [(e["sequence"], e["action"]) for e in await audit.events_of(jury.challenge["id"])]
    assert events == [(1, "review.saved"), (2, "review.submitted"), (3, "review.submitted")]
    listing = soup((await client.get(f"/judging/{jury.slug}")).text)
    assert listing.select_one(".judging-count strong").get_text() == "1 / 4"
    home = soup((await client.get("/judging")).text)
    assert home.select_one(".judging-count strong").get_text() == "1 / 4"


async def test_closed_judging_is_read_only(client):
    jury, (c1, c2, c3), round_id = await _setup()
    await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8, c2: 6, c3: 9})
    await log_in(client, judge_email(0))
    url = _entry_url(jury, jury.entries[0])
    form_page = (await client.get(url)).text
    from datetime import timedelta

    from tests.support import now
    await Challenge.update({Challenge.judging_closes_at: now() - timedelta(minutes=1)}).where(
        Challenge.id == jury.challenge["id"])
    page = soup((await client.get(url)).text)
    assert page.select("form.rubric-form") == []
    assert "Judging is closed: your review can no longer change." in page.get_text()
    import re
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form_page).group(1)
    refused = await client.post(url, data={f"score-{c1}": "1", f"score-{c2}": "1", "action": "submit",
                                           "_csrf_token": token})
    assert refused.status_code == 403
    assert "Judging is closed: scores can no longer be entered or changed." in refused.text
    assert (await Review.select(Review.total).first())["total"] == 22.0


@pytest.mark.parametrize(("setting", "before", "after"), [("never", False, False), ("after_own", False, True),
                                                         ("always", True, True)])
async def test_visibility_of_other_judges_scores(client, setting, before, after):
    jury, (c1, c2, c3), round_id = await _setup()
    await JudgingSettings.insert(JudgingSettings(challenge=jury.challenge["id"], other_reviews=setting))
    await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[1], {c1: 3, c2: 4, c3: 5},
                 overall_comment="Commentaire d'Omar")
    await log_in(client, judge_email(0))
    url = _entry_url(jury, jury.entries[0])
    seen = (await client.get(url)).text
    assert (JUDGE_NAMES[1] in seen, "Commentaire d" in seen) == (before, before)
    await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8}, submit=False)
    assert (JUDGE_NAMES[1] in (await client.get(url)).text) == before  # a draft is not a review in
    await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8, c2: 6, c3: 9})
    assert (JUDGE_NAMES[1] in (await client.get(url)).text) == after
    client.cookies.clear()
    await log_in(client, ORGANIZER)
    organizer_view = (await client.get(url)).text
    assert JUDGE_NAMES[1] in organizer_view and JUDGE_NAMES[0] in organizer_view


async def test_conflicted_unassigned_and_outsiders_get_404(client):
    jury = await jury_with_entries(judges=3)
    await rubric(jury.challenge["id"])
    await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0]), (jury.entries[1], jury.judges[0])])
    await Conflict(challenge=jury.challenge["id"], user=jury.judges[0], entry=jury.entries[1], source="declared",
                   key=f"{jury.entries[1]}:{jury.judges[0]}").save()
    await log_in(client, judge_email(0))
    assert (await client.get(_entry_url(jury, jury.entries[0]))).status_code == 200
    assert (await client.get(_entry_url(jury, jury.entries[1]))).status_code == 404  # conflicted
    assert (await client.get(_entry_url(jury, jury.entries[2]))).status_code == 404  # not assigned
    listing = (await client.get(f"/judging/{jury.slug}")).text
    assert f"/entries/{jury.entries[1]}" not in listing and f"/entries/{jury.entries[0]}" in listing
    client.cookies.clear()
    await create_user("curieux@example.ma", name="Curieux")
    await log_in(client, "curieux@example.ma")
    assert (await client.get(f"/judging/{jury.slug}")).status_code == 404
    assert (await client.get(_entry_url(jury, jury.entries[0]))).status_code == 404
    client.cookies.clear()
    await log_in(client, judge_email(1))  # on the jury, not assigned
    assert (await client.get(_entry_url(jury, jury.entries[0]))).status_code == 404


async def test_save_and_next_goes_to_least_reviewed_unsubmitted(client):
    jury, (c1, c2, c3), round_id = await _setup(entries=4)
    e0, e1, e2, e3 = jury.entries
    # e1 has two submitted reviews, e2 one, e3 none; judge 0 already submitted e3.
    for judge in jury.judges[1:]:
        await review(jury.challenge["id"], round_id, e1, judge, {c1: 5, c2: 5})
    await review(jury.challenge["id"], round_id, e2, jury.judges[1], {c1: 5, c2: 5})
    await review(jury.challenge["id"], round_id, e3, jury.judges[0], {c1: 5, c2: 5})
    await log_in(client, judge_email(0))
    moved = await submit(client, _entry_url(jury, e0), {f"score-{c1}": "7", f"score-{c2}": "7", "action": "next"})
    assert moved.headers["location"] == _entry_url(jury, e2)  # e3 submitted by me; e2 (1) before e1 (2)
    partial = await submit(client, _entry_url(jury, e2), {f"score-{c1}": "7", "action": "next"})
    assert partial.headers["location"] == _entry_url(jury, e1)
    statuses = {row["entry"]: row["status"] for row in await Review.select(Review.entry, Review.status).where(
        Review.judge == jury.judges[0])}
    assert statuses == {e0: "submitted", e2: "draft", e3: "submitted"}


async def test_anonymised_mode_leaks_no_name(client):
    jury, (c1, c2, c3), round_id = await _setup()
    await JudgingSettings.insert(JudgingSettings(challenge=jury.challenge["id"], anonymised=True,
                                                 other_reviews="always"))
    await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[1], {c1: 3, c2: 4})
    startup = (await Startup.insert(Startup(name="Sahel Mobility", slug="sahel-mobility")).returning(Startup.id))[0]
    await Team.update({Team.startup: startup["id"]}).where(Team.id == jury.teams[0])
    reuse = (await Entry.select(Entry.reuse).where(Entry.id == jury.entries[0]).first())["reuse"]
    await Reuse.update({Reuse.description_fr: "Par Sahel Mobility et Capitaine Les Cartographes.",
                        Reuse.url: "https://les-cartographes.example.ma"}).where(Reuse.id == reuse)
    await log_in(client, judge_email(0))
    pages = ["/judging", f"/judging/{jury.slug}", *(_entry_url(jury, entry) for entry in jury.entries)]
    forbidden = [*TEAM_NAMES[:4], *(f"Capitaine {name}" for name in TEAM_NAMES[:4]), "Sahel Mobility"]
    for url in pages:
        response = await client.get(url)
        assert response.status_code == 200, url
        leaked = [name for name in forbidden if name.lower() in response.text.lower()]
        assert leaked == [], (url, leaked)
    listing = soup((await client.get(f"/judging/{jury.slug}")).text)
    assert [a.get_text() for a in listing.select(".judging-table a")][0].startswith("Entry #")
    entry_page = soup((await client.get(_entry_url(jury, jury.entries[0]))).text)
    assert entry_page.select_one("h1").get_text() == f"Entry #{jury.entries[0]}"
    assert "Par ▇▇▇ et ▇▇▇." in entry_page.select_one(".prose").get_text()
    client.cookies.clear()
    await log_in(client, ORGANIZER)
    assert TEAM_NAMES[0] in (await client.get(_entry_url(jury, jury.entries[0]))).text


async def test_criteria_page_validation_and_settings(client):
    jury = await jury_with_entries()
    await log_in(client, ORGANIZER)
    url = f"/manage/challenges/{jury.slug}/judging/criteria"
    bad = await submit(client, url, {"name_fr": "Impact", "name_ar": "", "weight": "-2", "scale_min": "3",
                                     "scale_max": "1"}, action=url)
    assert bad.status_code == 400
    html = soup(bad.text)
    assert html.select_one("#f-name_ar-error").get_text() == "Give the criterion a name."
    assert html.select_one("#f-weight-error").get_text() == (
        "The weight cannot be negative (0 makes the criterion independent).")
    assert html.select_one("#f-scale_max-error").get_text() == "The highest score must be greater than the lowest score."
    assert html.select_one("#f-name_fr")["value"] == "Impact"
    good = await submit(client, url, {"name_fr": "Impact", "name_ar": "الأثر", "weight": "2", "scale_min": "0",
                                      "scale_max": "10"}, action=url)
    assert (good.status_code, good.headers["location"]) == (302, url)
    page = soup((await client.get(url)).text)
    assert [h.get_text(" ", strip=True) for h in page.select(".criterion-head h3")] == ["1. Impact · الأثر"]
    saved = await submit(client, url, {"other_reviews": "never", "anonymised": "1"},
                         action=f"/manage/challenges/{jury.slug}/judging/settings/scoring")
    assert saved.status_code == 302
    settings = await JudgingSettings.select(JudgingSettings.other_reviews, JudgingSettings.anonymised).first()
    assert settings == {"other_reviews": "never", "anonymised": True}
    events = await audit.events_of(jury.challenge["id"])
    assert [e["action"] for e in events] == ["criterion.created", "settings.changed"]
    assert events[1]["payload"] == ('{"anonymised":{"from":false,"to":true},'
                                    '"other_reviews":{"from":"after_own","to":"never"}}')
    client.cookies.clear()
    await log_in(client, judge_email(0))
    assert (await client.get(url)).status_code in (403, 404)


async def test_organizer_reads_every_review_with_private_notes_and_cannot_delete_scored_criterion(client):
    jury, (c1, c2, c3), round_id = await _setup()
    await JudgingSettings.insert(JudgingSettings(challenge=jury.challenge["id"], other_reviews="never"))
    await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8, c2: 6, c3: 9},
                 private_note="Note pour l'organisation")
    await log_in(client, ORGANIZER)
    page = soup((await client.get(_entry_url(jury, jury.entries[0]))).text)
    assert page.select("form.rubric-form") == []
    assert [h.get_text(" ", strip=True) for h in page.select(".other-review h3")] == ["Hind Juge · total 22"]
    assert "Note pour l'organisation" in page.select_one(".private-note").get_text()
    url = f"/manage/challenges/{jury.slug}/judging/criteria"
    listing = soup((await client.get(url)).text)
    assert listing.select(f'form[action="{url}/{c1}/delete"]') == []
    refused = await submit(client, url, {}, action=f"{url}/{c1}/delete")
    assert refused.status_code == 400
    assert soup(refused.text).select_one(".notice-warning").get_text().startswith(
        "Judges have already scored this criterion: it can no longer be deleted")
    moved = await submit(client, url, {"direction": "up"}, action=f"{url}/{c2}/move")
    assert moved.status_code == 302
    assert [e["action"] for e in await audit.events_of(jury.challenge["id"])][-1] == "criterion.reordered"
    client.cookies.clear()
    await log_in(client, judge_email(1))
    other = (await client.get(_entry_url(jury, jury.entries[0]))).text
    assert "Note pour l" not in other and "Hind Juge" not in other


async def test_save_and_next_after_the_last_entry_goes_back_to_the_list(client):
    jury = await jury_with_entries(entries=1)
    c1, c2, c3 = await rubric(jury.challenge["id"])
    await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    await log_in(client, judge_email(0))
    url = _entry_url(jury, jury.entries[0])
    draft = await submit(client, url, {f"score-{c1}": "7", "action": "next"})
    assert draft.headers["location"] == f"/judging/{jury.slug}"
    assert "You have reviewed every entry" not in (await client.get(draft.headers["location"])).text
    done = await submit(client, url, {f"score-{c1}": "7", f"score-{c2}": "7", "action": "next"})
    assert done.headers["location"] == f"/judging/{jury.slug}"
    assert "You have reviewed every entry assigned to you. Thank you!" in (await client.get(f"/judging/{jury.slug}")).text


async def test_pdf_answer_for_assigned_judges_only_with_a_neutral_name_when_anonymised(client):
    from showcase.challenges import answers
    from showcase.challenges.tables import EntryAnswer, Question

    jury = await jury_with_entries(entries=2)
    await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    question = (await Question.insert(Question(challenge=jury.challenge["id"], kind="pdf", label_fr="Présentation",
                                               label_ar="العرض", position=9)).returning(Question.id))[0]["id"]
    key = "b" * 64
    path = answers.pdf_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    for entry in jury.entries:
        await EntryAnswer(entry=entry, question=question, file_key=key, file_name="Les Cartographes.pdf").save()
    await log_in(client, judge_email(0))
    file_url = f"{_entry_url(jury, jury.entries[0])}/files/{question}"
    response = await client.get(file_url)
    assert response.status_code == 200
    assert 'filename="Les Cartographes.pdf"' in response.headers["content-disposition"]
    assert (await client.get(f"{_entry_url(jury, jury.entries[1])}/files/{question}")).status_code == 404
    await JudgingSettings.update({JudgingSettings.anonymised: True}).where(
        JudgingSettings.challenge == jury.challenge["id"])
    anonymous = await client.get(file_url)
    assert f'filename="entry-{jury.entries[0]}-{question}.pdf"' in anonymous.headers["content-disposition"]
    assert "Cartographes" not in (await client.get(_entry_url(jury, jury.entries[0]))).text
