"""Read .scap / .scap.gz captures: metadata blocks into records, event blocks into columnar batches.

The reader streams the file in chunks; memory stays bounded by the chunk size whatever the
capture size. Event blocks become :class:`EventBatch` objects: numpy columns for the header
fields plus the raw bytes the parameters live in. Parameters are sliced lazily (per event, or
per event type in bulk).
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np

from . import model as m
from .errors import CorruptBlockError, CorruptEventError, NotACaptureError, ScapError
from .text import cstr, list0

try:
    from . import _fast
except ImportError as _e:  # pragma: no cover - a broken install
    raise ImportError(
        "scapkit: the compiled module analyzer.scap._fast is missing or does not load "
        f"({_e}); build it with `pip install -e .` (or `make venv`) in the source tree"
    ) from _e

CHUNK = 16 << 20
SCAN_COMPILED = True  # False: every block goes through the Python loop (tests compare both ways)
BYTE_ORDER_MAGIC = 0x1A2B3C4D
READER_BUF_SIZE = 65536

_u16 = struct.Struct("<H")
_u32 = struct.Struct("<I")
_u64 = struct.Struct("<Q")
_i64 = struct.Struct("<q")
_bh = struct.Struct("<II")
_evhdr = struct.Struct("<QQIHI")  # ts tid len type nparams
_evhdr1 = struct.Struct("<QQIH")


# pcapng blocks of network packets (interface description, enhanced/simple packet, statistics):
# a file whose first blocks after the section header are these is a network capture
_PCAPNG_PACKET_BLOCKS = frozenset((0x1, 0x3, 0x5, 0x6))


class _GzipStream:
    """Streaming gunzip that keeps every byte it could decompress, even from a cut file."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._eof = False
        self._cut = False
        self._damaged = ""

    def read(self, n: int) -> bytes:
        out: list[bytes] = []
        got = 0
        while got < n and not self._eof:
            raw = self._f.read(1 << 20)
            if not raw:
                self._eof = True
                tail = self._d.flush()
                out.append(tail)
                self._cut = not self._d.eof
                break
            saved = self._d.copy()
            try:
                data = self._inflate(raw)
            except zlib.error as e:
                # damage in this chunk: inflate it again in small pieces, keeping every byte before
                # the damage (a bad trailer checksum comes after all of the data)
                self._d = saved
                data = b""
                for k in range(0, len(raw), 512):
                    keep = self._d.copy()
                    try:
                        data += self._inflate(raw[k:k + 512])
                    except zlib.error:
                        self._d = keep  # the damaged piece byte by byte: up to the last good byte
                        for j in range(k, min(k + 512, len(raw))):
                            try:
                                data += self._inflate(raw[j:j + 1])
                            except zlib.error:
                                break
                        break
                self._eof = True
                self._damaged = str(e)
                out.append(data)
                break
            out.append(data)
            got += len(data)
        res = b"".join(out)
        if not res and self._eof:
            if self._damaged:
                msg, self._damaged = self._damaged, ""
                raise EOFError(f"damaged compressed data: {msg}")
            if self._cut:
                self._cut = False
                raise EOFError("compressed stream ends before its end marker")
        return res

    def _inflate(self, raw: bytes) -> bytes:
        """Decompress ``raw``, across the members of a multi-member file."""
        data = self._d.decompress(raw)
        while self._d.eof and self._d.unused_data:
            rest = self._d.unused_data
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data += self._d.decompress(rest)
        return data

    def raw_position(self) -> int:
        """Bytes of the compressed file read so far."""
        return self._f.tell()

    def close(self) -> None:
        self._f.close()


def open_stream(path: str) -> BinaryIO:
    """Open a capture, gzip or plain (decided by content, not by name)."""
    f = open(path, "rb")  # noqa: SIM115
    head = f.read(2)
    f.seek(0)
    if head == b"\x1f\x8b":
        return _GzipStream(f)  # type: ignore[return-value]
    return f


