"""Bad input: truncated files, corrupt blocks, files that are not captures."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import pytest

from analyzer.scap.errors import CorruptBlockError, NotACaptureError
from analyzer.scap.reader import read_all_events

from .conftest import need_traces


def _plain(tmp_path: Path) -> bytes:
    trace = need_traces()[0]
    return gzip.decompress(trace.read_bytes())


def test_not_a_capture(tmp_path: Path) -> None:
    p = tmp_path / "x.scap"
    p.write_bytes(b"hello, this is not a capture at all" * 3)
    with pytest.raises(NotACaptureError, match="not a .scap capture"):
        read_all_events(str(p))


def _block(bt: int, body: bytes) -> bytes:
    n = 12 + len(body)
    return struct.pack("<II", bt, n) + body + struct.pack("<I", n)


def test_a_pcapng_network_capture_is_not_a_syscall_capture(tmp_path: Path) -> None:
    """pcapng and .scap share the section header block: a file of network packets says what it is."""
    shb = _block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    idb = _block(0x1, struct.pack("<HHI", 1, 0, 65535))
    epb = _block(0x6, struct.pack("<IIIII", 0, 0, 0, 4, 4) + b"abcd")
    p = tmp_path / "net.pcapng"
    p.write_bytes(shb + idb + epb * 50)
    with pytest.raises(NotACaptureError, match="pcapng network capture"):
        read_all_events(str(p))


def test_unknown_blocks_are_one_warning_per_type(tmp_path: Path) -> None:
    data = _plain(tmp_path)
    full = sum(len(b) for b in read_all_events(str(need_traces()[0]))[1])
    shb_len = struct.unpack_from("<I", data, 4)[0]
    p = tmp_path / "odd.scap"
    p.write_bytes(data[:shb_len] + _block(0x77, b"xxxx") * 3 + data[shb_len:])
    _, batches, stats = read_all_events(str(p))
    assert sum(len(b) for b in batches) == full
    odd = [w for w in stats.warnings if "0x77" in w]
    assert len(odd) == 1 and "skipped 3 blocks" in odd[0] and f"byte offset {shb_len}" in odd[0]


def test_truncated_anywhere_keeps_complete_events(tmp_path: Path) -> None:
    data = _plain(tmp_path)
    full = sum(len(b) for b in read_all_events(str(need_traces()[0]))[1])
    last = 0
    for cut in list(range(29, len(data), max(1, len(data) // 40))) + [len(data) - 1]:
        p = tmp_path / f"cut{cut}.scap"
        p.write_bytes(data[:cut])
        _, batches, stats = read_all_events(str(p))
        n = sum(len(b) for b in batches)
        assert n <= full and n >= last
        last = n
        if stats.truncated_at is not None:
            assert any(f"byte offset {stats.truncated_at}" in w for w in stats.warnings)


def test_truncated_gzip_keeps_complete_events(tmp_path: Path) -> None:
    trace = need_traces()[0]
    raw = trace.read_bytes()
    p = tmp_path / "cut.scap.gz"
    p.write_bytes(raw[: len(raw) * 3 // 4])
    _, batches, stats = read_all_events(str(p))
    assert sum(len(b) for b in batches) > 0
    assert stats.truncated_at is not None
    assert any("truncated at byte offset" in w for w in stats.warnings)


def test_damaged_gzip_keeps_every_byte_before_the_damage(tmp_path: Path) -> None:
    """A wrong checksum in the gzip trailer comes after all of the data: every event is read, and
    the damage is a warning. A gzip file cut inside its first block says so."""
    trace = need_traces()[0]
    full = sum(len(b) for b in read_all_events(str(trace))[1])
    raw = bytearray(gzip.compress(_plain(tmp_path)))
    raw[-8:-4] = bytes(4)  # the CRC32 of the trailer
    p = tmp_path / "crc.scap.gz"
    p.write_bytes(bytes(raw))
    _, batches, stats = read_all_events(str(p))
    assert sum(len(b) for b in batches) == full
    assert any("damaged" in w for w in stats.warnings), stats.warnings
    cut = tmp_path / "cut.scap.gz"
    cut.write_bytes(bytes(raw[:20]))
    with pytest.raises(NotACaptureError, match="gzip data gives only"):
        read_all_events(str(cut))


def test_corrupt_trailer_names_offset_and_block(tmp_path: Path) -> None:
    data = bytearray(_plain(tmp_path))
    # the second block (MI) starts right after the 28-byte SHB; break its trailer
    bl = struct.unpack_from("<I", data, 28 + 4)[0]
    struct.pack_into("<I", data, 28 + bl - 4, bl + 4)
    p = tmp_path / "bad.scap"
    p.write_bytes(bytes(data))
    with pytest.raises(CorruptBlockError) as ei:
        read_all_events(str(p))
    assert "offset 28" in str(ei.value) and "MI" in str(ei.value)


def test_corrupt_bytes_anywhere_give_a_capture_error_never_a_crash(tmp_path: Path) -> None:
    """Garbage in well-framed blocks (parameter lengths, values, strings) ends in a ScapError that
    names the file and the byte offset, never in another exception (seeded, 150 corruptions)."""
    import random

    from analyzer.scap.errors import ScapError
    from analyzer.tables.build import build_tables

    from .test_writer_roundtrip import write_sample

    src = tmp_path / "s.scap"
    write_sample(src, compat_2022=False)
    data = src.read_bytes()
    from analyzer.scap.reader import CaptureReader

    r = CaptureReader(src)
    first = int(next(iter(r.batches(max_events=1))).file_off[0])  # corrupt the events, not the header
    r.close()
    rng = random.Random(5)
    errors = 0
    for k in range(150):
        b = bytearray(data)
        pos = rng.randrange(first, len(b) - 8)
        for j in range(8):
            b[pos + j] ^= rng.randrange(1, 256)
        bad = tmp_path / f"c{k}.scap"
        bad.write_bytes(bytes(b))
        try:
            build_tables([str(bad)])
        except ScapError as e:
            errors += 1
            assert str(bad) in str(e) and ("byte offset" in str(e) or "not a .scap" in str(e)), str(e)
        bad.unlink()
    assert errors > 0  # the corruptions were seen


def test_unsigned_64_bit_values_fill_their_columns(tmp_path: Path) -> None:
    """An inode or a capability mask with the top bit set (any u64 is valid) decodes into the
    version tables: it once ended the conversion with a traceback (OverflowError)."""
    from analyzer.scap import model as m
    from analyzer.scap import writer as w
    from analyzer.tables.build import build_tables

    top = (1 << 64) - 1
    proc = m.ProcEntry(tid=10, pid=10, ptid=1, comm="x", exe="/x", exepath="/x", args=[], cwd="/", fdlimit=1024,
                       vtid=10, vpid=10, exe_ino=top, cap_effective=top, cap_permitted=top)
    path = tmp_path / "u64.scap"
    with w.CaptureWriter(path) as cw:
        cw.write_header(m.MachineInfo(num_cpus=1, memory_bytes=1 << 30, max_pid=32768, hostname="h", boot_ts=1),
                        procs=[proc], fdlists={10: [m.FdEntry(3, top, m.FD_FILE_V2, "/etc/hosts")]})
        cw.write_event(100, 10, 6, w.encode_params(6, [3, 10]))  # a read of fd 3: its fd version is made
        cw.write_event(101, 10, 7, w.encode_params(7, [0, b""]))
    t = build_tables([str(path)])
    assert t.fds.column("ino").to_pylist() == [top]
    row = t.threads.to_pylist()[0]
    assert (row["cap_effective"], row["cap_permitted"]) == (top, top)  # (this proc list format has no exe_ino)
