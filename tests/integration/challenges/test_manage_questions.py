"""Custom questions: add, edit, reorder, delete; choices "French | Arabic", one per line."""

import json

import pytest

from showcase.challenges.tables import Entry, EntryAnswer, Question
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.manage_support import organizer
from tests.support import create_user, submit

pytestmark = pytest.mark.anyio
URL = "/manage/challenges/questions-test/questions"


async def setup(client, **fields):
    user_id = await organizer(client)
    return await make_challenge(slug="questions-test", phase="registration", organizer_id=user_id, questions=False,
                                **fields)


async def stored() -> list[dict]:
    return await Question.select(Question.kind, Question.label_fr, Question.label_ar, Question.required,
                                 Question.choices, Question.position).order_by(Question.position)


async def test_add_a_choice_question_with_french_and_arabic_choices(client):
    await setup(client)
    response = await submit(client, URL, {"kind": "single_choice", "label_fr": "Êtes-vous une startup ?",
                                          "label_ar": "هل أنتم شركة ناشئة؟", "required": "1",
                                          "choices": "Oui | نعم\r\nNon | لا\r\n\r\nPeut-être\r\nربما"})
    assert (response.status_code, response.headers["location"]) == (302, URL)
    question = (await stored())[0]
    assert (question["kind"], question["label_ar"], question["required"], question["position"]) == (
        "single_choice", "هل أنتم شركة ناشئة؟", True, 0)
    assert json.loads(question["choices"]) == [{"fr": "Oui", "ar": "نعم"}, {"fr": "Non", "ar": "لا"},
                                               {"fr": "Peut-être", "ar": ""}, {"fr": "", "ar": "ربما"}]
    page = soup((await client.get(URL)).text)
    assert [li.get_text(strip=True) for li in page.select(".manage-choices li")] == ["Oui", "Non", "Peut-être", "ربما"]


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"kind": "multiple_choice", "label_fr": "Langages ?", "choices": "Python"}, "choices",
     "Give at least two choices, one per line."),
    ({"kind": "short_text", "label_fr": "", "label_ar": ""}, "label_fr",
     "Write the question in French or in Arabic (or both)."),
    ({"kind": "video", "label_fr": "Votre vidéo"}, "kind", "Choose a kind of answer in the list."),
    ({"kind": "short_text", "label_fr": "x" * 301}, "label_fr", "Use at most 300 characters (you wrote 301)."),
])
async def test_bad_questions_are_explained_and_kept(client, values, field, message):
    await setup(client)
    response = await submit(client, URL, {"help_fr": "Aide gardée", **values})
    assert response.status_code == 400
    page = soup(response.text)
    assert page.select_one(f"#f-{field}-error").get_text(strip=True) == message
    assert page.find("textarea", id="f-help_fr").get_text() == "Aide gardée"
    assert await Question.count() == 0


async def test_questions_without_choices_ignore_the_choices_box(client):
    await setup(client)
    await submit(client, URL, {"kind": "pdf", "label_fr": "Présentation", "choices": "a\nb"})
    assert (await stored())[0]["choices"] == ""


async def test_edit_reorder_and_delete(client):
    await setup(client)
    for label in ("Première", "Deuxième", "Troisième"):
        await submit(client, URL, {"kind": "short_text", "label_fr": label})
    ids = [row["id"] for row in await Question.select(Question.id).order_by(Question.position)]
    edit_page = soup((await client.get(f"{URL}/{ids[1]}")).text)
    assert edit_page.find("input", id="f-label_fr")["value"] == "Deuxième"
    bad = await submit(client, f"{URL}/{ids[1]}", {"kind": "long_text", "label_fr": "", "action": "save"})
    assert bad.status_code == 400
    assert soup(bad.text).select_one(".manage-item-form h2").get_text(strip=True) == "Edit the question"
    saved = await submit(client, f"{URL}/{ids[1]}", {"kind": "long_text", "label_fr": "Deuxième, longue",
                                                     "required": "1", "action": "save"})
    assert saved.status_code == 302
    await submit(client, URL, {"action": "down"}, action=f"{URL}/{ids[0]}")
    assert [row["label_fr"] for row in await stored()] == ["Deuxième, longue", "Première", "Troisième"]
    await submit(client, URL, {"action": "up"}, action=f"{URL}/{ids[2]}")
    rows = await stored()
    assert [(row["label_fr"], row["position"]) for row in rows] == [
        ("Deuxième, longue", 0), ("Troisième", 1), ("Première", 2)]
    assert (rows[0]["kind"], rows[0]["required"]) == ("long_text", True)
    deleted = await submit(client, URL, {"action": "delete"}, action=f"{URL}/{ids[0]}")
    assert deleted.status_code == 302
    assert [row["label_fr"] for row in await stored()] == ["Deuxième, longue", "Troisième"]


async def test_answered_questions_keep_their_kind_and_need_a_confirmation_to_go(client):
    challenge = await setup(client)
    await submit(client, URL, {"kind": "short_text", "label_fr": "Votre ville ?"})
    question_id = (await Question.select(Question.id).first())["id"]
    captain = await create_user("capitaine@example.ma", name="Capitaine")
    team_id = await make_team(challenge["id"], captain)
    entry = Entry(challenge=challenge["id"], team=team_id)
    await entry.save()
    await EntryAnswer(entry=entry.id, question=question_id, value="Fès").save()
    kind_change = await submit(client, f"{URL}/{question_id}", {"kind": "number", "label_fr": "Votre ville ?",
                                                               "action": "save"})
    assert kind_change.status_code == 400
    assert soup(kind_change.text).select_one("#f-kind-error").get_text(strip=True) == (
        "Entries already answered this question: its kind of answer cannot change. Add a new question instead.")
    unconfirmed = await submit(client, URL, {"action": "delete"}, action=f"{URL}/{question_id}")
    assert unconfirmed.status_code == 400
    assert soup(unconfirmed.text).select_one(f"#delete-{question_id}-error").get_text(strip=True) == (
        "1 entry answered this question: tick the box to delete the answer too.")
    assert await Question.count() == 1
    confirmed = await submit(client, URL, {"action": "delete", "confirm": "1"}, action=f"{URL}/{question_id}")
    assert confirmed.status_code == 302
    assert (await Question.count(), await EntryAnswer.count()) == (0, 0)


async def test_a_question_of_another_challenge_is_not_found(client):
    user_id = await organizer(client)
    await make_challenge(slug="questions-test", phase="registration", organizer_id=user_id, questions=False)
    other = await make_challenge(slug="autre", phase="registration", organizer_id=user_id)
    foreign = (await Question.select(Question.id).where(Question.challenge == other["id"]).first())["id"]
    assert (await client.get(f"{URL}/{foreign}")).status_code == 404
    response = await submit(client, URL, {"action": "delete"}, action=f"{URL}/{foreign}")
    assert response.status_code == 404
    assert await Question.count() == 2
