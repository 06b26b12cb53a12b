"""Cover pictures of reuses go through the shared picture pipeline (checked, re-encoded, variants)."""

from __future__ import annotations

from showcase.media.pictures import store_picture


async def store_cover(raw: bytes, *, field: str = "cover") -> str:
    """Store an uploaded cover or screenshot; its key. Raises InvalidInput on `field`."""
    return (await store_picture(raw, field=field)).key
