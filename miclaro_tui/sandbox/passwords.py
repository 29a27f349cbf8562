"""Password hashing with scrypt (a slow, memory-hard KDF) and a per-user salt."""

from __future__ import annotations

import hashlib
import hmac

# About 50 ms per hash here: slow for a guesser, quick enough to seed a few demo users.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)


def verify_password(password: str, salt: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(hash_password(password, salt), expected)
