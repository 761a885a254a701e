"""The form of a document that duplicates are judged on, and its exact-duplicate key."""

from __future__ import annotations

import hashlib


def dedup_form(simplified: str) -> str:
    """Simplified, with all whitespace removed: reposts differ in line breaks and spacing."""
    return "".join(simplified.split())


def content_hash(dedup_text: str) -> str:
    return hashlib.blake2b(dedup_text.encode("utf-8"), digest_size=16).hexdigest()
