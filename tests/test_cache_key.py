"""The cache key follows file content; a file's digest is remembered per identity, not trusted blindly."""

from __future__ import annotations

import os
import time
from pathlib import Path

from analyzer.session import cache


def test_key_follows_content_and_memo_is_used(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "a.scap"
    f.write_bytes(b"x" * 1000)
    k1 = cache.content_key([str(f)])
    assert cache.content_key([str(f)]) == k1
    memos = list((cache.cache_root() / "digests").glob("*.json"))
    assert len(memos) == 1
    # same identity -> the remembered digest is used (prove it by planting a different one)
    text = memos[0].read_text()
    memos[0].write_text(text.replace(cache._hash_file(str(f)), "0" * 32))
    assert cache.content_key([str(f)]) != k1
    # a write changes the identity (mtime/size) -> hashed again from the content
    f.write_bytes(b"y" * 1000)
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    k2 = cache.content_key([str(f)])
    assert k2 != k1
    f.write_bytes(b"x" * 1000)
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000))
    assert cache.content_key([str(f)]) == k1


def test_an_edit_with_its_modification_time_put_back_is_seen(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``touch -r``, ``tar`` and ``rsync -t`` set a file's modification time back after a write of
    the same size; the change time cannot be set back, so the edited content is hashed again."""
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "a.scap"
    f.write_bytes(b"/etc/ld.so.cache" * 64)
    st = f.stat()
    k1 = cache.content_key([str(f)])
    # kernels before 6.13 stamp the change time from a clock of a few ms resolution: the edit
    # comes later than that (a real edit comes seconds after the digest was taken)
    time.sleep(0.05)
    with open(f, "r+b") as fh:  # the same size, edited in place
        fh.write(b"/etc/XX")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert f.stat().st_mtime_ns == st.st_mtime_ns and f.stat().st_size == st.st_size
    assert cache.content_key([str(f)]) != k1


def test_unwritable_cache_still_gives_a_key(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "b.scap"
    f.write_bytes(b"z" * 10)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")  # the cache root lies under a regular file: nothing can be written there
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(blocker / "sub"))
    assert cache.content_key([str(f)]) == cache.content_key([str(f)])
    assert not (blocker / "sub").exists()


def test_a_changed_decoder_does_not_reuse_old_tables(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The key includes a digest of the decoding code: tables cached by another scapkit are not reused."""
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "a.scap"
    f.write_bytes(b"x" * 1000)
    fp = cache.decoder_fingerprint()
    assert len(fp) == 32
    # the digest follows the decoder's sources: a copy of the package with one source edited differs
    import shutil

    copy = tmp_path / "analyzer"
    for part in cache._DECODER_PARTS:
        shutil.copytree(cache._DECODER / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in cache._DECODER_FILES:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cache._DECODER / name, copy / name)
    monkeypatch.setattr(cache, "_DECODER", copy)
    assert cache.decoder_fingerprint.__wrapped__() == fp
    (copy / "state" / "engine.py").write_text((copy / "state" / "engine.py").read_text() + "\n# changed\n")
    fp2 = cache.decoder_fingerprint.__wrapped__()
    assert fp2 != fp
    # the conversion (what the cache directory holds: tables, summary) is part of it too
    conv = copy / "session" / "dataset.py"
    conv.write_text(conv.read_text() + "\n# changed\n")
    assert cache.decoder_fingerprint.__wrapped__() not in (fp, fp2)
    k1 = cache.content_key([str(f)])
    monkeypatch.setattr(cache, "decoder_fingerprint", lambda: "0" * 32)
    assert cache.content_key([str(f)]) != k1
