"""Results: the organizers' rankings page, prizes as pending decisions, publication (phase, CSV and its SHA-256,
e-mails per member and language, feedback only when allowed), the public pages and the API."""

import hashlib
from datetime import UTC

import pytest

from showcase.challenges.tables import Challenge, TeamMember, Track
from showcase.i18n import gettext, use_locale
from showcase.judging.access import settings_of
from showcase.judging.audit import events_of
from showcase.judging.results import read_csv
from showcase.judging.standings import round_standings
from showcase.judging.tables import Award, JudgingSettings, ResultsRelease
from tests.integration.judging.results_support import worked_example
from tests.integration.judging.support import ORGANIZER, TEAM_NAMES, captain_email, judge_email
from tests.support import create_user, log_in, outbox, submit

pytestmark = pytest.mark.anyio

MEMBER = "membre.arabe@equipe2.ma"


def results_url(jury) -> str:
    return f"/manage/challenges/{jury.slug}/judging/results"


async def _decide(client, jury, **data) -> object:
    return await submit(client, results_url(jury), {"rank": "1", "citation": "", **data},
                        action=results_url(jury) + "/awards")


async def _track_ids(challenge_id: int) -> list[int]:
    return [row["id"] for row in await Track.select(Track.id).where(Track.challenge == challenge_id)
            .order_by(Track.position)]


async def _organizer_with_prizes(client, *, feedback: bool = False):
    jury, round_id, impact = await worked_example(phase="deliberation")
    a, b, c, d = jury.entries
    member = await create_user(MEMBER, name="عضو الفريق", locale="ar")
    await TeamMember(team=jury.teams[1], challenge=jury.challenge["id"], user=member,
                     key=f"{jury.challenge['id']}:{member}").save()
    if feedback:
        await settings_of(jury.challenge["id"])
        await JudgingSettings.update({JudgingSettings.feedback_to_teams: True}).where(
            JudgingSettings.challenge == jury.challenge["id"])
    await log_in(client, ORGANIZER)
    track_1, track_2 = await _track_ids(jury.challenge["id"])
    assert (await _decide(client, jury, kind="track", track=str(track_2), entry=str(b),
                          citation="=Le plus utile")).status_code == 302
    assert (await _decide(client, jury, kind="track", track=str(track_1), entry=str(c))).status_code == 302
    assert (await _decide(client, jury, kind="overall", entry=str(b))).status_code == 302
    return jury, round_id, impact


async def test_organizer_page_shows_raw_and_corrected_side_by_side(client):
    jury, _round_id, _impact = await worked_example(phase="deliberation")
    a, b, c, d = jury.entries
    await log_in(client, ORGANIZER)
    page = await client.get(results_url(jury))
    assert page.status_code == 200
    html = page.text
    assert 'data-method="additive"' in html
    order = [html.index(f'<tr data-entry="{entry}"') for entry in (b, d, c, a)]
    assert order == sorted(order)
    row_b = html[html.index(f'<tr data-entry="{b}"'):]
    assert '<td class="num" data-corrected><strong>9.00</strong>' in row_b[:2000]
    assert '<td class="num" data-raw>7.00 <span class="muted">(3)</span>' in row_b[:2000]
    assert "b = +2.00" in html and "b = -2.00" in html
    # α: A and B have one mark each (left out); C (9, 5) and D (10, 6): D_o = 16, D_e = 34/3, α = 1 − 48/34
    assert 'data-alpha="-0.412"' in html
    assert 'role="img"' in html and "<desc" in html


async def test_disconnected_graph_fallback_is_explained_on_the_page(client):
    from showcase.judging.access import first_round
    from tests.integration.judging.results_support import review
    from tests.integration.judging.support import jury_with_entries

    jury = await jury_with_entries(judges=2, entries=4, phase="deliberation")
    round_id = (await first_round(jury.challenge["id"]))["id"]
    for entry, judge, total in ((0, 0, 8.0), (1, 0, 6.0), (2, 1, 3.0), (3, 1, 5.0)):
        await review(jury.challenge["id"], round_id, jury.entries[entry], jury.judges[judge], total)
    await log_in(client, ORGANIZER)
    html = (await client.get(results_url(jury) + "?lang=en")).text
    assert 'data-method="zscore"' in html
    assert 'data-fallback="graph_disconnected"' in html
    assert "form 2 groups that share no judge" in html