@dataclass(slots=True)
class CaptureHeader:
    path: str = ""
    shb_version: tuple[int, int] = (0, 0)
    machine: m.MachineInfo | None = None
    interfaces: list[m.Interface] = field(default_factory=list)
    users: list[m.User] = field(default_factory=list)
    groups: list[m.Group] = field(default_factory=list)
    procs: list[m.ProcEntry] = field(default_factory=list)
    fdlists: dict[int, list[m.FdEntry]] = field(default_factory=dict)
    blocks: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class EventBatch:
    """A run of consecutive event blocks. ``data`` holds the bytes; columns index into it."""

    data: bytes
    rec: np.ndarray  # int64 offset of the event record (its ts field) inside data
    ts: np.ndarray  # uint64 ns
    tid: np.ndarray  # int64
    evlen: np.ndarray  # uint32, header-normalised event length (hdr 26 + lens + values)
    type: np.ndarray  # uint16
    nparams: np.ndarray  # uint32
    lens_off: np.ndarray  # int64 offset of the parameter length array inside data
    cpu: np.ndarray  # uint16
    dflags: np.ndarray  # uint32 dump flags (EVF blocks)
    file_off: np.ndarray  # int64 byte offset of the block in the (decompressed) stream
    restart: CaptureHeader | None = None  # metadata that appeared after events (concatenated file)
    _plist: list[list[bytes] | None] | None = None  # every event's parameters, cut on first use

    def __len__(self) -> int:
        return int(self.rec.shape[0])

    def all_params(self) -> list[list[bytes] | None]:
        """Parameter values of every event (None where the lengths do not fit: ``params(i)`` says why).

        The lists are shared: callers must not modify them."""
        pl = self._plist
        if pl is None:
            pl = self._plist = _fast.split_params(
                self.data, self.rec, self.evlen, self.lens_off, self.nparams, self.type, _large_table()
            )
        return pl

    def params(self, i: int) -> list[bytes]:
        """Raw parameter values of event i (a shared list: do not modify it)."""
        p = self.all_params()[i]
        if p is None:
            return self._params_checked(i)
        return p

    def _params_checked(self, i: int) -> list[bytes]:
        """Parameters of one event with the length checks that name what is wrong."""
        from .event_table import EF_LARGE_PAYLOAD, EVENTS

        t = int(self.type[i])
        n = int(self.nparams[i])
        lo = int(self.lens_off[i])
        large = t < len(EVENTS) and bool(EVENTS[t].flags & EF_LARGE_PAYLOAD)
        w = 4 if large else 2
        fmt = f"<{n}{'I' if large else 'H'}"
        lens = struct.unpack_from(fmt, self.data, lo)
        p = lo + w * n
        end = int(self.rec[i]) + int(self.evlen[i]) - (0 if self.lens_off[i] - self.rec[i] == 26 else 4)
        out: list[bytes] = []
        for ln in lens:
            if p + ln > end:
                raise CorruptEventError(int(self.file_off[i]), f"parameter lengths overflow the event "
                                                            f"({p + ln} > {end})")
            out.append(self.data[p : p + ln])
            p += ln
        return out


@dataclass(slots=True)
class ReadStats:
    events: int = 0
    skipped_unknown: Counter[int] = field(default_factory=Counter)
    truncated_at: int | None = None
    warnings: list[str] = field(default_factory=list)


def _is_block_at(buf: bytes, pos: int) -> bool:
    """Does a block start at ``pos`` (8 header bytes are there): a known type, a plausible length,
    and the trailer at its end (when it is in ``buf``) repeating that length?"""
    bt, bl = _bh.unpack_from(buf, pos)
    if bt not in m.BLOCK_NAMES or bl < 12 or bl % 4:
        return False
    return pos + bl > len(buf) or _u32.unpack_from(buf, pos + bl - 4)[0] == bl


