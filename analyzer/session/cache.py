"""Cache of converted tables, keyed by the content of the capture files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

FORMAT_VERSION = "2"  # bump when the tables change (2: catalogue columns, derived tables)


def cache_root() -> Path:
    root = os.environ.get("SCAPKIT_CACHE_DIR") or platformdirs.user_cache_dir("scapkit")
    return Path(root)


def content_key(paths: list[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(FORMAT_VERSION.encode())
    for p in paths:
        with open(p, "rb") as f:
            while chunk := f.read(8 << 20):
                h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()
