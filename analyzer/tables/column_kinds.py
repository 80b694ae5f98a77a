"""What the rule compiler needs to know of the events table's struct members' types, without
importing Arrow (``scapkit rules`` and a scan of a cached capture need no Arrow): map columns,
lists of strings, and the width and signedness of integer columns. Derived from the events schema
(``tables/build.py``); ``tests/test_column_kinds.py`` fails when the two differ. Regenerate with
``python -m analyzer.tables.column_kinds`` after a schema change."""

from __future__ import annotations

Kind = tuple[str] | tuple[str, int, bool]

KINDS: dict[tuple[str, str], Kind] = {
    ("evt", "num"): ("int", 64, False),
    ("evt", "rawtime"): ("int", 64, False),
    ("evt", "cpu"): ("int", 32, True),
    ("evt", "rawres"): ("int", 64, True),
    ("evt", "typeid"): ("int", 16, False),
    ("evt", "file_offset"): ("int", 64, True),
    ("evt", "latency"): ("int", 64, False),
    ("evt", "wait_latency"): ("int", 64, False),
    ("evt", "reltime"): ("int", 64, False),
    ("evt", "deltatime"): ("int", 64, False),
    ("evt", "buflen"): ("int", 64, True),
    ("evt", "arg"): ("map",),
    ("evt", "arglist"): ("strings",),
    ("evt", "rawarg"): ("map",),
    ("thread", "tid"): ("int", 64, True),
    ("thread", "vtid"): ("int", 64, True),
    ("proc", "pid"): ("int", 64, True),
    ("proc", "ppid"): ("int", 64, True),
    ("proc", "vpid"): ("int", 64, True),
    ("proc", "tty"): ("int", 32, False),
    ("proc", "sid"): ("int", 64, True),
    ("proc", "vpgid"): ("int", 64, True),
    ("proc", "anames"): ("strings",),
    ("proc", "env"): ("strings",),
    ("proc", "duration"): ("int", 64, True),
    ("proc", "pid_ts"): ("int", 64, True),
    ("proc", "aexepaths"): ("strings",),
    ("proc", "aexes"): ("strings",),
    ("proc", "exe_ino"): ("int", 64, False),
    ("proc", "exe_ino_ctime"): ("int", 64, True),
    ("proc", "exe_ino_mtime"): ("int", 64, True),
    ("proc", "exe_ino_ctime_duration_proc_start"): ("int", 64, True),
    ("proc", "exe_ino_ctime_duration_pidns_start"): ("int", 64, True),
    ("proc", "pidns_init_start_ts"): ("int", 64, True),
    ("proc", "loginshellid"): ("int", 64, True),
    ("user", "uid"): ("int", 32, False),
    ("user", "loginuid"): ("int", 64, True),
    ("group", "gid"): ("int", 32, False),
    ("fd", "num"): ("int", 64, True),
    ("fd", "sport"): ("int", 16, False),
    ("fd", "cport"): ("int", 16, False),
    ("fd", "lport"): ("int", 16, False),
    ("fd", "rport"): ("int", 16, False),
    ("fd", "openflags"): ("int", 32, False),
    ("fd", "ips"): ("strings",),
    ("container", "start_ts"): ("int", 64, True),
    ("container", "duration"): ("int", 64, True),
    ("container", "label_map"): ("map",),
    ("k8s", "pod_labels"): ("map",),
}


def from_schema() -> dict[tuple[str, str], Kind]:
    """The kinds as the events schema gives them (imports Arrow and the table builder)."""
    import pyarrow as pa

    from .build import EVENTS_SCHEMA

    out: dict[tuple[str, str], Kind] = {}
    for f in EVENTS_SCHEMA:
        if not pa.types.is_struct(f.type):
            continue
        for i in range(f.type.num_fields):
            m = f.type.field(i)
            t = m.type
            if pa.types.is_map(t):
                out[(f.name, m.name)] = ("map",)
            elif pa.types.is_list(t) and pa.types.is_string(t.value_type):
                out[(f.name, m.name)] = ("strings",)
            elif pa.types.is_integer(t):
                out[(f.name, m.name)] = ("int", t.bit_width, pa.types.is_signed_integer(t))
    return out


if __name__ == "__main__":  # prints the KINDS entries for this file
    for (s, m), k in from_schema().items():
        print(f'    ("{s}", "{m}"): {k!r},')
