"""Editing a challenge's texts, picture, themes, eligible datasets and team rules."""

import io

import pytest
from PIL import Image

from showcase.challenges.tables import ChallengeDataset, ChallengeSlugRedirect, ChallengeTheme
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.manage_support import challenge_row, new_draft, organizer
from tests.support import create_user, submit

pytestmark = pytest.mark.anyio

DATASETS = "https://data.gov.ma/data/fr/dataset/reseau-routier-classe\npopulation-legale-regions-provinces-rgph-2024"


def edit_form(**overrides):
    values = {
        "title_fr": "Défi des données de l'eau", "title_ar": "تحدي بيانات الماء",
        "summary_fr": "Des services autour de l'eau.", "summary_ar": "", "organizer_name": "Agence de l'eau",
        "description_fr": "Construisez des **outils**.", "rules_fr": "Une équipe, une entrée.",
        "eligibility_fr": "Je réside au Maroc.", "eligibility_ar": "أقيم في المغرب.", "faq_fr": "### Qui ?\nTous.",
        "resources_ar": "روابط", "min_team_size": "2", "max_team_size": "4", "jury_public": "1",
        "datasets": DATASETS, "themes": ["transport"], "action": "save",
    }
    values.update(overrides)
    return values


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


async def test_edit_stores_texts_datasets_themes_and_team_rules(client):
    await organizer(client)
    slug = await new_draft(client)
    response = await submit(client, f"/manage/challenges/{slug}/edit", edit_form())
    assert response.status_code == 302
    assert response.headers["location"] == f"/manage/challenges/{slug}/edit"
    row = await challenge_row(slug)
    assert (row["summary_fr"], row["faq_fr"], row["eligibility_ar"], row["resources_ar"], row["min_team_size"],
            row["max_team_size"], row["jury_public"]) == (
        "Des services autour de l'eau.", "### Qui ?\nTous.", "أقيم في المغرب.", "روابط", 2, 4, True)
    datasets = await ChallengeDataset.select(ChallengeDataset.dataset.name).where(
        ChallengeDataset.challenge == row["id"]).order_by(ChallengeDataset.position)
    assert [d["dataset.name"] for d in datasets] == ["reseau-routier-classe",
                                                     "population-legale-regions-provinces-rgph-2024"]
    assert [t["theme.name"] for t in await ChallengeTheme.select(ChallengeTheme.theme.name)] == ["transport"]
    page = soup((await client.get(f"/manage/challenges/{slug}/edit")).text)
    assert page.find("textarea", id="f-datasets").get_text() == (
        "reseau-routier-classe\npopulation-legale-regions-provinces-rgph-2024")
    assert page.find("input", attrs={"name": "themes", "value": "transport"}).has_attr("checked")
    assert page.find("input", attrs={"name": "jury_public"}).has_attr("checked")


async def test_bad_input_is_explained_beside_each_field_and_kept(client):
    await organizer(client)
    slug = await new_draft(client)
    response = await submit(client, f"/manage/challenges/{slug}/edit", edit_form(
        title_fr="", title_ar="", summary_fr="x" * 281, min_team_size="3", max_team_size="2",
        datasets="https://www.data.gouv.fr/fr/datasets/xyz/", description_fr="Texte **gardé**"))
    assert response.status_code == 400
    page = soup(response.text)
    assert page.select_one("#f-title_fr-error").get_text(strip=True) == "Give a title in French or in Arabic (or both)."
    assert page.select_one("#f-summary_fr-error").get_text(strip=True) == (
        "Use at most 280 characters (you wrote 281).")
    assert page.select_one("#f-max_team_size-error").get_text(strip=True) == (
        "The largest team size cannot be smaller than the smallest.")
    assert "data.gov.ma" in page.select_one("#f-datasets-error").get_text()
    assert page.find("textarea", id="f-description_fr").get_text() == "Texte **gardé**"
    assert page.find("input", id="f-min_team_size")["value"] == "3"
    row = await challenge_row(slug)
    assert (row["title_fr"], row["description_fr"]) == ("Défi des données de l'eau", "")


@pytest.mark.parametrize(("low", "high", "field", "message"), [
    ("0", "4", "min_team_size", "Enter a whole number from 1 to 20."),
    ("1", "21", "max_team_size", "Enter a whole number from 1 to 20."),
    ("deux", "4", "min_team_size", "Enter a whole number from 1 to 20."),
])
async def test_team_size_bounds(client, low, high, field, message):
    await organizer(client)
    slug = await new_draft(client)
    response = await submit(client, f"/manage/challenges/{slug}/edit", edit_form(min_team_size=low, max_team_size=high))
    assert response.status_code == 400
    assert soup(response.text).select_one(f"#f-{field}-error").get_text(strip=True) == message


