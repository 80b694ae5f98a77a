"""scapkit command line: info, print, convert, sql, fields."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from .filter_arg import compile_or_exit, split_condition
from .opening import open_with_progress, progress_bar
from .rules_cmd import app as rules_app
from .scan_cmd import scan_cmd
from .tui_cmd import tui as tui_command

if TYPE_CHECKING:
    import pyarrow as pa

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Offline forensic analyzer for .scap syscall captures.")
err = Console(stderr=True, soft_wrap=True)

app.add_typer(rules_app, name="rules")
app.command("scan")(scan_cmd)

TraceArg = Annotated[list[str], typer.Argument(help="a .scap or .scap.gz file, several files, or a directory of rotated captures")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="decode again instead of reusing the cached tables")]


@app.command()
def info(traces: TraceArg, no_cache: NoCache = False, json_out: Annotated[bool, typer.Option("--json", help="print the summary as one JSON object")] = False) -> None:
    """Header (host, cpus), time range, events by type, threads, fds, drops, skipped ids, truncation.

    Exit status: 0 on success, 2 for usage or input errors (a capture that cannot be read).
    """
    ds = open_with_progress(traces, no_cache)
    m = ds.meta
    sm: dict[str, Any] = m["summary"]  # type: ignore[assignment]  # gathered while the tables were written
    bytype: list[tuple[str | None, int]] = [(k, int(v)) for k, v in sm["events_by_type"]]
    rng = (sm["first_ns"], sm["last_ns"])
    data = {
        "files": ds.paths, "hostname": m["hostname"], "num_cpus": m["num_cpus"], "format": m["shb_version"],
        "blocks": m["blocks"], "events": m["events"], "first_ns": rng[0], "last_ns": rng[1],
        "threads_in_process_list": m["procs"], "threads_seen": sm["threads_seen"], "fd_versions": sm["fd_versions"],
        "events_by_type": dict(bytype), "skipped_unknown_event_ids": m["skipped_unknown"],
        "truncated_at": m["truncated_at"], "drops": sm["drops"], "from_cache": ds.from_cache,
    }
    if json_out:
        print(json.dumps(data, indent=1, default=str))
        return
    out = Console()
    out.print(f"[bold]capture[/bold] {', '.join(ds.paths)}")
    out.print(f"host {data['hostname']}  cpus {data['num_cpus']}  format {data['format']}  blocks {data['blocks']}")
    if rng[0] is not None:
        from ..tables.fields import utc_iso8601  # as %evt.time.iso8601 prints a time

        out.print(f"time {utc_iso8601(rng[0])} .. {utc_iso8601(rng[1])}  ({(rng[1] - rng[0]) / 1e9:.3f} s)")
    out.print(f"events {data['events']}  threads in process list {data['threads_in_process_list']}  "
              f"threads seen {data['threads_seen']}  fd versions {data['fd_versions']}  drops {data['drops']}")
    if m["skipped_unknown"]:
        out.print(f"[yellow]skipped unknown event ids[/yellow] {m['skipped_unknown']}")
    if m["truncated_at"] is not None:
        out.print(f"[yellow]truncated at byte offset {m['truncated_at']}[/yellow]")
    tb = Table("type", "events", title="events by type")
    for k, v in bytype[:25]:
        tb.add_row(str(k), str(v))
    out.print(tb)


@app.command("print")
def print_cmd(
    traces: Annotated[list[str], typer.Argument(
        metavar="TRACE... [CONDITION]",
        help="captures (a .scap or .scap.gz file, several, or a directory of rotated captures), then "
             "optionally a Falco condition, e.g. 'evt.type = openat and fd.name startswith /etc'")],
    fmt: Annotated[str | None, typer.Option("-p", "--format", help="sysdig-style format with %field tokens; a leading * prints lines with missing fields")] = None,
    all_events: Annotated[bool, typer.Option("--all", help="also print the events sysdig never prints: internal ones (procinfo, container, ...) and state-only ones")] = False,
    no_cache: NoCache = False,
) -> None:
    """Print events as `sysdig -r` prints them. A last argument that is not a file is a Falco
    condition: only matching events are printed. A capture not decoded yet is printed as it is
    decoded (and cached for the next command); when the reader goes away (| head) decoding stops.

    Exit status: 0 on success (also when no event matched), 2 for usage or input errors (a bad -p format or condition, a capture that cannot be read).
    """  # noqa: E501 - one line per paragraph: --help wraps it
    import duckdb
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ..tables.format import DEFAULT_FORMAT, FormatError, format_lines, parse_format

    traces, cond = split_condition(traces)
    try:
        f = parse_format(fmt if fmt is not None else DEFAULT_FORMAT)
    except FormatError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}")
        raise typer.Exit(2) from None
    out = sys.stdout
    stream: dict[str, int] = {}  # the stateful fields' (evt.deltatime) across batches

    def emit(rb: pa.RecordBatch, bar: Progress | None = None) -> None:
        # runs inside the decoding for a capture not cached yet: output failures leave as their own
        # exceptions, not as OSErrors the opening would report as the capture's
        if not all_events:
            rb = rb.filter(pc.struct_field(rb.column("evt"), "shown"))
        try:
            if cond is not None:
                rb = cond.filter_batch(rb)
            if bar is not None and rb.num_rows and out.isatty():
                bar.stop()  # lines on the terminal from now on: they show the progress themselves
            for line in format_lines(f, rb, stream):
                out.write(line + "\n")
        except BrokenPipeError:  # stdout without main()'s guard (tests calling the command)
            raise _NobodyReads from None
        except OSError as e:
            raise _OutputFailed(e) from None
        except duckdb.Error as e:
            raise _OutputFailed(e) from None
        if getattr(out, "reader_gone", False):
            raise _NobodyReads

    try:
        # a capture not decoded yet is printed as it is decoded (and cached meanwhile), as sysdig
        # prints as it reads; the bar shows until the first line reaches a terminal
        ds = open_with_progress(traces, no_cache, on_batch=emit)
        if ds.from_cache:
            for rb in pq.ParquetFile(ds.table_path("events")).iter_batches(batch_size=65536):
                emit(rb)
    except _NobodyReads:  # | head: the rest would go nowhere (a decoding stopped here is not cached)
        return
    except _OutputFailed as e:
        cause = e.args[0]
        what = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(cause).splitlines()[0]
        err.print(f"[red]error:[/red] printing: {escape(str(what))}")
        raise typer.Exit(2) from None


class _NobodyReads(Exception):
    """stdout's reader went away: printing (and decoding for it) stops."""


