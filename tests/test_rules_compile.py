"""Falco conditions -> DuckDB SQL: the golden file of `condition ; expected SQL` pairs, the truth
of every operator, transformer and missing-value case on hand-made rows, event-type inference,
and the three upstream rules files compiling rule by rule."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from analyzer.rules.compiler import compile_condition
from analyzer.rules.errors import RuleError
from analyzer.rules.evttypes import ALL, event_types
from analyzer.rules.filter import compile_filter
from analyzer.rules.loader import load_rules
from analyzer.rules.parser import parse
from analyzer.rules.plan import compile_rule

from .conftest import SHARED

GOLDEN = Path(__file__).parent / "golden" / "rules" / "conditions.txt"
UPSTREAM = [SHARED / "rules" / f for f in ("falco_rules.yaml", "falco-incubating_rules.yaml",
                                           "falco-sandbox_rules.yaml")]


# ----------------------------------------------------------------------------------- golden file
def golden_pairs() -> list[tuple[str, str]]:
    pairs = []
    for line in GOLDEN.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        assert line.count(" ; ") == 1, f"golden line must hold one ' ; ': {line}"
        cond, sql = line.split(" ; ")
        pairs.append((cond, sql))
    return pairs


def test_golden_conditions() -> None:
    pairs = golden_pairs()
    if os.environ.get("SCAPKIT_REGEN_GOLDEN") == "1":
        lines = [ln for ln in GOLDEN.read_text().splitlines() if ln.startswith("#")]
        lines += [f"{c} ; {compile_filter(c)}" for c, _ in pairs]
        GOLDEN.write_text("\n".join(lines) + "\n")
        pairs = golden_pairs()
    assert len(pairs) >= 60
    bad = [(c, want, compile_filter(c)) for c, want in pairs if compile_filter(c) != want]
    assert not bad, "\n".join(f"{c}\n  want {w}\n  got  {g}" for c, w, g in bad[:10])


def test_golden_covers_every_operator_and_transformer() -> None:
    text = "\n".join(c for c, _ in golden_pairs())
    for word in ("=", "==", "!=", "<", "<=", ">", ">=", " contains ", " icontains ", " bcontains ", " bstartswith ",
                 " startswith ", " endswith ", " glob ", " iglob ", " regex ", " in ", " intersects ", " pmatch ",
                 " exists", " oneof ", " anyof ", " allof ", "tolower(", "toupper(", "b64(", "basename(", "len(",
                 "val(", "concat(", "proc.aname[", "evt.arg.", "evt.arg[", "evt.rawarg.", "not "):
        assert word in text, f"golden file lacks {word!r}"


# ----------------------------------------------------------------------------------- semantics
def _events() -> pa.Table:
    """Rows: 1 a complete openat, 2 a row with most fields missing, 3 an execve with ancestors,
    4 an IPv6 connect, 5 a read with a buffer."""
    m = pa.map_(pa.string(), pa.string())
    evt = pa.StructArray.from_arrays([
        pa.array([1, 2, 3, 4, 5], pa.uint64()),
        pa.array(["openat", "procexit", "execve", "connect", "read"]),
        pa.array(["<", ">", "<", "<", "<"]),
        pa.array([3, None, 0, -115, 12], pa.int64()),
        pa.array(["SUCCESS", None, "SUCCESS", "EINPROGRESS", "SUCCESS"]),
        pa.array([[("flags", "O_RDONLY|O_CLOEXEC"), ("name", "/etc/shadow")], None,
                  [("filename", "/usr/bin/sh")], [("addr", "::1:80")], [("data", "cm9vdA==")]], m),
        pa.array([["3", "/etc/shadow"], None, ["0"], ["-115"], ["12"]], pa.list_(pa.string())),
        pa.array([[("flags", "4097")], None, [], [], []], m),
        pa.array([None, None, None, None, b"\x00\x01root:x:0:0"], pa.binary()),
        pa.array([True, None, False, False, False]),
    ], names=["num", "type", "dir", "rawres", "res", "arg", "arglist", "rawarg", "buffer", "is_open_read"])
    proc = pa.StructArray.from_arrays([
        pa.array(["cat", None, "sh", "curl", "Python3"]),
        pa.array(["bash", None, "nginx", None, "bash"]),
        pa.array([["bash", "sshd"], None, ["nginx", "systemd"], [], ["bash"]], pa.list_(pa.string())),
        pa.array([[100, 1], None, [300, 1], [], [100]], pa.list_(pa.int64())),
        pa.array([["/usr/bin/bash", "/usr/sbin/sshd"], None, ["/usr/sbin/nginx", "/sbin/init"], [], ["/bin/bash"]],
                 pa.list_(pa.string())),
        pa.array(["/etc/shadow", None, "-c id", "", "x.py"]),
        pa.array(["/usr/bin/cat", None, "/bin/sh", "/usr/bin/curl", "/usr/bin/python3"]),
        pa.array([["HOME=/root"], None, ["HOME=/", "LD_PRELOAD=x.so"], [], []], pa.list_(pa.string())),
        pa.array([101, None, 301, 400, 500], pa.int64()),
        pa.array([34816, None, 0, 0, 0], pa.uint32()),
    ], names=["name", "pname", "anames", "apids", "aexepaths", "args", "exepath", "env", "pid", "tty"])
    fd = pa.StructArray.from_arrays([
        pa.array([3, None, None, 4, 3], pa.int64()),
        pa.array(["/etc/shadow", None, None, "::1:40000->::1:80", "/root/x.py"]),
        pa.array(["f", None, None, "6", "f"]),
        pa.array(["/etc", None, None, None, "/root"]),
        pa.array([None, None, None, "::1", None]),
        pa.array([None, None, None, "::1", None]),
        pa.array([None, None, None, 40000, None], pa.uint16()),
        pa.array([None, None, None, 80, None], pa.uint16()),
        pa.array([None, None, None, "tcp", None]),
    ], names=["num", "name", "typechar", "directory", "cip", "sip", "cport", "sport", "l4proto"])
    user = pa.StructArray.from_arrays([pa.array([0, None, 33, 1000, 0], pa.uint32()),
                                       pa.array(["root", None, "www-data", "alice", "root"])], names=["uid", "name"])
    group = pa.StructArray.from_arrays([pa.array([0, None, 33, 1000, 0], pa.uint32())], names=["gid"])
    container = pa.StructArray.from_arrays([pa.array(["host", None, "0123456789ab", "host", "host"])], names=["id"])
    return pa.table({"evt": evt, "proc": proc, "fd": fd, "user": user, "group": group, "container": container})


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.register("events", _events())
    return c


def nums(con: duckdb.DuckDBPyConnection, cond: str) -> list[int]:
    sql = f"SELECT evt.num FROM events WHERE {compile_filter(cond)} ORDER BY 1"
    return [r[0] for r in con.execute(sql).fetchall()]


CASES: list[tuple[str, list[int]]] = [
    # equality, the missing-value rule (a check on a missing value is false whatever the operator)
    ("proc.name = cat", [1]),
    ("proc.name == cat", [1]),
    ("proc.name != cat", [3, 4, 5]),
    ("not proc.name = cat", [2, 3, 4, 5]),
    ("proc.pname != bash", [3]),
    ("not proc.pname = bash", [2, 3, 4]),
    ("proc.pname exists", [1, 3, 5]),
    ("not proc.pname exists", [2, 4]),
    ("not not proc.name = cat", [1]),
    ("proc.name in (cat, sh)", [1, 3]),
    ("not proc.name in (cat, sh)", [2, 4, 5]),
    ("proc.name in ()", []),
    # an empty list is a constant: it decides or drops out of its AND/OR (three-valued logic)
    ("proc.name in () and proc.name = cat", []),
    ("proc.name in () or proc.name = cat", [1]),
    ("not proc.name in ()", [1, 2, 3, 4, 5]),
    ("not (proc.name in () or proc.pname exists)", [2, 4]),
    ("not proc.name in () and proc.pname exists", [1, 3, 5]),
    ("proc.pname = bash or not proc.name in ()", [1, 2, 3, 4, 5]),
    ("not (proc.pname = bash and proc.name in ())", [1, 2, 3, 4, 5]),
    ("proc.name intersects (cat, curl)", [1, 4]),
    # numbers
    ("evt.rawres >= 0", [1, 3, 5]),
    ("evt.rawres < 0", [4]),
    ("evt.rawres <= 3", [1, 3, 4]),
    ("evt.rawres > 3", [5]),
    ("fd.num = 3", [1, 5]),
    ("fd.num != 3", [4]),
    ("user.uid in (0, 33)", [1, 3, 5]),
    ("proc.tty != 0", [1]),
    ("evt.num = 0", []),
    ("evt.num >= 0", [1, 2, 3, 4, 5]),
    # strings
    ("fd.name contains shad", [1]),
    ("fd.name icontains SHAD", [1]),
    ("proc.name icontains python", [5]),
    ("fd.name startswith /etc", [1]),
    ("fd.name endswith .py", [5]),
    ("fd.name glob '/etc/*'", [1]),
    ("fd.name glob '/et?/s[a-h]adow'", [1]),
    ("fd.name glob '/etc/[!s]*'", []),
    ("fd.name iglob '/ETC/*'", [1]),
    ("fd.name regex '/(etc|root)/.*'", [1, 5]),
    ("fd.name regex 'etc'", []),
    ("fd.name pmatch (/etc)", [1]),
    ("fd.name pmatch (/et)", []),
    ("fd.name pmatch (/root/x.py, /usr)", [5]),
    ("fd.name pmatch (/r*t)", [5]),
    ("fd.directory pmatch (/)", [1, 5]),
    ("proc.args = ''", [4]),
    ("proc.args contains '-c id'", [3]),
    ("proc.name startswith anyof (c, s)", [1, 3, 4]),
    ("proc.name startswith allof (c, cu)", [4]),
    ("proc.name contains oneof (a, t)", [5]),
    ("proc.name = oneof (cat, sh)", [1, 3]),
    # booleans
    ("evt.is_open_read = true", [1]),
    ("evt.is_open_read = false", [3, 4, 5]),
    ("evt.is_open_read != true", [3, 4, 5]),
    # ancestors: no index = any ancestor (parent upward), [0] = the process, [N] = Nth ancestor
    ("proc.aname = sshd", [1]),
    ("proc.aname in (nginx)", [3]),
    ("proc.aname != bash", [1, 3]),
    ("proc.aname[0] = cat", [1]),
    ("proc.aname[1] = bash", [1, 5]),
    ("proc.aname[2] = systemd", [3]),
    ("proc.aname[3] exists", []),
    ("proc.apid[2] = 1", [1, 3]),
    ("proc.aexepath[1] endswith nginx", [3]),
    # event arguments
    ("evt.arg.flags contains O_RDONLY", [1]),
    ("evt.arg.flags exists", [1]),
    ("evt.arg[1] = /etc/shadow", [1]),
    ("evt.arg[0] = -115", [4]),
    ("evt.rawarg.flags = 4097", [1]),
    ("evt.rawarg.flags > 4096", [1]),
    ("evt.arg.nosuch = x", []),
    # buffers
    ("evt.buffer bcontains 726f6f74", [5]),
    ("evt.buffer bcontains 00726f", []),
    ("evt.buffer bstartswith 0001", [5]),
    ("evt.buffer contains root", [5]),
    # transformers and val()
    ("tolower(proc.name) = python3", [5]),
    ("toupper(proc.name) = CAT", [1]),
    ("basename(fd.name) = shadow", [1]),
    ("len(proc.name) = 3", [1]),
    ("b64(evt.arg.data) = root", [5]),
    ("b64(proc.name) = x", []),
    ("proc.name = val(proc.pname)", []),
    ("proc.aname[1] = val(proc.pname)", [1, 3, 5]),
    ("proc.name != val(proc.pname)", [1, 3, 5]),
    ("concat(proc.name, proc.pname) = catbash", [1]),
    ("tolower(basename(proc.exepath)) = python3", [5]),
    # network
    ("fd.port = 80", [4]),
    ("fd.ip = '::1'", [4]),
    ("fd.sip = '0:0::1'", [4]),
    ("fd.snet = '10.0.0.0/8'", []),
    ("fd.net != '127.0.0.0/8'", [4]),
    ("fd.l4proto = tcp", [4]),
    # environment
    ("proc.env[LD_PRELOAD] exists", [3]),
    ("proc.env[HOME] = /root", [1]),
    # precedence: not binds tighter than and, and tighter than or
    ("not proc.name = cat and fd.num = 3", [5]),
    ("proc.name = cat or proc.name = sh and fd.num = 3", [1]),
    ("(proc.name = cat or proc.name = sh) and fd.num = 3", [1]),
    ("not (proc.name = cat or proc.name = sh)", [2, 4, 5]),
    ("not(proc.name = cat)", [2, 3, 4, 5]),
    # hostile values are just values
    ("proc.name = \"'); DROP TABLE events; --\"", []),
    ("proc.name = '\\x63at'", [1]),
]


@pytest.mark.parametrize(("cond", "want"), CASES, ids=[c for c, _ in CASES])
def test_condition_semantics(con: duckdb.DuckDBPyConnection, cond: str, want: list[int]) -> None:
    assert nums(con, cond) == want


def test_events_table_survives_hostile_values(con: duckdb.DuckDBPyConnection) -> None:
    nums(con, "proc.name = \"'); DROP TABLE events; --\" or fd.name contains \"'; DELETE FROM events; --\"")
    assert con.execute("SELECT count(*) FROM events").fetchone() == (5,)


# ----------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(("cond", "msg"), [
    ("proc.nme = x", "nonexistent field proc.nme"),
    ("fd.num contains 3", "'contains' operator not supported for numeric"),
    ("fd.num = abc", "'abc' is not a valid number"),
    ("evt.is_open_read = yes", "not a valid boolean"),
    ("evt.type = nosuchevent", "unknown event type nosuchevent"),
    ("fd.name bcontains zz", "not supported for fd.name"),
    ("fd.name regex '('", "invalid regular expression"),
    ("fd.sip = notanip", "not a valid IP address"),
    ("fd.snet = '10.0.0.0/33'", "not a valid IP network"),
    ("getopt(proc.args, 'x')[x] = 1", "getopt"),
])
def test_compile_errors_name_the_problem(cond: str, msg: str) -> None:
    with pytest.raises(RuleError) as ei:
        compile_filter(cond)
    assert msg in str(ei.value)
    assert str(ei.value).startswith("1:")


@pytest.mark.parametrize(("cond", "where"), [
    ("proc.name = 'abc", "1:13"),
    ("proc.name = \"abc", "1:13"),
    ("proc.name = cat and", "1:20"),
    ("proc.name = cat)", "1:16"),
    ("(proc.name = cat", "1:17"),
    ("proc.name", "1:10"),
    ("proc.name =", "1:12"),
    ("proc.name = 'a\\qb'", "1:13"),
    ("", "1:1"),
    ("proc.name = cat\nand fd.name ~ x", "2:13"),
])
def test_parse_errors_have_line_and_column(cond: str, where: str) -> None:
    with pytest.raises(RuleError) as ei:
        parse(cond)
    assert str(ei.value).startswith(where + ":"), str(ei.value)


def test_parser_precedence_and_nesting() -> None:
    from analyzer.rules.ast import And, Not, Or

    e = parse("not a and b or c")
    assert isinstance(e, Or) and isinstance(e.children[0], And) and isinstance(e.children[0].children[0], Not)
    assert parse("not not a") == parse("a")
    deep = "(" * 150 + "proc.name = x" + ")" * 150
    compile_filter(deep)
    with pytest.raises(RuleError, match="max depth"):
        parse("(" * 2000 + "proc.name = x" + ")" * 2000)


# ----------------------------------------------------------------------------------- event types
@pytest.mark.parametrize(("cond", "want"), [
    ("evt.type = open", {"open"}),
    ("evt.type in (open, openat) and proc.name = x", {"open", "openat"}),
    ("evt.type = open or evt.type = connect", {"open", "connect"}),
    ("evt.type in (open, openat) and evt.type = openat", {"openat"}),
    ("proc.name = x", None),
    ("evt.type = open or proc.name = x", None),
    ("not evt.type != open", {"open"}),
    ("not (evt.type = open or evt.type = close)", "complement"),
    ("evt.num = 0", set()),
    ("evt.type = open and evt.num = 0", set()),
    ("not evt.num = 0 and evt.type = execve", {"execve"}),
])
def test_event_type_inference(cond: str, want: set[str] | str | None) -> None:
    got = event_types(parse(cond))
    if want is None:
        assert got == ALL
    elif want == "complement":
        assert got == ALL - {"open", "close"}
    else:
        assert got == want


# ----------------------------------------------------------------------------------- upstream
@pytest.mark.parametrize(("files", "count"), [([UPSTREAM[0]], 25), ([UPSTREAM[1]], 31), ([UPSTREAM[2]], 37),
                                              (UPSTREAM, 93)], ids=["stable", "incubating", "sandbox", "all-three"])
def test_upstream_rules_compile(files: list[Path], count: int) -> None:
    if not all(f.exists() for f in files):
        pytest.fail(f"upstream rules files missing under {SHARED / 'rules'}")
    rs = load_rules(files)
    failures = []
    compiled = 0
    for r in rs.rules:
        try:
            c = compile_rule(r)
            compiled += 1
            assert c.evttypes, f"{r.name}: empty event-type set"
        except RuleError as e:
            failures.append(f"{r.name}: {e}")
    print(f"\n{', '.join(f.name for f in files)}: {compiled} of {len(rs.rules)} rules compile "
          f"({len(rs.macros)} macros, {len(rs.lists)} lists)")
    assert not failures, f"{len(failures)} rules do not compile:\n" + "\n".join(failures)
    assert compiled == len(rs.rules) == count


def test_upstream_stable_event_types() -> None:
    """The inferred event types of the 25 stable rules are the ones in the reference table."""
    rs = load_rules([UPSTREAM[0]])
    want = {
        "Directory traversal monitored file read": {"open", "openat", "openat2"},
        "Run shell untrusted": {"execve", "execveat"},
        "Contact K8S API Server From Container": {"connect"},
        "Create Symlink Over Sensitive Files": {"symlink", "symlinkat"},
        "Create Hardlink Over Sensitive Files": {"link", "linkat"},
        "Packet socket created in container": {"socket"},
        "Redirect STDOUT/STDIN to Network Connection in Container": {"dup", "dup2", "dup3"},
        "Linux Kernel Module Injection Detected": {"init_module", "finit_module"},
        "PTRACE attached to process": {"ptrace"},
        "Disallowed SSH Connection Non Standard Port": {"connect", "sendmsg", "sendto"},
    }
    for name, types in want.items():
        assert event_types(rs.rule(name).condition) == types, name
    assert all(event_types(r.condition) != ALL for r in rs.rules)


def test_compile_condition_warns_for_dns_fields() -> None:
    _, comp = compile_condition(parse("fd.sip.name = example.com"))
    assert any("DNS" in w for w in comp.warnings)