async def test_largest_size_cannot_go_below_a_team_already_formed(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="equipes", phase="submissions", organizer_id=user_id)
    members = [await create_user(f"m{n}@example.ma", name=f"M{n}") for n in range(3)]
    await make_team(challenge["id"], members[0], members=tuple(members[1:]))
    response = await submit(client, "/manage/challenges/equipes/edit", edit_form(
        title_fr="Hackathon mobilité", min_team_size="1", max_team_size="2"))
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-max_team_size-error").get_text(strip=True) == (
        "A team already has 3 members: the largest size cannot be smaller.")


async def test_a_published_challenge_keeps_at_least_one_eligible_dataset(client):
    user_id = await organizer(client)
    await make_challenge(slug="publie", phase="registration", organizer_id=user_id)
    response = await submit(client, "/manage/challenges/publie/edit", edit_form(title_fr="Hackathon mobilité",
                                                                              datasets=""))
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-datasets-error").get_text(strip=True) == (
        "A published challenge needs at least one eligible dataset.")
    assert await ChallengeDataset.count() == 2


async def test_a_draft_may_have_no_dataset_yet(client):
    await organizer(client)
    slug = await new_draft(client)
    response = await submit(client, f"/manage/challenges/{slug}/edit", edit_form(datasets="", themes=[]))
    assert response.status_code == 302
    assert await ChallengeDataset.count() == 0


async def test_renaming_changes_the_slug_and_the_old_one_redirects(client):
    await organizer(client)
    slug = await new_draft(client)
    response = await submit(client, f"/manage/challenges/{slug}/edit", edit_form(title_fr="Hackathon de l'eau 2026"))
    assert response.headers["location"] == "/manage/challenges/hackathon-de-leau-2026/edit"
    redirects = await ChallengeSlugRedirect.select(ChallengeSlugRedirect.old_slug)
    assert redirects == [{"old_slug": "defi-des-donnees-de-leau"}]
    moved = await client.get(f"/manage/challenges/{slug}/timeline", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (301, "/manage/challenges/hackathon-de-leau-2026/timeline")
    back = await submit(client, "/manage/challenges/hackathon-de-leau-2026/edit", edit_form())
    assert back.headers["location"] == f"/manage/challenges/{slug}/edit"
    assert await ChallengeSlugRedirect.select(ChallengeSlugRedirect.old_slug) == [
        {"old_slug": "hackathon-de-leau-2026"}]


async def test_cover_is_kept_across_errors_and_needs_a_description(client):
    await organizer(client)
    slug = await new_draft(client)
    files = {"cover": ("cover.png", png_bytes(), "image/png")}
    first = await submit(client, f"/manage/challenges/{slug}/edit", edit_form(cover_alt=""), files=files)
    assert first.status_code == 400
    page = soup(first.text)
    assert page.select_one("#f-cover_alt-error").get_text(strip=True) == (
        "Describe the picture for people who cannot see it.")
    kept = page.find("input", attrs={"name": "cover_key"})["value"]
    assert len(kept) == 64
    second = await submit(client, f"/manage/challenges/{slug}/edit", edit_form(cover_key=kept,
                                                                               cover_alt="Un barrage au printemps"))
    assert second.status_code == 302
    row = await challenge_row(slug)
    assert (row["cover"], row["cover_alt"]) == (kept, "Un barrage au printemps")
    removed = await submit(client, f"/manage/challenges/{slug}/edit", edit_form(cover_key=kept, cover_remove="1",
                                                                                cover_alt=""))
    assert removed.status_code == 302
    assert (await challenge_row(slug))["cover"] == ""


async def test_a_file_that_is_not_a_picture_is_refused(client):
    await organizer(client)
    slug = await new_draft(client)
    files = {"cover": ("cover.png", b"<html>no</html>", "image/png")}
    response = await submit(client, f"/manage/challenges/{slug}/edit", edit_form(cover_alt="x"), files=files)
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-cover-error").get_text(strip=True) == (
        "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF image.")


async def test_picker_without_javascript_searches_and_adds(client):
    await organizer(client)
    slug = await new_draft(client)
    url = f"/manage/challenges/{slug}/edit"
    found = await submit(client, url, edit_form(action="search_datasets", dataset_q="barrages", datasets=""))
    assert found.status_code == 200
    choices = [box["value"] for box in soup(found.text).select("input[name=add_dataset]")]
    assert choices == ["situation-des-principaux-barrages-taux-de-remplissage"]
    added = await submit(client, url, edit_form(action="add_datasets", datasets="reseau-routier-classe",
                                                add_dataset=choices))
    assert soup(added.text).find("textarea", id="f-datasets").get_text() == (
        "reseau-routier-classe\nsituation-des-principaux-barrages-taux-de-remplissage")
    assert await ChallengeDataset.count() == 0
