from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SCAPKIT_SHARED") or Path(__file__).resolve().parents[1].parent / "shared" / "fixtures")
TRACES = sorted((SHARED / "traces").glob("*.scap")) if (SHARED / "traces").is_dir() else []
IN_CI = os.environ.get("SCAPKIT_CI") == "1"


def need_sysdig() -> str:
    path = shutil.which("sysdig")
    if path is None:
        skip_or_fail("sysdig is not installed (make test installs it)")
    return path


def need_capture() -> None:
    """Root, BTF and a buildable eBPF probe; fail (not skip) in CI."""
    from capture.build import CaptureSetupError, build

    problem = None
    if os.geteuid() != 0:
        problem = "eBPF capture tests need root"
    else:
        try:
            build()
        except CaptureSetupError as e:
            problem = str(e)
    if problem:
        skip_or_fail(problem)


def skip_or_fail(reason: str) -> None:
    """Skip locally; in CI (SCAPKIT_CI=1) a missing oracle or fixture is a failure, never a skip."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def need_traces() -> list[Path]:
    if not TRACES:
        skip_or_fail(f"shared traces not found under {SHARED}")
    return TRACES


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAPKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def load_generator() -> ModuleType:
    """benchmarks/gen_capture.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("gen_capture", REPO / "benchmarks" / "gen_capture.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the body runs
    spec.loader.exec_module(mod)
    return mod
