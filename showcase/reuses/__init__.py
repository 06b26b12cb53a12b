"""Reuses: what people build on the portal's data; submission, moderation, the gallery."""