async def test_settings_are_validated_and_audited(client):
    jury, _round_id, impact = await worked_example(phase="deliberation")
    await log_in(client, ORGANIZER)
    bad = await submit(client, results_url(jury), {"aggregate": "trimmed", "trim": "0", "correction": "additive",
                                                   "min_judge_entries": "x", "shrinkage": "0"},
                       action=results_url(jury) + "/settings")
    assert bad.status_code == 400
    assert 'id="f-trim-error"' in bad.text and 'id="f-min_judge_entries-error"' in bad.text
    assert 'value="x"' in bad.text
    ok = await submit(client, results_url(jury), {"aggregate": "median", "trim": "1", "correction": "zscore",
                                                  "min_judge_entries": "2", "shrinkage": "0",
                                                  "primary_criterion": str(impact), "feedback_to_teams": "1"},
                      action=results_url(jury) + "/settings")
    assert ok.status_code == 302
    settings = await JudgingSettings.select().where(JudgingSettings.challenge == jury.challenge["id"]).first()
    assert (settings["aggregate"], settings["correction"], settings["min_judge_entries"],
            settings["primary_criterion"], settings["feedback_to_teams"]) == ("median", "zscore", 2, impact, True)
    events = [e for e in await events_of(jury.challenge["id"]) if e["action"] == "settings.changed"]
    assert len(events) == 1
    assert '"aggregate":["mean","median"]' in events[0]["payload"]


async def test_prizes_are_validated_pending_and_removable(client):
    jury, _round_id, _impact = await worked_example(phase="deliberation")
    a, b, c, d = jury.entries
    await log_in(client, ORGANIZER)
    track_1, track_2 = await _track_ids(jury.challenge["id"])
    wrong_track = await _decide(client, jury, kind="track", track=str(track_1), entry=str(b))
    assert wrong_track.status_code == 400 and 'id="a-entry-error"' in wrong_track.text
    too_far = await _decide(client, jury, kind="track", track=str(track_2), entry=str(b), rank="2")
    assert too_far.status_code == 400 and 'id="a-rank-error"' in too_far.text
    assert (await _decide(client, jury, kind="mention", entry=str(a))).status_code == 302
    award = await Award.select().where(Award.challenge == jury.challenge["id"]).first()
    assert (award["kind"], award["entry"], award["status"]) == ("mention", a, "pending")
    removed = await submit(client, results_url(jury), {},
                           action=f"{results_url(jury)}/awards/{award['id']}/remove")
    assert removed.status_code == 302
    assert await Award.count().where(Award.challenge == jury.challenge["id"]) == 0
    actions = [e["action"] for e in await events_of(jury.challenge["id"])]
    assert actions[-2:] == ["award.set", "award.removed"]


async def test_publish_refused_while_judging(client):
    jury, _round_id, _impact = await worked_example(phase="judging")
    await log_in(client, ORGANIZER)
    assert (await _decide(client, jury, kind="overall", entry=str(jury.entries[1]))).status_code == 302
    response = await submit(client, results_url(jury), {}, action=results_url(jury) + "/publish")
    assert response.status_code == 302
    challenge = await Challenge.select().where(Challenge.id == jury.challenge["id"]).first()
    assert challenge["results_published_at"] is None


async def test_results_hidden_before_publication(client):
    jury, _round_id, _impact = await worked_example(phase="deliberation")
    urls = [f"/challenges/{jury.slug}/results", f"/challenges/{jury.slug}/results.csv",
            f"/challenges/{jury.slug}/results/scores.csv", f"/api/v1/challenges/{jury.slug}/results"]
    for url in urls:
        assert (await client.get(url)).status_code == 404, url
    await log_in(client, captain_email(0))
    for url in urls:
        assert (await client.get(url)).status_code == 404, url
    await client.post("/account/logout")
    await log_in(client, judge_email(0))
    assert (await client.get(urls[0])).status_code == 404


async def test_organizer_sees_a_preview(client):
    jury, _round_id, _impact = await _organizer_with_prizes(client)
    page = await client.get(f"/challenges/{jury.slug}/results")
    assert page.status_code == 200
    assert "results-preview" in page.text
    assert (await client.get(f"/challenges/{jury.slug}/results.csv")).status_code == 404