class _OutputFailed(Exception):
    """Writing a line (a full disk) or filtering a batch (a value the condition cannot convert)
    failed: printing stops with one line and exit status 2."""


@app.command()
def convert(
    traces: TraceArg,
    out: Annotated[Path, typer.Option("-o", "--out", help="output directory (one Parquet file per table)")],
    arrow: Annotated[bool, typer.Option("--arrow", help="write Arrow IPC files instead of Parquet")] = False,
    no_cache: NoCache = False,
) -> None:
    """Write the tables (events, contexts, threads, fds, machine, users, groups, interfaces, processes, connections, files).

    Exit status: 0 on success, 2 for usage, input or output errors (a capture that cannot be read, an output that cannot be written).
    """  # noqa: E501 - one line per paragraph: --help wraps it
    if out.exists() and not out.is_dir():
        err.print(f"[red]error:[/red] {escape(str(out))}: not a directory")
        raise typer.Exit(2)
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..session.dataset import TABLES

    ds = open_with_progress(traces, no_cache)
    out.mkdir(parents=True, exist_ok=True)
    # the tables only (not other files a cache entry may hold)
    sources = sorted(p for p in ds.directory.glob("*.parquet") if p.stem in TABLES)
    progress = progress_bar()
    with progress:
        if arrow:  # rows written, one batch at a time (a table is never whole in memory)
            files = [pq.ParquetFile(src) for src in sources]
            task = progress.add_task("writing", total=sum(f.metadata.num_rows for f in files))
            for src, pf in zip(sources, files, strict=True):
                progress.update(task, description=f"writing {src.stem}")
                with pa.OSFile(str(out / (src.stem + ".arrow")), "wb") as sink, \
                        pa.ipc.new_file(sink, pf.schema_arrow) as w:
                    for rb in pf.iter_batches(batch_size=65536):
                        w.write_batch(rb)
                        progress.advance(task, rb.num_rows)
        else:  # bytes copied
            task = progress.add_task("writing", total=sum(src.stat().st_size for src in sources))
            for src in sources:
                progress.update(task, description=f"writing {src.stem}")
                with open(src, "rb") as fin, open(out / src.name, "wb") as fout:
                    while chunk := fin.read(1 << 22):
                        fout.write(chunk)
                        progress.advance(task, len(chunk))
    err.print(f"wrote {len(sources)} tables to {escape(str(out))}")


@app.command()
def sql(
    args: Annotated[list[str], typer.Argument(help="TRACE... QUERY: captures, then the SQL over events, contexts, threads, fds, machine, users, groups, interfaces, processes, connections, files")],
    output: Annotated[str, typer.Option("-o", "--output", help="table, csv or json")] = "table",
    no_cache: NoCache = False,
    where: Annotated[str | None, typer.Option("-f", "--filter", help="Falco condition: `events` holds only matching rows")] = None,
) -> None:
    """Run SQL (DuckDB) over the capture's tables.

    Exit status: 0 on success (also for an empty result), 2 for usage, input or SQL errors (a bad query or -f condition, a capture that cannot be read).
    """  # noqa: E501 - one line per paragraph: --help wraps it
    if len(args) < 2:
        err.print("[red]error:[/red] give one or more captures and then the query")
        raise typer.Exit(2)
    if output not in ("table", "csv", "json"):
        err.print(f"[red]error:[/red] --output must be table, csv or json, not '{escape(str(output))}'")
        raise typer.Exit(2)
    import duckdb
    import pyarrow as pa

    from . import sql_output

    traces, query = args[:-1], args[-1]
    # the filter and the query's syntax are checked before the capture is decoded
    expr = None if where is None else compile_or_exit(where)
    _check_sql_syntax(query)
    ds = open_with_progress(traces, no_cache)
    try:
        if expr is None:
            con = ds.connect()
        else:
            from ..session.scan import filtered_connection  # sqlglot: imported by the commands that filter

            con = filtered_connection(ds, expr)
        try:
            res, integers = sql_output.query_table(con, query)
        finally:
            con.close()
    except Exception as e:  # duckdb raises many error types; all are user errors here
        err.print(f"[red]SQL error:[/red] {escape(_one_line(str(e)))}")
        raise typer.Exit(2) from None
    if res is None:  # a statement without result
        return
    try:
        if output == "csv":
            import pyarrow.csv as pcsv

            pcsv.write_csv(sql_output.csv_ready(res), sys.stdout.buffer)
        elif output == "json":
            sql_output.write_json(res, integers, sys.stdout)
        else:
            tb = Table()
            for name in res.column_names:
                tb.add_column(Text(name))
            for row in sql_output.text_rows(res):
                tb.add_row(*(Text("<NA>") if v is None else Text(v) for v in row))
            Console().print(tb)
    except (pa.ArrowException, duckdb.Error, ValueError, TypeError) as e:  # a type the output cannot show
        err.print(f"[red]error:[/red] --output {output}: cannot write the result: {escape(_one_line(str(e)))}")
        raise typer.Exit(2) from None


