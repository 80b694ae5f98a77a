"""The field catalogue covers every field the upstream rules files use, and each entry points at a
real member of the events table."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pytest
import yaml

from analyzer.tables.build import EVENTS_SCHEMA, build_tables
from analyzer.tables.fields import FIELDS, extract, parse_field, render_field

from .conftest import SHARED, TRACES, need_traces, skip_or_fail

RULE_FILES = sorted((SHARED / "rules").glob("*.yaml")) if (SHARED / "rules").is_dir() else []
CLASSES = ("evt", "proc", "thread", "user", "group", "fd", "container", "k8s", "fs", "fdlist")
# a field expression: class.member[.member...] with an optional [argument]
_TOKEN = re.compile(r"(?<![\w.\-/%])%?((?:" + "|".join(CLASSES) + r")\.[a-z0-9_]+(?:\.[a-z0-9_]+)*(?:\[[^\]\s]*\])?)")


def _strip_quoted(text: str) -> str:
    """Drop quoted strings (values like "k8s.io/kube-proxy" are not fields)."""
    return re.sub(r"\"[^\"]*\"|'[^']*'", " ", text)


def _rule_fields(path: Path) -> set[str]:
    found: set[str] = set()
    for item in yaml.safe_load(path.read_text()) or []:
        if not isinstance(item, dict):
            continue
        texts = [item.get("condition"), item.get("output")]
        for exc in item.get("exceptions") or []:
            flds = exc.get("fields")
            texts.extend([flds] if isinstance(flds, str) else (flds or []))
        for t in texts:
            if isinstance(t, str):
                src = t if t is item.get("output") else _strip_quoted(t)
                found.update(m.group(1).rstrip(".") for m in _TOKEN.finditer(src))
    return found


def _members(struct: str) -> dict[str, pa.DataType]:
    t = EVENTS_SCHEMA.field(struct).type
    return {t.field(i).name: t.field(i).type for i in range(t.num_fields)}


def test_every_catalogue_column_exists() -> None:
    for f in FIELDS.values():
        struct, member = f.column
        assert member in _members(struct), f"{f.name}: no member {struct}.{member} in the events table"
        if f.multi or f.sep is not None:
            assert pa.types.is_list(_members(struct)[member]), f"{f.name}: list semantics on a non-list column"


def test_rule_files_fields_are_all_in_the_catalogue() -> None:
    if not RULE_FILES:
        skip_or_fail(f"rules files not found under {SHARED}")
    used: set[str] = set()
    for p in RULE_FILES:
        used |= _rule_fields(p)
    # the stable file alone uses the 71 expressions of reference/falco-rules.md section 3.1
    assert len(_rule_fields(SHARED / "rules" / "falco_rules.yaml")) >= 71
    missing = []
    for name in sorted(used):
        try:
            parse_field(name)
        except ValueError:
            missing.append(name)
    assert not missing, f"fields used by the rules but not in the catalogue: {missing}"
    for name in ("thread.cap_effective", "proc.aexepath[2]", "evt.arg.flags", "fd.sip.name",
                 "container.mount.dest[/var/run/docker.sock]", "k8s.ns.name", "proc.exe_ino.ctime"):
        assert name in used


@pytest.mark.parametrize("trace", TRACES or [Path("missing")], ids=lambda p: p.name)
def test_every_rule_field_extracts_and_renders(trace: Path) -> None:
    need_traces()
    if not RULE_FILES:
        skip_or_fail("rules files not found")
    ev = build_tables([str(trace)]).events
    used: set[str] = set()
    for p in RULE_FILES:
        used |= _rule_fields(p)
    for name in sorted(used | set(FIELDS) - {"evt.arg", "evt.rawarg", "container.label", "k8s.pod.label",
                                              "container.mount.dest"}):
        values = extract(ev, name)
        assert len(values) == ev.num_rows, name
        for v in values[:50]:
            assert isinstance(render_field(name, v), str)


def test_rule_fields_compile_and_run_in_duckdb(tmp_path: Path) -> None:
    """Each field the rules use, in a simple condition, gives SQL that DuckDB binds and runs over the
    events table (catches list columns compared as scalars, missing members, wrong types)."""
    from analyzer.rules.filter import compile_filter
    from analyzer.session.dataset import open_dataset, run_sql

    from .test_fields_extras import write_scenario

    if not RULE_FILES:
        need_traces()
        skip_or_fail("rules files not found")
    cap = tmp_path / "scenario.scap"
    write_scenario(cap)
    ds = open_dataset([str(cap)], use_cache=False)
    used: set[str] = set()
    for p in RULE_FILES:
        used |= _rule_fields(p)
    failures = []
    for name in sorted(used):
        f, _ = parse_field(name)
        if f.type in ("ipaddr", "ipnet", "bool"):
            cond = f"{name} exists"
        elif f.type in ("int", "uint", "reltime", "abstime"):
            cond = f"{name} != 7"
        else:
            cond = f"{name} = open" if name == "evt.type" else f"{name} != zz"
        try:
            sql = compile_filter(cond)
            run_sql(ds, f"SELECT count(*) AS n FROM events WHERE {sql}")
        except Exception as e:  # noqa: BLE001 - collect every failure
            failures.append(f"{cond}: {str(e).splitlines()[0][:200]}")
    assert not failures, "\n".join(failures)