class CaptureReader:
    """Streaming reader for one capture file."""

    def __init__(self, path: str | os.PathLike[str], *, chunk: int = CHUNK) -> None:
        self.path = os.fspath(path)
        self.chunk = chunk
        self.stats = ReadStats()
        self._skipped: dict[int, tuple[int, int, int]] = {}  # block type -> (warning index, offset, count)
        try:
            self._f = open_stream(self.path)
        except OSError as e:
            raise ScapError(f"{self.path}: cannot open: {e.strerror}") from None
        self._buf = b""
        self._bufpos = 0  # stream offset of _buf[0]
        self._eof = False
        self.header = CaptureHeader(path=self.path)
        self._read_header()

    def file_position(self) -> int:
        """Bytes of the file on disk read so far (of the compressed file for a .gz): progress."""
        f = self._f
        return f.raw_position() if isinstance(f, _GzipStream) else f.tell()

    # ----------------------------------------------------------------- raw stream
    def _fill(self, need: int) -> bool:
        """Make sure at least ``need`` bytes are buffered; False at end of file."""
        while len(self._buf) < need and not self._eof:
            try:
                more = self._f.read(max(self.chunk, need - len(self._buf)))
            except (OSError, EOFError, gzip.BadGzipFile) as e:
                self.stats.warnings.append(
                    f"{self.path}: compressed stream ends early or is damaged after byte "
                    f"{self._bufpos + len(self._buf)} of decompressed data ({e})"
                )
                more = b""
            if not more:
                self._eof = True
                break
            self._buf = self._buf + more if self._buf else more
        return len(self._buf) >= need

    def _consume(self, n: int) -> None:
        self._buf = self._buf[n:]
        self._bufpos += n

    def _truncated(self, off: int, what: str) -> None:
        if self.stats.truncated_at == off:  # already told (the header's reading stopped there too)
            return
        self.stats.truncated_at = off
        self.stats.warnings.append(
            f"{self.path}: capture is truncated at byte offset {off} (incomplete {what}); "
            "every complete event before it was read"
        )

    # ----------------------------------------------------------------- metadata
    def _read_header(self) -> None:
        if not self._fill(28):
            if isinstance(self._f, _GzipStream):
                raise NotACaptureError(self.path, f"its gzip data gives only {len(self._buf)} bytes (cut or "
                                       "damaged before the capture's first block)")
            raise NotACaptureError(self.path, f"file is only {len(self._buf)} bytes long")
        bt, bl = _bh.unpack_from(self._buf, 0)
        magic = _u32.unpack_from(self._buf, 8)[0]
        if bt != m.SHB or magic != BYTE_ORDER_MAGIC:
            raise NotACaptureError(self.path, "no section header block at offset 0")
        major, minor = struct.unpack_from("<HH", self._buf, 12)
        if major > 1:
            raise NotACaptureError(self.path, f"unsupported format version {major}.{minor}")
        self.header.shb_version = (major, minor)
        self.header.blocks["SHB"] += 1
        if bl < 28 or bl % 4:
            raise CorruptBlockError(self.path, 0, "SHB", f"block length {bl}")
        if not self._fill(bl):
            raise NotACaptureError(self.path, "section header block is cut short")
        self._consume(bl)  # options (if any) are skipped
        while True:
            if not self._fill(8):
                self._eof_in_header()
                return
            bt, bl = _bh.unpack_from(self._buf, 0)
            if bt in m.EVENT_BLOCKS:
                return
            self._read_meta_block(self.header)

    def _eof_in_header(self) -> None:
        if self._buf:
            self._truncated(self._bufpos, "block header")
        else:
            self.stats.warnings.append(f"{self.path}: capture holds no events")

    def _read_meta_block(self, hdr: CaptureHeader) -> None:
        off = self._bufpos
        bt, bl = _bh.unpack_from(self._buf, 0)
        name = m.BLOCK_NAMES.get(bt, f"unknown(0x{bt:x})")
        if bl < 12 or bl % 4:
            raise CorruptBlockError(self.path, off, name, f"invalid block length {bl}")
        if not self._fill(bl):
            self._truncated(off, f"{name} block")
            self._buf = b""
            return
        trailer = _u32.unpack_from(self._buf, bl - 4)[0]
        if trailer != bl:
            raise CorruptBlockError(self.path, off, name, f"trailer length {trailer} != header length {bl}")
        body = memoryview(self._buf)[8 : bl - 4]
        try:
            self._parse_meta(hdr, bt, bytes(body))
        except (struct.error, IndexError, UnicodeDecodeError, ValueError) as e:
            raise CorruptBlockError(self.path, off, name, f"cannot parse body ({e})") from None
        hdr.blocks[name] += 1
        self._consume(bl)

    def _parse_meta(self, hdr: CaptureHeader, bt: int, b: bytes) -> None:
        bt = m.PL_LEGACY.get(bt, bt)
        if bt in (m.MI, m.MI_LEGACY):
            ncpu, mem, maxpid = struct.unpack_from("<IQQ", b, 0)
            hostname = cstr(b[20:148])
            boot_ts, flags = struct.unpack_from("<QQ", b, 148) if len(b) >= 164 else (0, 0)
            hdr.machine = m.MachineInfo(ncpu, mem, maxpid, hostname, boot_ts, flags)
        elif bt in m.PL_VERSION:
            hdr.procs.extend(parse_proclist(b, m.PL_VERSION[bt]))
        elif bt in (m.FDL, m.FDL_LEGACY, m.FDL_V2):
            tid, fds = parse_fdlist(b, bt == m.FDL_V2)
            hdr.fdlists.setdefault(tid, []).extend(fds)
        elif bt in (m.IL, m.IL_LEGACY, m.IL_V2):
            hdr.interfaces.extend(parse_iflist(b, bt == m.IL_V2))
        elif bt in (m.UL, m.UL_LEGACY, m.UL_V2):
            users, groups = parse_userlist(b, bt == m.UL_V2)
            hdr.users.extend(users)
            hdr.groups.extend(groups)
        elif bt == m.SHB:
            pass
        elif bt in _PCAPNG_PACKET_BLOCKS and hdr.machine is None and not hdr.procs and not self._skipped:
            raise NotACaptureError(self.path, f"a pcapng network capture (block type 0x{bt:x} at byte offset "
                                   f"{self._bufpos}), not a syscall capture")
        else:
            self._skip_block(bt)

    def _skip_block(self, bt: int) -> None:
        """One warning per unknown block type, with the first offset and how many were skipped."""
        at = self._skipped.get(bt)
        if at is None:
            self._skipped[bt] = (len(self.stats.warnings), self._bufpos, 1)
            self.stats.warnings.append(f"{self.path}: skipped unknown block type 0x{bt:x} at byte offset "
                                       f"{self._bufpos}")
            return
        k, first, n = at
        self._skipped[bt] = (k, first, n + 1)
        self.stats.warnings[k] = (f"{self.path}: skipped {n + 1} blocks of unknown type 0x{bt:x}, the first at byte "
                                  f"offset {first}")

    # ----------------------------------------------------------------- events
    def batches(self, max_events: int = 1 << 17) -> Iterator[EventBatch]:
        """Yield event batches until end of file (metadata after events starts a new section)."""
        from .event_table import EVENTS, EVENTS_2022

        nmax = len(EVENTS)
        restart: CaptureHeader | None = None
        while True:
            if not self._fill(8):
                if self._buf:
                    self._truncated(self._bufpos, "block header")
                return
            buf = self._buf
            blen = len(buf)
            pos = 0
            cols = _new_columns(max_events)
            rec_a, ts_a, tid_a, len_a, type_a, np_a, lo_a, cpu_a, fl_a, fo_a = cols
            base = self._bufpos
            count = 0
            stop_meta = False
            skipped: dict[int, int] = {}
            while count < max_events:
                # the compiled loop takes every regular V2 block; the code below handles the rest
                if SCAN_COMPILED:
                    count, pos = _fast.scan_events(buf, pos, count, max_events, base, nmax, skipped, *cols)
                    if count >= max_events:
                        break
                if pos + 8 > blen:
                    break
                bt, bl = _bh.unpack_from(buf, pos)
                if bt not in m.EVENT_BLOCKS:
                    stop_meta = True
                    break
                name = m.BLOCK_NAMES[bt]
                if bl < 12 or bl % 4 and bt in m.EVENT_BLOCKS_V2:
                    raise CorruptBlockError(self.path, base + pos, name, f"invalid block length {bl}")
                if bl - 8 > READER_BUF_SIZE and bt not in (m.EV_V2_LARGE, m.EVF_V2_LARGE):
                    raise CorruptBlockError(
                        self.path, base + pos, name, f"block length {bl} exceeds 64 KiB for a non-large block"
                    )
                if pos + bl > blen:
                    break
                cpu = _u16.unpack_from(buf, pos + 8)[0]
                if bt in m.EVENT_BLOCKS_FLAGS:
                    dfl = _u32.unpack_from(buf, pos + 10)[0]
                    r = pos + 14
                else:
                    dfl = 0
                    r = pos + 10
                v2 = bt in m.EVENT_BLOCKS_V2
                hl = 26 if v2 else 22
                if r + hl > pos + bl - 4 + 4:
                    raise CorruptBlockError(self.path, base + pos, name, "block too short for an event header")
                if v2:
                    ts, tid, ln, et, npar = _evhdr.unpack_from(buf, r)
                else:
                    ts, tid, ln, et = _evhdr1.unpack_from(buf, r)
                    npar = -1
                if ln > bl - (r - pos) or ln < hl:
                    raise CorruptBlockError(
                        self.path, base + pos, name, f"event length {ln} does not fit its block of {bl} bytes"
                    )
                trailer = _u32.unpack_from(buf, pos + bl - 4)[0]
                if trailer != bl:
                    # libscap reads an event block by its header length and ignores the trailer, so a
                    # wrong trailer alone is no error; but a damaged length puts the reader inside
                    # another block, or skips whole blocks: the block then holds more than its event
                    # and its trailer, or what follows is no block. (A block with pcapng options after
                    # its event and a wrong trailer too is taken for a damaged one: two anomalies.)
                    nxt = pos + bl
                    if nxt + 8 > blen and not self._eof:
                        break  # the next block header is not read yet
                    if ((r - pos) + ln + 3) & ~3 < bl - 4 or (nxt + 8 <= blen and not _is_block_at(buf, nxt)):
                        raise CorruptBlockError(self.path, base + pos, name,
                                                f"trailer length {trailer} != header length {bl}: the length "
                                                "is damaged (the block holds more than its event, or no block "
                                                "follows it)")
                if et >= nmax:
                    self.stats.skipped_unknown[et] += 1
                    pos += bl
                    continue
                if not v2:
                    npar = _v1_nparams(buf, r, ln, et, EVENTS_2022 if et < len(EVENTS_2022) else EVENTS)
                    if npar < 0:
                        raise CorruptBlockError(
                            self.path, base + pos, name, "cannot work out the parameter count of a v1 event"
                        )
                    ln += 4
                rec_a[count] = r
                ts_a[count] = ts
                tid_a[count] = np.uint64(tid).astype(np.int64)
                len_a[count] = ln
                type_a[count] = et
                np_a[count] = npar
                lo_a[count] = r + hl
                cpu_a[count] = cpu
                fl_a[count] = dfl
                fo_a[count] = base + pos
                pos += bl
                count += 1
            for et_skipped, k in skipped.items():
                self.stats.skipped_unknown[et_skipped] += k
            if count:
                batch = EventBatch(
                    data=buf,
                    rec=rec_a[:count].copy(),
                    ts=ts_a[:count].copy(),
                    tid=tid_a[:count].copy(),
                    evlen=len_a[:count].copy(),
                    type=type_a[:count].copy(),
                    nparams=np_a[:count].copy(),
                    lens_off=lo_a[:count].copy(),
                    cpu=cpu_a[:count].copy(),
                    dflags=fl_a[:count].copy(),
                    file_off=fo_a[:count].copy(),
                    restart=restart,
                )
                restart = None
                self.stats.events += count
                # keep the unconsumed tail; the batch keeps a reference to the whole chunk
                self._buf = buf[pos:]
                self._bufpos = base + pos
                yield batch
            else:
                self._buf = buf[pos:]
                self._bufpos = base + pos
            if stop_meta:
                restart = CaptureHeader(path=self.path)
                while self._fill(8):
                    bt, _ = _bh.unpack_from(self._buf, 0)
                    if bt in m.EVENT_BLOCKS:
                        break
                    if bt == m.SHB:
                        bl = _bh.unpack_from(self._buf, 0)[1]
                        if not self._fill(bl):
                            self._truncated(self._bufpos, "SHB block")
                            return
                        self._consume(bl)
                        restart.blocks["SHB"] += 1
                        continue
                    self._read_meta_block(restart)
                    if not self._buf and self._eof:
                        break
                self.stats.warnings.append(
                    f"{self.path}: metadata blocks after events at byte offset {self._bufpos}: "
                    "read as a concatenated capture"
                )
                continue
            if count == 0:
                # a partial block at the end of the buffer: need more bytes
                if self._eof:
                    if self._buf:
                        self._truncated(self._bufpos, "event block")
                    return
                bl = _bh.unpack_from(self._buf, 0)[1] if len(self._buf) >= 8 else 8
                if not self._fill(max(bl, len(self._buf) + 1)):
                    if self._eof and 12 <= bl <= len(self._buf):
                        continue  # a whole block that waited for what follows it: the file ends there
                    if self._buf:
                        self._truncated(self._bufpos, "event block")
                    return

    def close(self) -> None:
        self._f.close()


