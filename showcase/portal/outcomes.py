"""What an answer from the portal can mean. Every call of the client returns one of these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Found:
    """The portal answered with the thing asked for (a package dict, a list, a search result)."""

    result: Any


@dataclass(frozen=True, slots=True)
class NotFound:
    """404: no such dataset (never existed, or purged)."""

    message: str = ""


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """403 to an anonymous client: the dataset is private or deleted."""

    message: str = ""


@dataclass(frozen=True, slots=True)
class PortalError:
    """The portal could not answer: unreachable, timeout, 5xx, 429 after retries, non-JSON, a bare-string
    400, an HTML error page, truncated JSON, an unexpected envelope. `reason` is for logs and admins."""

    reason: str
    status: int | None = None
    retryable: bool = True


Outcome = Found | NotFound | Withdrawn | PortalError


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of package_search: the total count and the package dicts of this page."""

    count: int
    results: list[dict] = field(default_factory=list)
