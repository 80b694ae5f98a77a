"""`scapkit sql` results as table, csv or json, whatever types the query returns.

DuckDB types that Arrow cannot carry faithfully (INTERVAL, HUGEINT/UHUGEINT, BIT, TIME WITH TIME
ZONE, BLOB, UNION, BIGNUM...) are turned into DuckDB's own text before they leave DuckDB, also
inside lists, structs, maps and arrays; the rest is rendered from Arrow (nanosecond timestamps as
text: Python has no nanosecond datetimes).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import IO, Any

import duckdb
import pyarrow as pa

# leaf types whose Arrow form is exact and printable as is
_SAFE = frozenset({
    "boolean", "tinyint", "smallint", "integer", "bigint", "utinyint", "usmallint", "uinteger", "ubigint",
    "float", "double", "decimal", "varchar", "date", "time", "timestamp", "timestamp_s", "timestamp_ms",
    "timestamp_ns", "timestamp with time zone", "timestamptz_ns", "uuid", "enum", "null",
})
# leaf types turned into text that are whole numbers (JSON prints them as numbers)
_INTEGERS = frozenset({"hugeint", "uhugeint", "bignum", "varint"})


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text_type(t: duckdb.DuckDBPyType) -> str | None:
    """The type to cast a value of type ``t`` to so that every leaf Arrow cannot carry becomes
    VARCHAR, or None when ``t`` needs no cast."""
    tid = t.id
    if tid in ("list", "array"):
        inner = _text_type(t.children[0][1])
        if inner is None:
            return None
        return f"{inner}[]" if tid == "list" else f"{inner}[{t.children[1][1]}]"
    if tid == "struct":
        members = [(name, _text_type(ct)) for name, ct in t.children]
        if all(m is None for _, m in members):
            return None
        return "STRUCT(" + ", ".join(f"{_ident(name)} {m if m is not None else ct}"
                                     for (name, m), (_, ct) in zip(members, t.children, strict=True)) + ")"
    if tid == "map":
        k, v = (_text_type(ct) for _, ct in t.children)
        if k is None and v is None:
            return None
        return f"MAP({k or t.children[0][1]}, {v or t.children[1][1]})"
    return None if tid in _SAFE else "VARCHAR"


def _unique(names: list[str]) -> list[str]:
    """Column names made distinct as DuckDB makes them in a table: a repeated name gets _1, _2..."""
    seen: set[str] = set()
    out = []
    for name in names:
        new, k = name, 0
        while new in seen:
            k += 1
            new = f"{name}_{k}"
        seen.add(new)
        out.append(new)
    return out


# the events table's struct columns: ``proc.name`` in a select list names its result column
# "proc.name" (DuckDB names it "name", and fd.name "name_1")
_STRUCTS = frozenset(("evt", "thread", "proc", "user", "group", "fd", "container", "k8s"))


def member_names(query: str) -> list[str | None] | None:
    """Per result column of the query's last statement: "struct.member" for a plain reference to
    a member of a struct column (``proc.name``, without an alias), else None; None when the
    columns cannot be told from the text (a ``*``, a set operation, a statement that is no
    SELECT)."""
    import sqlglot
    from sqlglot import exp

    try:
        statements = [t for t in sqlglot.parse(query, read="duckdb") if t is not None and not isinstance(t, exp.Semicolon)]
    except sqlglot.errors.SqlglotError:
        return None
    tree = statements[-1] if statements else None
    if not isinstance(tree, exp.Select) or any(isinstance(e, exp.Star) or
                                                 isinstance(e, exp.Column) and isinstance(e.this, exp.Star)
                                                 for e in tree.expressions):
        return None
    # the names the query's FROM and JOINs give (tables, subqueries, unnest and lateral aliases): a
    # column qualified by one of them is no struct member
    tables: set[str] = set()
    for src in [tree.args.get("from_") or tree.args.get("from"), *(tree.args.get("joins") or [])]:
        if src is None:
            continue
        for node in src.find_all(exp.Table, exp.TableAlias):
            tables.add(node.alias_or_name if isinstance(node, exp.Table) else node.name)
    out: list[str | None] = []
    for e in tree.expressions:
        if isinstance(e, exp.Column) and len(e.parts) == 2 and e.table in _STRUCTS and e.table not in tables:
            out.append(f"{e.table}.{e.name}")
        else:
            out.append(None)
    return out


def query_table(con: duckdb.DuckDBPyConnection, query: str) -> tuple[pa.Table | None, set[int]]:
    """Run ``query``; its result as Arrow (None for a statement without result) and the positions
    of whole-number columns that came out as text (HUGEINT...). A result column that is a plain
    struct member reference is named after it (:func:`member_names`)."""
    rel = con.sql(query)
    if rel is None:
        return None, set()
    exprs, integers = [], set()
    hints = member_names(query)
    given = list(rel.columns)
    if hints is not None and len(hints) == len(given):
        given = [h or c for h, c in zip(hints, given, strict=True)]
    names = _unique(given)
    cast = names != list(rel.columns)  # json keys must differ: evt.num and fd.num are both "num"
    for i, (name, t) in enumerate(zip(names, rel.types, strict=True)):
        target = _text_type(t)
        if target is None:
            exprs.append(f"#{i + 1} AS {_ident(name)}")
            continue
        cast = True
        if t.id in _INTEGERS:
            integers.add(i)
        exprs.append(f"CAST(#{i + 1} AS {target}) AS {_ident(name)}")
    if cast:
        rel = rel.project(", ".join(exprs))
    res = rel.to_arrow_table()
    if res.num_rows == 0 and res.schema.names == ["Success"] and pa.types.is_boolean(res.schema.types[0]):
        return None, set()  # a statement without rows (SET...): DuckDB 2 answers with an empty "Success"
    return res, integers


# ---------------------------------------------------------------------- Arrow to Python values
def _printable_type(t: pa.DataType) -> pa.DataType:
    """``t`` with every timestamp (also inside structs, lists and maps) as text."""
    if pa.types.is_timestamp(t):
        return pa.string()
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _printable_type(f.type), f.nullable) for f in t])
    if pa.types.is_fixed_size_list(t):
        return pa.list_(_printable_type(t.value_type), t.list_size)
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.list_(_printable_type(t.value_type))
    if pa.types.is_map(t):
        return pa.map_(_printable_type(t.key_type), _printable_type(t.item_type))
    return t


def _printable(res: pa.Table) -> pa.Table:
    schema = pa.schema([pa.field(f.name, _printable_type(f.type), f.nullable) for f in res.schema])
    return res.cast(schema)


def _plain(v: Any, t: pa.DataType) -> Any:
    """A value as JSON holds it: maps as objects, non-finite floats, decimals, dates and times as text."""
    if v is None:
        return None
    if pa.types.is_map(t):
        return {k if isinstance(k, str) else _scalar_text(_plain(k, t.key_type)): _plain(x, t.item_type)
                for k, x in v}
    if pa.types.is_struct(t):
        return {f.name: _plain(v.get(f.name), f.type) for f in t}
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return [_plain(x, t.value_type) for x in v]
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, bool | int | str):
        return v
    if isinstance(v, bytes | bytearray):
        return v.decode("utf-8", "backslashreplace")
    return str(v)  # Decimal (exact), date, time, dictionary values...


def _scalar_text(v: Any) -> str:
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)


def _text(v: Any, t: pa.DataType) -> str | None:
    """One value as a table or CSV cell: nested values as their JSON text."""
    if v is None:
        return None
    if pa.types.is_nested(t):
        return json.dumps(_plain(v, t), ensure_ascii=False)
    p = _plain(v, t)
    return p if isinstance(p, str) else json.dumps(p)


def rows(res: pa.Table, integers: set[int]) -> Iterator[dict[str, Any]]:
    """JSON-ready rows (a column name given twice keeps its last value, as before)."""
    res = _printable(res)
    types = [f.type for f in res.schema]
    for batch in res.to_batches(max_chunksize=65536):
        cols = [c.to_pylist() for c in batch.columns]
        for r in range(batch.num_rows):
            out: dict[str, Any] = {}
            for i, name in enumerate(res.column_names):
                v = cols[i][r]
                out[name] = int(v) if i in integers and v is not None else _plain(v, types[i])
            yield out


def text_rows(res: pa.Table) -> Iterator[list[str | None]]:
    res = _printable(res)
    types = [f.type for f in res.schema]
    for batch in res.to_batches(max_chunksize=65536):
        cols = [c.to_pylist() for c in batch.columns]
        for r in range(batch.num_rows):
            yield [_text(cols[i][r], types[i]) for i in range(len(types))]


def csv_ready(res: pa.Table) -> pa.Table:
    """CSV holds flat values: a struct, list or map column becomes its JSON text per row."""
    res = _printable(res)
    cols = []
    for f, c in zip(res.schema, res.columns, strict=True):
        t = f.type
        if pa.types.is_nested(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t):
            c = pa.array([_text(v, t) for v in c.to_pylist()], pa.string())
        cols.append(c)
    return pa.table(cols, names=res.column_names)


def write_json(res: pa.Table, integers: set[int], out: IO[str]) -> None:
    for row in rows(res, integers):
        out.write(json.dumps(row) + "\n")
