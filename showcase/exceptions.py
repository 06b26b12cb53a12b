"""Domain errors: raised by domain functions, turned into pages or JSON by the HTTP layer."""

from __future__ import annotations


class DomainError(Exception):
    """Base class of the errors a rule can raise."""


class InvalidInput(DomainError):
    """One or more fields are wrong; `errors` maps each field name to a message for the user."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class NotAllowed(DomainError):
    """The user may not do this."""


class NotFound(DomainError):
    """The thing does not exist, or the user may not know that it does."""


class TokenInvalid(DomainError):
    """A link token is unknown, expired or already used."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "unknown", "expired" or "used"


class RateLimited(DomainError):
    """Too many attempts; `retry_after` seconds until the next one is allowed."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after