_LARGE: bytes | None = None


def _large_table() -> bytes:
    """One byte per event type: 1 where parameter lengths are 32-bit (EF_LARGE_PAYLOAD)."""
    global _LARGE
    if _LARGE is None:
        from .event_table import EF_LARGE_PAYLOAD, EVENTS

        _LARGE = bytes(1 if e.flags & EF_LARGE_PAYLOAD else 0 for e in EVENTS)
    return _LARGE


_COLUMN_DTYPES = (np.int64, np.uint64, np.int64, np.uint32, np.uint16, np.uint32, np.int64, np.uint16,
                  np.uint32, np.int64)


def _new_columns(n: int) -> list[np.ndarray]:
    """Empty batch columns (rec, ts, tid, evlen, type, nparams, lens_off, cpu, dflags, file_off)."""
    return [np.empty(n, dtype=dt) for dt in _COLUMN_DTYPES]


def _v1_nparams(buf: bytes, r: int, ln: int, et: int, table: tuple) -> int:  # type: ignore[type-arg]
    """Old event blocks lack nparams: find the count whose lengths add up to the event length."""
    end = r + ln  # v1 len counts the 22-byte header
    lens_at = r + 22
    for n in range(len(table[et].params), -1, -1):
        p = lens_at + 2 * n
        if p > end:
            continue
        total = p + sum(struct.unpack_from(f"<{n}H", buf, lens_at)) if n else p
        if total < end:
            return -1
        if total == end:
            return n
    return -1


