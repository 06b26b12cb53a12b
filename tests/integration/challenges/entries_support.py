"""Steps shared by the entry tests: a challenge with a team whose reuse was presented through the reuse form,
real PDF bytes, and the entry form's fields."""

from __future__ import annotations

import io
from dataclasses import dataclass

from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image

from showcase.challenges.tables import Challenge, Question, Track
from showcase.reuses.tables import Reuse
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.reuses.helpers import submit_reuse
from tests.support import create_user, log_in

SLUG = "hack-mobilite"
# In the bundled portal snapshot and not among make_challenge's eligible datasets. (helpers.NOT_ELIGIBLE names a
# dataset the snapshot does not have, so a reuse citing it cannot be saved.)
NOT_ELIGIBLE = "https://data.gov.ma/data/fr/dataset/etablissements-scolaires-par-cycle-secteur-et-region"


@dataclass
class Setup:
    challenge: dict
    captain: int
    member: int
    team: int
    reuse: int
    questions: dict[str, int]  # kind → question id
    tracks: list[int]

    @property
    def url(self) -> str:
        return f"/challenges/{self.challenge['slug']}/submit"


async def browser(app: Litestar) -> AsyncTestClient:
    """Another person's browser (English), opened by the caller: `async with await browser(app) as b:`."""
    test_client = AsyncTestClient(app=app, base_url="http://testserver.local")
    test_client.headers["Accept-Language"] = "en"
    return test_client


async def present_reuse(client: AsyncTestClient, *, url: str, datasets: str | None = None, title: str = "Routes du Maroc") -> int:
    """A reuse presented through the real reuse form by the logged-in person."""
    overrides = {"url": url, "title_fr": title}
    if datasets is not None:
        overrides["datasets"] = datasets
    response = await submit_reuse(client, **overrides)
    assert response.status_code == 302, [e.get_text(" ", strip=True) for e in soup(response.text).select(".field-error")]
    slug = response.headers["location"].rsplit("/", 1)[-1]
    row = await Reuse.select(Reuse.id).where(Reuse.slug == slug).first()
    return row["id"]


async def setup_team(client: AsyncTestClient, *, phase: str = "submissions", organizer_id: int | None = None,
                     co_organizer_ids: tuple[int, ...] = (), every_kind: bool = False, member_locale: str = "ar",
                     **fields: object) -> Setup:
    """Amina (French) captains "Les Cartographes" with Youssef (Arabic); she presented a reuse citing both
    eligible datasets. `client` ends logged in as Amina."""
    captain = await create_user("amina@example.ma", name="Amina El Idrissi", locale="fr")
    member = await create_user("youssef@example.ma", name="يوسف بنعلي", locale=member_locale)
    challenge = await make_challenge(slug=SLUG, phase=phase, organizer_id=organizer_id,
                                     co_organizer_ids=co_organizer_ids, **fields)
    team = await make_team(challenge["id"], captain, members=(member,))
    await log_in(client, "amina@example.ma")
    reuse = await present_reuse(client, url="https://routes.example.ma/")
    rows = await Question.select(Question.id, Question.kind).where(Question.challenge == challenge["id"])
    questions = {row["kind"]: row["id"] for row in rows}
    if every_kind:
        questions.update(await add_every_kind(challenge["id"]))
    tracks = [row["id"] for row in await Track.select(Track.id).where(Track.challenge == challenge["id"]).order_by(
        Track.position)]
    return Setup(challenge, captain, member, team, reuse, questions, tracks)


async def add_every_kind(challenge_id: int) -> dict[str, int]:
    """The other question kinds (the helper already made a required short text and an optional PDF)."""
    specs = [
        ("long_text", {"label_fr": "Décrivez votre projet", "help_fr": "Dix mille caractères au plus."}),
        ("url", {"label_fr": "Dépôt de code", "help_fr": "Un lien public."}),
        ("number", {"label_fr": "Nombre d'utilisateurs"}),
        ("single_choice", {"label_fr": "Stade", "choices": '[{"fr": "Idée", "ar": "فكرة"}, {"fr": "Prototype", "ar": "نموذج"}]'}),
        ("multiple_choice", {"label_fr": "Plateformes",
                             "choices": '[{"fr": "Web", "ar": "الويب"}, {"fr": "Android"}, {"fr": "iOS"}]'}),
    ]
    made = {}
    for position, (kind, values) in enumerate(specs, start=2):
        question = Question(challenge=challenge_id, kind=kind, required=False, position=position, **values)
        await question.save()
        made[kind] = question.id
    return made


def entry_fields(setup: Setup, *, action: str = "submit", **answers: object) -> dict:
    """The form as a browser sends it: the reuse, the first track, the required short text."""
    data: dict = {"reuse": str(setup.reuse), "tracks": [str(setup.tracks[0])], "action": action,
                  f"q_{setup.questions['short_text']}": "Rabat"}
    for kind, value in answers.items():
        data[f"q_{setup.questions[kind]}"] = value
    return data


def real_pdf(text: str = "Présentation") -> bytes:
    """A genuine one-page PDF, drawn by Pillow."""
    picture = Image.new("RGB", (120, 60), (0, 98, 51))
    out = io.BytesIO()
    picture.save(out, "PDF", title=text)
    data = out.getvalue()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]  # (it carries its creation time: bytes vary)
    return data


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


async def set_deadline(challenge_id: int, moment) -> None:  # noqa: ANN001 - an aware datetime
    await Challenge.update({Challenge.submissions_close_at: moment}).where(Challenge.id == challenge_id)


__all__ = ["NOT_ELIGIBLE", "SLUG", "Setup", "browser", "entry_fields", "png_bytes", "present_reuse", "real_pdf",
           "set_deadline", "setup_team"]
