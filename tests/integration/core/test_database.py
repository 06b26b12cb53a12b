"""The database layer under concurrency: the shared SQLite connection, transactions, readiness."""

import anyio
import pytest

from showcase import db
from showcase.accounts.tables import User
from tests.support import now

pytestmark = pytest.mark.anyio


async def test_concurrent_writes_and_reads_all_land():
    async def add(index: int) -> None:
        await User.insert(User(email=f"user{index}@example.ma", name=f"User {index}", password_hash="x", created_at=now()))
        assert await User.exists().where(User.email == f"user{index}@example.ma")

    async with anyio.create_task_group() as group:
        for index in range(40):
            group.start_soon(add, index)
    assert await User.count() == 40


async def test_a_failed_transaction_leaves_nothing_behind():
    with pytest.raises(RuntimeError):
        async with db.get_engine().transaction():
            await User.insert(User(email="ghost@example.ma", name="Ghost", password_hash="x", created_at=now()))
            raise RuntimeError("boom")
    assert await User.count() == 0


async def test_ping_answers():
    assert await db.ping() is True