async def test_publication_end_to_end(client):
    jury, _round_id, _impact = await _organizer_with_prizes(client)
    a, b, c, d = jury.entries
    response = await submit(client, results_url(jury), {}, action=results_url(jury) + "/publish")
    assert response.status_code == 302
    assert response.headers["location"] == f"/challenges/{jury.slug}/results"
    challenge = await Challenge.select().where(Challenge.id == jury.challenge["id"]).first()
    assert challenge["results_published_at"] is not None
    assert {row["status"] for row in await Award.select(Award.status)} == {"published"}

    # phase finished, public page with the SHA-256 of the CSV bytes as served
    await client.post("/account/logout")
    page = await client.get(f"/challenges/{jury.slug}/results")
    assert page.status_code == 200 and "results-preview" not in page.text
    csv_response = await client.get(f"/challenges/{jury.slug}/results.csv")
    assert csv_response.status_code == 200
    digest = hashlib.sha256(csv_response.content).hexdigest()
    assert f'<code class="results-sha" dir="ltr">{digest}</code>' in page.text
    release = await ResultsRelease.select().first()
    assert release["sha256"] == digest
    assert csv_response.content.startswith("\ufeff".encode())
    rows = read_csv(csv_response.content)
    assert [(r["award"], r["entry_id"], r["team"], r["corrected_total"], r["raw_total"], r["citation"])
            for r in rows] == [
        ("track", str(c), TEAM_NAMES[2], "7.0000", "7.0000", ""),
        ("track", str(b), TEAM_NAMES[1], "9.0000", "7.0000", "'=Le plus utile"),
        ("overall", str(b), TEAM_NAMES[1], "9.0000", "7.0000", ""),
    ]
    assert 'href="/reuses/' in page.text and f"Projet {TEAM_NAMES[1]}" in page.text

    # e-mails: every member of every eligible team, in their language, no feedback (not allowed)
    mails = [m for m in await outbox() if m["template"] == "judging_results"]
    recipients = sorted((m["to_address"], m["locale"]) for m in mails)
    assert recipients == sorted([(captain_email(n), "fr") for n in range(4)] + [(MEMBER, "ar")])
    title = {"fr": "Hackathon mobilité", "ar": "هاكاثون التنقل"}
    for mail in mails:
        with use_locale(mail["locale"]):
            expected = gettext("The results of %(challenge)s are published") % {"challenge": title[mail["locale"]]}
        assert mail["subject"] == " ".join(expected.split())
        assert "Avis" not in mail["body_text"] and "Note privée" not in mail["body_text"]
        assert "Juge" not in mail["body_text"]
    captain_b = next(m for m in mails if m["to_address"] == captain_email(1))
    with use_locale("fr"):
        assert gettext("Overall, place %(rank)s") % {"rank": 1} in captain_b["body_text"]
    events = [e for e in await events_of(jury.challenge["id"]) if e["action"] == "results.published"]
    assert len(events) == 1 and digest in events[0]["payload"]

    # after publication nothing changes
    await log_in(client, ORGANIZER)
    again = await _decide(client, jury, kind="mention", entry=str(a))
    assert again.status_code == 403
    assert await Award.count() == 3


async def test_feedback_sent_only_when_allowed_never_private_notes(client):
    jury, _round_id, _impact = await _organizer_with_prizes(client, feedback=True)
    await submit(client, results_url(jury), {}, action=results_url(jury) + "/publish")
    mails = [m for m in await outbox(captain_email(2)) if m["template"] == "judging_results"]  # C: two reviews
    assert len(mails) == 1
    body = mails[0]["body_text"]
    assert "Avis 0-2" in body and "Avis 1-2" in body
    assert "Impact: 9 / 10" in body and "Impact: 5 / 10" in body
    assert "Note privée" not in body
    for name in ("Hind Juge", "Omar Juge", judge_email(0), judge_email(1)):
        assert name not in body


async def test_open_data_scores_are_anonymised(client):
    jury, _round_id, _impact = await _organizer_with_prizes(client)
    await submit(client, results_url(jury), {}, action=results_url(jury) + "/publish")
    response = await client.get(f"/challenges/{jury.slug}/results/scores.csv")
    assert response.status_code == 200
    rows = read_csv(response.content)
    a, b, c, d = jury.entries
    first, second = sorted(jury.judges)
    pseudonym = {first: "J1", second: "J2"}
    expected = sorted([(str(e), pseudonym[jury.judges[j]], f"{t:g}") for (j, n), t in {
        (0, 0): 8.0, (0, 2): 9.0, (0, 3): 10.0, (1, 1): 7.0, (1, 2): 5.0, (1, 3): 6.0}.items()
        for e in [jury.entries[n]]])
    assert sorted((r["entry_id"], r["judge"], r["score"]) for r in rows) == expected
    text = response.content.decode("utf-8-sig")
    for secret in ("Juge", "Avis", "Note privée", "@"):
        assert secret not in text


