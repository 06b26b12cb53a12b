"""Cover pictures of reuses go through the shared picture pipeline (checked, re-encoded, variants)."""

from __future__ import annotations

from showcase.media.pictures import store_picture


async def store_cover(raw: bytes) -> str:
    """Store an uploaded cover; its key. Raises InvalidInput on the "cover" field."""
    return (await store_picture(raw, field="cover")).key
