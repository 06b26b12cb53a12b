"""Password hashing (argon2id, in a worker thread) and the password policy."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    if os.environ.get("ARGON2_PROFILE") == "test":
        # Tests hash hundreds of passwords; production keeps argon2-cffi's RFC 9106 defaults.
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    words = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").split()
    return frozenset(word.lower() for word in words)


def is_common(password: str) -> bool:
    return password.lower() in common_passwords()


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher().hash, password)


def _verify_sync(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; with no stored hash, still spend the time so timing reveals nothing."""
    if stored_hash is None:
        await anyio.to_thread.run_sync(_hasher().hash, password)
        return False
    return await anyio.to_thread.run_sync(_verify_sync, stored_hash, password)


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
