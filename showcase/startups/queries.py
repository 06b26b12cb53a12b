"""Reads for startup pages and the home page."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.accounts.tables import User
from showcase.startups.tables import Startup


@dataclass(frozen=True, slots=True)
class HomeFigures:
    startups: int
    members: int


async def home_figures() -> HomeFigures:
    return HomeFigures(startups=await Startup.count(), members=await User.count().where(User.active == True))  # noqa: E712