def _check_sql_syntax(query: str) -> None:
    """DuckDB's parser only (no tables needed): a syntax error or an empty query is one line, exit 2."""
    import duckdb

    con = duckdb.connect()
    try:
        statements = con.extract_statements(query)
    except duckdb.ParserException as e:
        err.print(f"[red]SQL error:[/red] {escape(_one_line(str(e)))}")
        raise typer.Exit(2) from None
    finally:
        con.close()
    if not statements:
        err.print("[red]error:[/red] the SQL query is empty")
        raise typer.Exit(2)


def _one_line(msg: str) -> str:
    """DuckDB's message on one line: without the query excerpt and its caret marks."""
    lines = [ln.strip() for ln in msg.strip().splitlines() if ln.strip()]
    keep = [ln for ln in lines if not ln.startswith("LINE ") and not ln.startswith("^")]
    return " ".join(keep or lines)


@app.command()
def fields(json_out: Annotated[bool, typer.Option("--json", help="print the catalogue as JSON (name, type, description per field)")] = False) -> None:
    """List the field catalogue.

    Exit status: 0 on success, 2 for usage errors.
    """
    from ..tables.fields import FIELDS

    if json_out:
        print(json.dumps([{"name": f.name, "type": f.type, "desc": f.desc} for f in FIELDS.values()], indent=1))
        return
    tb = Table("field", "type", "description")
    for f in FIELDS.values():
        tb.add_row(f.name, f.type, f.desc)
    Console().print(tb)


from .capture_cmd import capture as _capture  # noqa: E402

app.command("capture", context_settings={"allow_interspersed_args": False})(_capture)
app.command("tui")(tui_command)


class _ReaderMayGo:
    """stdout (text or binary) whose reader may go away (``| head``): from then on the output goes
    nowhere, and the command ends with its own exit status (a scan that found alerts still exits 1)
    instead of typer's 1 for a closed pipe."""

    def __init__(self, f: Any, state: dict[str, bool] | None = None) -> None:
        self._f = f
        self._state = state if state is not None else {"gone": False}  # shared with .buffer
        self._buffer: _ReaderMayGo | None = None

    @property
    def reader_gone(self) -> bool:
        """Nobody reads any more: a long output can stop early."""
        return self._state["gone"]

    def _gone(self) -> None:
        self._state["gone"] = True
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, self._f.fileno())
            finally:
                os.close(null)

    def write(self, data: Any) -> int:
        try:
            return self._f.write(data)  # type: ignore[no-any-return]
        except BrokenPipeError:
            self._gone()
            return len(data)

    def flush(self) -> None:
        try:
            self._f.flush()
        except BrokenPipeError:
            self._gone()
            self._f.flush()

    @property
    def buffer(self) -> _ReaderMayGo:
        if self._buffer is None:
            self._buffer = _ReaderMayGo(self._f.buffer, self._state)
        return self._buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._f, name)


GC_THRESHOLDS = (100_000, 50, 100)  # the cyclic collector's, for every command (see main)


def main() -> None:
    """The ``scapkit`` command: a closed pipe ends the output quietly; a failing output (a full
    disk) or any other OS error is one line on stderr and exit status 2, never a traceback."""
    sys.stdout = _ReaderMayGo(sys.stdout)  # type: ignore[assignment]
    # loading and compiling rules makes many small syntax trees (linked both ways): at the default
    # thresholds the cyclic collector walked the whole heap again and again (measured: a scan of
    # the cached benchmark capture with the three upstream rules files, 1.32-1.54 -> 1.27-1.41 s;
    # the decode's speed and peak memory did not change)
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        app()
    except OSError as e:
        err.print(f"[red]error:[/red] {escape(f'{e.filename}: ' if e.filename else '')}{escape(str(e.strerror or e))}")
        sys.exit(2)


if __name__ == "__main__":
    main()
