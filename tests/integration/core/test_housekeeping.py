"""The hourly clean-up forgets tokens a month past their expiry and keeps the rest."""

from datetime import timedelta

import pytest

from showcase.accounts.tables import AccountToken
from showcase.housekeeping import clean_up
from tests.support import create_user, now

pytestmark = pytest.mark.anyio


async def test_clean_up_deletes_only_long_expired_tokens(app):
    await create_user("old@example.ma")
    await create_user("new@example.ma")
    await AccountToken.update({AccountToken.expires_at: now() - timedelta(days=31)}).where(
        AccountToken.user.email == "old@example.ma")
    assert await clean_up(app, now=now()) == 1
    remaining = await AccountToken.select(AccountToken.user.email)
    assert remaining == [{"user.email": "new@example.ma"}]