async def test_winner_badge_on_reuse_page_and_gallery_after_publication_only(client):
    jury, _round_id, _impact = await _organizer_with_prizes(client)
    from showcase.challenges.tables import Entry

    from showcase.reuses.search import index_reuses

    reuses = await Entry.select(Entry.id, Entry.reuse, Entry.reuse.slug).where(Entry.id.is_in(list(jury.entries)))
    await index_reuses([row["reuse"] for row in reuses])  # the gallery reads its search index
    slug = next(row["reuse.slug"] for row in reuses if row["id"] == jury.entries[1])
    assert "winner-badge" not in (await client.get(f"/reuses/{slug}")).text
    assert "winner-badge" not in (await client.get("/reuses")).text
    await submit(client, results_url(jury), {}, action=results_url(jury) + "/publish")
    await client.post("/account/logout")
    page = (await client.get(f"/reuses/{slug}?lang=fr")).text
    assert f'<a class="winner-badge" href="/challenges/{jury.slug}/results">' in page
    assert page.count('class="winner-badge"') == 2  # track prize and overall prize
    gallery = (await client.get("/reuses?lang=fr")).text
    assert gallery.count('class="winner-badge"') == 3  # B twice, C once


async def test_api_results_exact(client):
    jury, round_id, _impact = await _organizer_with_prizes(client)
    a, b, c, d = jury.entries
    await submit(client, results_url(jury), {}, action=results_url(jury) + "/publish")
    track_1, track_2 = await _track_ids(jury.challenge["id"])
    response = await client.get(f"/api/v1/challenges/{jury.slug}/results")
    assert response.status_code == 200
    release = await ResultsRelease.select().first()
    challenge = await Challenge.select().where(Challenge.id == jury.challenge["id"]).first()
    intervals = {row.entry_id: [round(row.interval[0], 6), round(row.interval[1], 6)]
                 for row in (await round_standings(jury.challenge["id"], round_id)).rows}
    base = f"http://testserver.local/challenges/{jury.slug}/results"
    alpha = (await round_standings(jury.challenge["id"], round_id)).alpha

    def entry(entry_id, n, rank, raw, corrected, reviews, awards):
        return {"entry_id": entry_id, "team": TEAM_NAMES[n], "title_fr": f"Projet {TEAM_NAMES[n]}", "title_ar": "",
                "reuse": f"http://testserver.local/reuses/{slugs[entry_id]}", "rank": rank, "awards": awards,
                "raw_total": raw, "corrected_total": corrected, "interval": intervals[entry_id], "reviews": reviews}

    from showcase.challenges.tables import Entry

    slugs = {row["id"]: row["reuse.slug"] for row in await Entry.select(Entry.id, Entry.reuse.slug)}
    assert response.json() == {
        "slug": jury.slug, "page": base,
        "published_at": challenge["results_published_at"].astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "csv": f"{base}.csv", "sha256": release["sha256"], "scores_csv": f"{base}/scores.csv",
        "aggregate": "mean", "correction": "additive", "fallback_reason": None, "alpha": round(alpha, 6),
        "entries": [
            entry(b, 1, 1, 7.0, 9.0, 1, [
                {"kind": "track", "rank": 1, "track_id": track_2, "citation": "=Le plus utile"},
                {"kind": "overall", "rank": 1, "track_id": None, "citation": ""}]),
            entry(d, 3, 2, 8.0, 8.0, 2, []),
            entry(c, 2, 3, 7.0, 7.0, 2, [{"kind": "track", "rank": 1, "track_id": track_1, "citation": ""}]),
            entry(a, 0, 4, 8.0, 6.0, 1, []),
        ],
    }
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/challenges/{slug}/results" in schema["paths"]


async def test_a_pairwise_final_is_shown_by_mu(client):
    from showcase.judging.tables import PairwiseItem, Round

    jury, _round_id, _impact = await worked_example(phase="deliberation")
    a, b, c, d = jury.entries
    final = Round(challenge=jury.challenge["id"], position=2, kind="pairwise", name_fr="Finale", name_ar="النهائي",
                  key=f"{jury.challenge['id']}:2", status="closed")
    await final.save()
    for entry, mu in ((b, 0.4), (d, -0.4), (c, 0.1)):
        await PairwiseItem(round=final.id, entry=entry, mu=mu, sigma_sq=0.64, key=f"{final.id}:{entry}").save()
    await log_in(client, ORGANIZER)
    html = (await client.get(results_url(jury) + "?lang=fr")).text
    order = [html.index(f'data-pairwise-entry="{entry}"') for entry in (b, c, d)]
    assert order == sorted(order)
    assert '<td class="num" dir="ltr">0.800</td>' in html  # σ = √0.64


async def test_page_before_any_review_and_for_other_people(client):
    from tests.integration.judging.support import jury_with_entries

    jury = await jury_with_entries(judges=2, entries=2, phase="judging")
    await log_in(client, ORGANIZER)
    page = await client.get(results_url(jury) + "?lang=en")
    assert page.status_code == 200
    assert "No submitted review yet" in page.text and "Results are published once judging is closed." in page.text
    await client.post("/account/logout")
    await log_in(client, judge_email(0))
    assert (await client.get(results_url(jury))).status_code in (403, 404)
