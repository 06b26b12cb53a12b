"""Reuses made through the real domain (save, publish, archive) for the embed, badge and open-data tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from showcase.accounts.queries import SessionUser
from showcase.portal.service import portal_site
from showcase.reuses import domain
from showcase.settings import get_settings

ROADS = "reseau-routier-classe"
POPULATION = "population-legale-regions-provinces-rgph-2024"
SCHOOLS = "etablissements-scolaires-par-cycle-secteur-et-region"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def session_user(user_id: int, name: str, *, moderator: bool = False) -> SessionUser:
    return SessionUser(id=user_id, email=f"{user_id}@example.ma", name=name, locale="fr", email_verified=True,
                       is_moderator=moderator, is_organizer=False, is_admin=False)


class ReuseMaker:
    """An author and a moderator: reuses saved, submitted, published and archived by the real rules."""

    def __init__(self, portal, author: SessionUser, moderator: SessionUser) -> None:
        self.portal, self.author, self.moderator = portal, author, moderator
        self.count = 0

    def at(self) -> datetime:
        return START + timedelta(days=self.count)

    async def reuse(self, title_fr: str, *, title_ar: str = "", type: str = "application", datasets=(ROADS,),
                    publish: bool = True, startup: int | None = None) -> int:
        self.count += 1
        values = {"type": type, "url": f"https://reuse-{self.count}.example.ma/", "title_fr": title_fr,
                  "title_ar": title_ar, "summary_fr": "", "description_fr": "Présentation.",
                  "datasets": "\n".join(datasets), "tags": "", "startup": str(startup or "")}
        saved = await domain.save_reuse(user=self.author, reuse_id=None, values=values,
                                        multi={"themes": [], "platforms": []}, cover_key="", portal=self.portal,
                                        site=portal_site(get_settings()), now=self.at(), submit=True)
        if publish:
            await self.publish(saved.reuse_id)
        return saved.reuse_id

    async def publish(self, reuse_id: int) -> None:
        await domain.apply_action(reuse_id=reuse_id, user=self.moderator, action="publish", message="", now=self.at())

    async def archive(self, reuse_id: int) -> None:
        await domain.apply_action(reuse_id=reuse_id, user=self.author, action="archive", message="", now=self.at())