# --------------------------------------------------------------------------- block parsers
class _Cur:
    __slots__ = ("b", "p")

    def __init__(self, b: bytes, p: int = 0) -> None:
        self.b = b
        self.p = p

    def u8(self) -> int:
        v = self.b[self.p]
        self.p += 1
        return v

    def u16(self) -> int:
        v = _u16.unpack_from(self.b, self.p)[0]
        self.p += 2
        return int(v)

    def u32(self) -> int:
        v = _u32.unpack_from(self.b, self.p)[0]
        self.p += 4
        return int(v)

    def u64(self) -> int:
        v = _u64.unpack_from(self.b, self.p)[0]
        self.p += 8
        return int(v)

    def i64(self) -> int:
        v = _i64.unpack_from(self.b, self.p)[0]
        self.p += 8
        return int(v)

    def raw(self, n: int) -> bytes:
        if self.p + n > len(self.b):
            raise ValueError("string runs past the end of the block")
        v = self.b[self.p : self.p + n]
        self.p += n
        return v

    def sbytes(self) -> bytes:
        return self.raw(self.u16())

    def s(self) -> str:
        return cstr(self.sbytes())




def parse_proclist(b: bytes, ver: int) -> list[m.ProcEntry]:
    out: list[m.ProcEntry] = []
    c = _Cur(b)
    n = len(b)
    while n - c.p >= 4:
        if ver >= 9:
            start = c.p
            sub = c.u32()
            if sub < 4 or start + sub > n:
                raise ValueError(f"process entry length {sub} at {start} overflows the block")
            end = start + sub
        else:
            end = n
        e = m.ProcEntry(tid=c.i64(), pid=c.i64(), ptid=c.i64())
        # blocks without sid/vpgid leave them unknown (-1), as libscap does
        e.sid = c.i64() if ver >= 6 else -1
        e.vpgid = c.i64() if ver >= 8 else -1
        e.comm = c.s()
        e.exe = c.s()
        if ver >= 7:
            e.exepath = c.s()
        e.args = list0(c.sbytes())
        e.cwd = c.s()
        e.fdlimit = c.i64()
        e.flags = c.u32()
        e.uid = c.u32()
        e.gid = c.u32()
        if ver >= 2:
            e.vmsize_kb = c.u32()
            e.vmrss_kb = c.u32()
            e.vmswap_kb = c.u32()
            e.pfmajor = c.u64()
            e.pfminor = c.u64()
        if ver >= 3:
            e.env = list0(c.sbytes())
        if ver >= 4:
            e.vtid = c.i64()
            e.vpid = c.i64()
            e.cgroups = list0(c.sbytes())
        if ver >= 5:
            e.root = c.s()
        if ver >= 9:
            rest = end - c.p
            if 0 < rest <= 29:
                # pre-0.10 tail: loginuid, exe_writable[, caps]
                e.loginuid = c.u32() if rest >= 4 else None
                if end - c.p >= 1:
                    e.exe_writable = bool(c.u8())
                if end - c.p >= 24:
                    e.cap_inheritable, e.cap_permitted, e.cap_effective = c.u64(), c.u64(), c.u64()
            elif rest > 29:
                e.pidns_init_start_ts = c.u64()
                e.tty = c.u32()
                if end - c.p >= 5:
                    e.loginuid = c.u32()
                    e.exe_writable = bool(c.u8())
                if end - c.p >= 24:
                    e.cap_inheritable, e.cap_permitted, e.cap_effective = c.u64(), c.u64(), c.u64()
                if end - c.p >= 25:
                    e.exe_upper_layer = bool(c.u8())
                    e.exe_ino, e.exe_ino_ctime, e.exe_ino_mtime = c.u64(), c.u64(), c.u64()
                if end - c.p >= 2:
                    e.exe_from_memfd = bool(c.u8())
                    e.exe_lower_layer = bool(c.u8())
                if end - c.p >= 8:
                    e.pgid = c.i64()
            c.p = end
        out.append(e)
        if ver < 9 and n - c.p < 4:
            break
    return out


