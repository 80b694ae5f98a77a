"""ctypes mirrors of the records in ``capture/bpf/scap_bpf.h`` (keep both in step; a test checks)."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

HEADER = Path(__file__).resolve().parent / "bpf" / "scap_bpf.h"

SCAP_MAX_PARAMS = 32
SCAP_NSYSCALLS = 512
SCAP_NFLAGTABLES = 8
SCAP_FLAGTABLE_LEN = 48
SCAP_MAX_CGROUPS = 16
SCAP_COMM_LEN = 16

K_NONE, K_ARG, K_RET, K_STR, K_BUF_RET, K_BUF_LEN, K_IOV_RET, K_IOV_LEN = range(8)
K_MSG_RET, K_MSG_LEN, K_SOCKADDR, K_TUPLE, K_FD_DEV, K_FD_INO, K_FLAGS, K_OPEN_MODE = range(8, 16)
K_PAIR_FD, K_PAIR_INO, K_CLONE_FLAGS, K_PROC, K_EXECFN, K_DYN_U64, K_SYSCALLID, K_NATIVEID = range(16, 24)
K_ARG_U32, K_OPEN2, K_DYN_RET, K_PAIR_SK = 25, 26, 27, 28

SC_DEFER_ENTER = 2

FILTER_PIDS = 1
FILTER_FOLLOW = 2
FILTER_COMM = 4
FILTER_CGROUP = 8

ST_EVENTS, ST_DROPS, ST_DROPS_SCRATCH, ST_NSTATS = range(4)


class ScapParam(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_uint8), ("a", ctypes.c_uint8), ("b", ctypes.c_uint8), ("size", ctypes.c_uint8)]


class ScapSyscall(ctypes.Structure):
    _fields_ = [
        ("enter_type", ctypes.c_uint16),
        ("ppm_sc", ctypes.c_uint16),
        ("n_enter", ctypes.c_uint8),
        ("n_exit", ctypes.c_uint8),
        ("flags", ctypes.c_uint8),
        ("enabled", ctypes.c_uint8),
        ("enter", ScapParam * SCAP_MAX_PARAMS),
        ("exit", ScapParam * SCAP_MAX_PARAMS),
    ]


class ScapFlag(ctypes.Structure):
    _fields_ = [("mask", ctypes.c_uint32), ("value", ctypes.c_uint32), ("ppm", ctypes.c_uint32)]


class ScapFlagTable(ctypes.Structure):
    _fields_ = [("n", ctypes.c_uint32), ("f", ScapFlag * SCAP_FLAGTABLE_LEN)]


class ScapConfig(ctypes.Structure):
    _fields_ = [
        ("boot_ts", ctypes.c_uint64),
        ("snaplen", ctypes.c_uint32),
        ("filters", ctypes.c_uint32),
        ("self_tgid", ctypes.c_uint32),
        ("n_cgroups", ctypes.c_uint32),
        ("cgroup_ids", ctypes.c_uint64 * SCAP_MAX_CGROUPS),
        ("comm", ctypes.c_char * SCAP_COMM_LEN),
    ]


def header_constants() -> dict[str, int]:
    """The numeric #defines and enum values of the C header (for the consistency test)."""
    text = HEADER.read_text()
    out: dict[str, int] = {}
    for name, val in re.findall(r"#define (\w+) \(?(0x[0-9a-fA-F]+|\d+)\)?\s", text):
        out[name] = int(val, 0)
    for name, val in re.findall(r"\b(K_\w+|ST_\w+) = (\d+)", text):
        out[name] = int(val)
    return out
