"""SQLite with one long-lived connection per process for queries outside transactions.

Piccolo's stock SQLiteEngine opens a connection (and an OS thread) for every query; on a page that
costs more than the SQL itself (see STACK-NOTES, "Performance facts"). Transactions still get their
own connection from Piccolo, so their isolation is unchanged; WAL mode lets readers go on meanwhile.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, dict_factory


class PersistentSQLiteEngine(SQLiteEngine):
    __slots__ = ("_shared", "_opening")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shared: aiosqlite.Connection | None = None
        self._opening: asyncio.Lock | None = None

    async def _shared_connection(self) -> aiosqlite.Connection:
        if self._shared is not None:
            return self._shared
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            if self._shared is None:
                connection = aiosqlite.connect(**self.connection_kwargs)
                # A forgotten close (a CLI command, a test run) must not keep the interpreter alive.
                connection._thread.daemon = True
                await connection
                connection.row_factory = dict_factory  # type: ignore[assignment]
                await connection.execute("PRAGMA foreign_keys = 1")
                self._shared = connection
        return self._shared

    async def _run_in_new_connection(self, query: str, args: list[Any] | None = None, query_type: str = "generic",
                                     table: Any = None) -> Any:
        connection = await self._shared_connection()
        # Execute and fetch in ONE call to the connection's thread. As two calls, another coroutine's statement
        # could run between them while this SELECT is still open: in WAL mode a write made on a connection
        # with an open read, after another connection committed, fails at once with "database is locked"
        # whatever the busy timeout (seen with 50 concurrent log-ins on two workers).
        return list(await connection.execute_fetchall(query, args or []))

    async def close_shared_connection(self) -> None:
        if self._shared is not None:
            connection, self._shared = self._shared, None
            await connection.close()