def parse_fdlist(b: bytes, v2: bool) -> tuple[int, list[m.FdEntry]]:
    c = _Cur(b)
    tid = c.i64()
    out: list[m.FdEntry] = []
    n = len(b)
    while n - c.p >= 4:
        start = c.p
        end = n
        if v2:
            sub = c.u32()
            if sub < 4 or start + sub > n:
                raise ValueError(f"fd entry length {sub} at {start} overflows the block")
            end = start + sub
        fd = c.i64()
        ino = c.u64()
        t = c.u8()
        e = m.FdEntry(fd=fd, ino=ino, type=t)
        if t in (m.FD_IPV4_SOCK,):
            e.sip, e.dip = c.raw(4), c.raw(4)
            e.sport, e.dport = c.u16(), c.u16()
            e.l4proto = c.u8()
        elif t == m.FD_IPV6_SOCK:
            e.sip, e.dip = c.raw(16), c.raw(16)
            e.sport, e.dport = c.u16(), c.u16()
            e.l4proto = c.u8()
        elif t == m.FD_IPV4_SERVSOCK:
            e.sip = c.raw(4)
            e.sport = c.u16()
            e.l4proto = c.u8()
        elif t == m.FD_IPV6_SERVSOCK:
            e.sip = c.raw(16)
            e.sport = c.u16()
            e.l4proto = c.u8()
        elif t == m.FD_UNIX_SOCK:
            e.source, e.dest = c.u64(), c.u64()
            e.name = c.s()
        elif t == m.FD_FILE_V2:
            e.open_flags = c.u32()
            e.name = c.s()
            if end - c.p >= 4 and v2:
                e.dev = c.u32()
        elif 1 <= t <= 21:
            e.name = c.s()
        else:
            # unknown fd type: keep it as unsupported, as current readers do
            e.name = f"unknown-type:[{t}]"
            e.type = m.FD_UNSUPPORTED
            if not v2:
                raise ValueError(f"unknown fd type {t}")
        if v2:
            c.p = end
        out.append(e)
    return tid, out


