"""Build the BPF object and the loader library into the user cache, keyed by a hash of the sources.

``vmlinux.h`` is generated from the running kernel's BTF with bpftool; the object is compiled
with ``clang -target bpf`` and the loader (``loader.c``) with the C compiler against libbpf.
Nothing built is committed: ``make capture`` or the first capture builds it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SRC_DIR = Path(__file__).resolve().parent / "bpf"
SOURCES = ("scap_bpf.h", "scap_probe.bpf.c", "loader.c")
BTF_PATH = Path("/sys/kernel/btf/vmlinux")


class CaptureSetupError(RuntimeError):
    """Something the capture needs is missing; the message says what and how to fix it."""


@dataclass(frozen=True, slots=True)
class Artifacts:
    bpf_object: Path
    loader: Path


def cache_root() -> Path:
    base = os.environ.get("SCAPKIT_CACHE_DIR")
    if base:
        return Path(base) / "capture"
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "scapkit" / "capture"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if not path:
        raise CaptureSetupError(f"{name} not found: install it (apt-get install {package})")
    return path


def source_key() -> str:
    h = hashlib.sha256()
    for name in SOURCES:
        h.update(name.encode() + b"\0" + (SRC_DIR / name).read_bytes())
    try:
        st = BTF_PATH.stat()
        h.update(f"{os.uname().release}:{st.st_size}".encode())
    except OSError:
        pass
    return h.hexdigest()[:16]


def _run(cmd: list[str], what: str, stdout: int | None = None) -> None:
    with open(os.devnull, "wb") if stdout is None else open(os.devnull, "wb") as devnull:
        r = subprocess.run(cmd, stdout=stdout if stdout is not None else devnull, stderr=subprocess.PIPE)
    if r.returncode != 0:
        err = r.stderr.decode(errors="replace").strip().splitlines()
        tail = "; ".join(line for line in err if "error" in line.lower())[:400] or (err[-1] if err else "")
        raise CaptureSetupError(f"{what} failed ({' '.join(cmd[:2])}): {tail}")


def build(out_dir: Path | None = None, *, force: bool = False) -> Artifacts:
    """Build (or reuse) the probe object and the loader library; returns their paths."""
    if not BTF_PATH.exists():
        raise CaptureSetupError(
            f"{BTF_PATH} is missing: the kernel must be built with CONFIG_DEBUG_INFO_BTF=y for CO-RE eBPF"
        )
    out = (out_dir or cache_root()) / source_key()
    art = Artifacts(out / "scap_probe.bpf.o", out / "libscapcap.so")
    if not force and art.bpf_object.exists() and art.loader.exists():
        return art
    clang = _tool("clang", "clang")
    bpftool = _tool("bpftool", "bpftool")
    cc = shutil.which("cc") or shutil.which("gcc") or clang
    if not Path("/usr/include/bpf/libbpf.h").exists():
        raise CaptureSetupError("libbpf headers not found: install them (apt-get install libbpf-dev)")
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".build-{os.getpid()}"
    tmp.mkdir(exist_ok=True)
    try:
        vmlinux = tmp / "vmlinux.h"
        with open(vmlinux, "wb") as fh:
            r = subprocess.run(
                [bpftool, "btf", "dump", "file", str(BTF_PATH), "format", "c"], stdout=fh, stderr=subprocess.PIPE
            )
        if r.returncode != 0:
            raise CaptureSetupError(f"bpftool could not dump {BTF_PATH}: {r.stderr.decode(errors='replace')[:300]}")
        obj = tmp / art.bpf_object.name
        _run(
            [clang, "-g", "-O2", "-target", "bpf", "-D__TARGET_ARCH_x86", f"-I{tmp}", f"-I{SRC_DIR}",
             "-c", str(SRC_DIR / "scap_probe.bpf.c"), "-o", str(obj)],
            "compiling the BPF program",
        )
        lib = tmp / art.loader.name
        _run(
            [cc, "-O2", "-shared", "-fPIC", "-Wall", "-Wno-format-truncation", f"-I{SRC_DIR}",
             str(SRC_DIR / "loader.c"), "-o", str(lib), "-lbpf"],
            "compiling the loader",
        )
        os.replace(obj, art.bpf_object)
        os.replace(lib, art.loader)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return art


def main() -> None:
    import sys

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    try:
        art = build(out, force="--force" in sys.argv)
    except CaptureSetupError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    print(art.bpf_object)
    print(art.loader)


if __name__ == "__main__":
    main()
