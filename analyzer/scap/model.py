"""Plain data records for the metadata blocks of a capture (shared by reader and writer)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Block type ids (see the format reference, section 1.3).
SHB = 0x0A0D0D0A
MI = 0x201
MI_LEGACY = 0x8002ABCD
PL_V1 = 0x202
PL_V2 = 0x207
PL_V3 = 0x209
PL_V4 = 0x210
PL_V5 = 0x211
PL_V6 = 0x212
PL_V7 = 0x213
PL_V8 = 0x214
PL_V9 = 0x215
PL_LEGACY = {0x8000ABCD: PL_V1, 0x8013ABCD: PL_V2, 0x8014ABCD: PL_V3}
FDL = 0x203
FDL_LEGACY = 0x8001ABCD
FDL_V2 = 0x218
IL = 0x205
IL_LEGACY = 0x8011ABCD
IL_V2 = 0x219
UL = 0x206
UL_LEGACY = 0x8012ABCD
UL_V2 = 0x220
EV = 0x204
EV_LEGACY = 0x8010ABCD
EVF = 0x208
EV_V2 = 0x216
EVF_V2 = 0x217
EV_V2_LARGE = 0x221
EVF_V2_LARGE = 0x222

PL_VERSION = {PL_V1: 1, PL_V2: 2, PL_V3: 3, PL_V4: 4, PL_V5: 5, PL_V6: 6, PL_V7: 7, PL_V8: 8, PL_V9: 9}
EVENT_BLOCKS = {EV, EV_LEGACY, EVF, EV_V2, EVF_V2, EV_V2_LARGE, EVF_V2_LARGE}
EVENT_BLOCKS_V2 = {EV_V2, EVF_V2, EV_V2_LARGE, EVF_V2_LARGE}
EVENT_BLOCKS_FLAGS = {EVF, EVF_V2, EVF_V2_LARGE}

BLOCK_NAMES = {
    SHB: "SHB", MI: "MI", MI_LEGACY: "MI", FDL: "FDL", FDL_LEGACY: "FDL", FDL_V2: "FDL_V2",
    IL: "IL", IL_LEGACY: "IL", IL_V2: "IL_V2", UL: "UL", UL_LEGACY: "UL", UL_V2: "UL_V2",
    EV: "EV", EV_LEGACY: "EV", EVF: "EVF", EV_V2: "EV_V2", EVF_V2: "EVF_V2",
    EV_V2_LARGE: "EV_V2_LARGE", EVF_V2_LARGE: "EVF_V2_LARGE",
    **{k: f"PL_V{v}" for k, v in PL_VERSION.items()},
    **{k: f"PL_V{PL_VERSION[v]}" for k, v in PL_LEGACY.items()},
}

# scap fd types (FDL entries)
FD_UNKNOWN = 0  # libsinsp's type of a socket of a domain it does not model (AF_PACKET...)
FD_FILE = 1
FD_DIRECTORY = 2
FD_IPV4_SOCK = 3
FD_IPV6_SOCK = 4
FD_IPV4_SERVSOCK = 5
FD_IPV6_SERVSOCK = 6
FD_FIFO = 7
FD_UNIX_SOCK = 8
FD_EVENT = 9
FD_UNSUPPORTED = 10
FD_SIGNALFD = 11
FD_EVENTPOLL = 12
FD_INOTIFY = 13
FD_TIMERFD = 14
FD_NETLINK = 15
FD_FILE_V2 = 16
FD_BPF = 17
FD_USERFAULTFD = 18
FD_IOURING = 19
FD_MEMFD = 20
FD_PIDFD = 21

# PPM_CL_* clone flags (driver/ppm_events_public.h); the one definition the project uses
CL_CLONE_FILES = 1 << 0
CL_CLONE_FS = 1 << 1
CL_CLONE_SIGHAND = 1 << 11
CL_CLONE_THREAD = 1 << 13
CL_CLONE_VM = 1 << 15
CL_CLONE_INVERTED = 1 << 16  # set by the reader of the events, not by the kernel
CL_ACTIVE = 1 << 19  # likewise
CL_CLONE_CHILD_CLEARTID = 1 << 23
CL_CLONE_CHILD_SETTID = 1 << 24
CL_CLONE_SETTLS = 1 << 25
CL_CLONE_VFORK = 1 << 27
CL_CHILD_IN_PIDNS = 1 << 29
CL_IS_MAIN_THREAD = 1 << 30


@dataclass(slots=True)
class MachineInfo:
    num_cpus: int = 0
    memory_bytes: int = 0
    max_pid: int = 0
    hostname: str = ""
    boot_ts: int = 0
    flags: int = 0


@dataclass(slots=True)
class Interface:
    family: int  # 4 or 6
    name: str
    addr: bytes
    netmask: bytes
    bcast: bytes
    linkspeed: int = 0


@dataclass(slots=True)
class User:
    uid: int
    gid: int
    name: str
    homedir: str = ""
    shell: str = ""


@dataclass(slots=True)
class Group:
    gid: int
    name: str


@dataclass(slots=True)
class ProcEntry:
    """One thread of the process list block (PL)."""

    tid: int
    pid: int
    ptid: int
    comm: str = ""
    exe: str = ""
    exepath: str = ""
    args: list[str] = field(default_factory=list)
    cwd: str = ""
    fdlimit: int = 0
    flags: int = 0
    uid: int = 0
    gid: int = 0
    sid: int = 0
    vpgid: int = 0
    vmsize_kb: int = 0
    vmrss_kb: int = 0
    vmswap_kb: int = 0
    pfmajor: int = 0
    pfminor: int = 0
    env: list[str] = field(default_factory=list)
    vtid: int = 0
    vpid: int = 0
    cgroups: list[str] = field(default_factory=list)
    root: str = "/"
    loginuid: int | None = None
    exe_writable: bool = False
    cap_inheritable: int = 0
    cap_permitted: int = 0
    cap_effective: int = 0
    tty: int = 0
    pidns_init_start_ts: int = 0
    exe_upper_layer: bool = False
    exe_lower_layer: bool = False
    exe_from_memfd: bool = False
    exe_ino: int = 0
    exe_ino_ctime: int = 0
    exe_ino_mtime: int = 0
    pgid: int = -1


@dataclass(slots=True)
class FdEntry:
    """One fd of a thread's fd list block (FDL)."""

    fd: int
    ino: int
    type: int
    name: str = ""
    open_flags: int = 0
    sip: bytes = b""
    dip: bytes = b""
    sport: int = 0
    dport: int = 0
    l4proto: int = 0
    source: int = 0
    dest: int = 0
    dev: int | None = None