def parse_iflist(b: bytes, v2: bool) -> list[m.Interface]:
    c = _Cur(b)
    out: list[m.Interface] = []
    n = len(b)
    while n - c.p >= 4:
        end = n
        if v2:
            ln = c.u32()
            end = c.p + ln
        t = c.u16()
        if t in (1, 3):
            namelen = c.u16()
            addr, mask, bc = c.raw(4), c.raw(4), c.raw(4)
            speed = c.u64() if t == 1 else 0
            name = cstr(c.raw(namelen))
            out.append(m.Interface(4, name, addr, mask, bc, speed))
        elif t in (2, 4):
            namelen = c.u16()
            addr, mask, bc = c.raw(16), c.raw(16), c.raw(16)
            speed = c.u64() if t == 2 else 0
            name = cstr(c.raw(namelen))
            out.append(m.Interface(6, name, addr, mask, bc, speed))
        else:
            raise ValueError(f"unknown interface entry type {t}")
        if v2:
            c.p = end
    return out


def parse_userlist(b: bytes, v2: bool) -> tuple[list[m.User], list[m.Group]]:
    c = _Cur(b)
    users: list[m.User] = []
    groups: list[m.Group] = []
    n = len(b)
    while n - c.p >= 4:
        start = c.p
        end = n
        if v2:
            sub = c.u32()
            if sub < 5 or start + sub > n:
                raise ValueError(f"user entry length {sub} at {start} overflows the block")
            end = start + sub
        t = c.u8()
        if t == 0:
            uid, gid = c.u32(), c.u32()
            name, home, shell = c.s(), c.s(), c.s()
            users.append(m.User(uid, gid, name, home, shell))
        elif t == 1:
            gid = c.u32()
            groups.append(m.Group(gid, c.s()))
        else:
            raise ValueError(f"unknown user list entry type {t}")
        if v2:
            c.p = end
    return users, groups


def read_all_events(path: str) -> tuple[CaptureHeader, list[EventBatch], ReadStats]:
    """Convenience for tests and small files."""
    r = CaptureReader(path)
    batches = list(r.batches())
    r.close()
    return r.header, batches, r.stats


__all__ = [
    "CaptureHeader",
    "CaptureReader",
    "EventBatch",
    "ReadStats",
    "open_stream",
    "read_all_events",
]
