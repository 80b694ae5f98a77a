"""Cache of converted tables, keyed by the content of the capture files.

Hashing a multi-GB capture on every open would cost more than reading the cached tables, so each
file's digest is remembered beside the cache together with the file's identity (device, inode,
size, modification and change times in ns). A file whose identity is unchanged reuses its digest.
Any write changes the change time, which no user can set back (the modification time can be:
``touch -r``, ``tar``, ``rsync -t``), so the key still follows the content.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

FORMAT_VERSION = "6"  # bump when the table layout changes (4: decoder fingerprint in the key; 5: summary in meta;
# 6: evt.latency, reltime, deltatime, buflen, is_io...)

_DECODER = Path(__file__).resolve().parents[1]  # the analyzer package
_DECODER_PARTS = ("scap", "state", "tables")
_DECODER_FILES = ("session/dataset.py",)  # the conversion: what the cache directory holds


@lru_cache(maxsize=1)
def decoder_fingerprint() -> str:
    """Digest of the code that turns a capture into tables (its Python and C sources and the compiled
    extension): a scapkit whose decoding changed never reuses tables an older one cached."""
    h = hashlib.blake2b(digest_size=16)
    for part in _DECODER_PARTS:
        for f in sorted((_DECODER / part).iterdir()):
            if f.is_file() and (f.suffix in (".py", ".c", ".h", ".so")):
                h.update(f.name.encode())
                h.update(f.read_bytes())
    for name in _DECODER_FILES:
        h.update(name.encode())
        h.update((_DECODER / name).read_bytes())
    return h.hexdigest()


def cache_root() -> Path:
    root = os.environ.get("SCAPKIT_CACHE_DIR")
    if not root:
        import platformdirs  # only where no cache directory is given (its import costs ~25 ms)

        root = platformdirs.user_cache_dir("scapkit")
    return Path(root)


def _hash_file(path: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
    return h.hexdigest()


def file_digest(path: str) -> str:
    """Content digest of one file, remembered per file identity."""
    st = os.stat(path)
    ident = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    memo_dir = cache_root() / "digests"
    memo = memo_dir / (hashlib.blake2b(os.path.abspath(path).encode(), digest_size=12).hexdigest() + ".json")
    try:
        rec = json.loads(memo.read_text())
        if rec.get("ident") == ident and isinstance(rec.get("digest"), str):
            return str(rec["digest"])
    except (OSError, ValueError):
        pass
    digest = _hash_file(path)
    try:
        memo_dir.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"ident": ident, "digest": digest}))
        os.replace(tmp, memo)
    except OSError:
        pass  # a read-only cache still works, it only hashes again next time
    return digest


def content_key(paths: list[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(FORMAT_VERSION.encode())
    h.update(decoder_fingerprint().encode())
    for p in paths:
        h.update(file_digest(p).encode())
        h.update(b"\0")
    return h.hexdigest()
