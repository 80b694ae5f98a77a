"""Compile Falco condition ASTs into sqlglot expression trees for DuckDB over the ``events`` table.

Values never become SQL text by hand: every literal is a sqlglot node, so quoting is sqlglot's.

Falco's missing-value rule: a check whose field (or ``val()`` operand) has no value is false for
every operator. Each leaf is therefore ``COALESCE(<predicate>, FALSE)`` before ``NOT``/``AND``/``OR``.
Anything without a translation raises :class:`RuleError` naming it.

Deliberate offline translations (each also emits a warning):
- ``fd.cip.name``/``fd.sip.name``/``fd.lip.name``/``fd.rip.name`` need live DNS. Offline we compare
  against the IP text of the same endpoint, so a hostname literal never matches and an IP literal
  matches that IP (what Falco does when the name resolves to nothing but the address itself).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass, field

from sqlglot import exp

from ..scap import event_table as T
from ..tables.column_kinds import KINDS
from ..tables.fields import FIELDS, Field, arg_error, is_index
from .ast import And, Binary, Expr, FieldRef, ListExpr, Not, Or, Transformer, TransformerList, Unary, Value
from .errors import RuleError
from .folding import chain_operands

NUMERIC = {"int", "uint", "abstime", "reltime", "port", "int64", "uint64", "int32", "uint32", "uint16", "double",
           "relts", "absts", "number", "uint8", "int8", "int16", "mode", "fd", "pid", "errno", "sigtype", "gid", "uid"}
STRING = {"string", "charbuf", "fspath", "fsrelpath", "str"}
BUFFER = {"buffer", "bytebuf", "blob", "bytes"}

# ancestor families: name -> (own field for index 0, list member in proc)
ANCESTORS = {
    "proc.aname": ("proc.name", "anames", "string"),
    "proc.apid": ("proc.pid", "apids", "int"),
    "proc.aexepath": ("proc.exepath", "aexepaths", "string"),
    "proc.aexe": ("proc.exe", "aexes", "string"),
}
# fields testing either endpoint
EITHER = {"fd.ip": ("fd.cip", "fd.sip"), "fd.port": ("fd.cport", "fd.sport"), "fd.proto": ("fd.cproto", "fd.sproto")}
NETS = {"fd.net": ("fd.cip", "fd.sip"), "fd.cnet": ("fd.cip",), "fd.snet": ("fd.sip",), "fd.lnet": ("fd.lip",),
        "fd.rnet": ("fd.rip",)}
DNS = {"fd.cip.name": "fd.cip", "fd.sip.name": "fd.sip", "fd.lip.name": "fd.lip", "fd.rip.name": "fd.rip"}

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = _UPPER.lower()
_MODS = ("oneof", "anyof", "allof")
_NUM_OPS = {"<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}


def event_names() -> frozenset[str]:
    """Every value ``evt.type`` can take: the event table's names and the syscall names that
    generic events carry (libsinsp accepts both in a condition)."""
    names = {e.name for e in T.EVENTS} | {e.name for e in T.EVENTS_2022} | set(T.SYSCALL_NAMES)
    return frozenset(n for n in names if n and n != "NA" and not n.startswith("<"))


EVENT_NAMES = event_names()


def kind_of(ftype: str) -> str:
    t = ftype.lower()
    if t in NUMERIC:
        return "num"
    if t == "bool":
        return "bool"
    if t in ("ipaddr", "ipv4addr", "ipv6addr"):
        return "ip"
    if t in ("ipnet", "ipv4net", "ipv6net"):
        return "ipnet"
    if t.startswith("list"):
        return "list"
    if t in BUFFER:
        return "buffer"
    return "string"


@dataclass
class Operand:
    """An extracted value in SQL. ``mode``: plain value, ``any`` (true if any element of the list
    ``expr`` satisfies the check), ``either`` (true if any of ``alts`` does)."""

    expr: exp.Expression
    kind: str
    name: str
    mode: str = "plain"
    alts: list[Operand] = field(default_factory=list)
    is_field: bool = True


def col(struct: str, member: str) -> exp.Column:
    return exp.Column(this=exp.to_identifier(member, quoted=True), table=exp.to_identifier(struct, quoted=True))


def s(v: str) -> exp.Literal:
    return exp.Literal.string(v)


def n(v: int | float) -> exp.Expression:
    if isinstance(v, int) and v < 0:
        return exp.Neg(this=exp.Literal.number(-v))
    return exp.Literal.number(v)


def fn(name: str, *args: exp.Expression) -> exp.Anonymous:
    return exp.Anonymous(this=name, expressions=list(args))


def _bracket(this: exp.Expression, expressions: list[exp.Expression]) -> exp.Bracket:
    """``this[i]`` with DuckDB's own (1-based) index, not shifted by sqlglot."""
    return exp.Bracket(this=this, expressions=expressions, offset=1)


def not_true(e: exp.Expression) -> exp.Expression:
    """``e IS NOT TRUE``: true when ``e`` is false or NULL (a constant when ``e`` is one)."""
    if isinstance(e, exp.Boolean):
        return exp.Boolean(this=not e.this)
    return exp.Not(this=exp.Is(this=exp.Paren(this=e), expression=exp.true()))



def coalesce_false(e: exp.Expression) -> exp.Expression:
    return exp.Coalesce(this=exp.Paren(this=e), expressions=[exp.false()])


def ascii_lower(e: exp.Expression) -> exp.Expression:
    """Byte-wise ASCII lower-casing (C tolower, as libsinsp): DuckDB's lower() where the text is
    pure ASCII (byte length = character length), translate() otherwise."""
    ascii_only = exp.EQ(this=fn("strlen", e.copy()), expression=fn("length", e.copy()))
    return exp.Case(ifs=[exp.If(this=ascii_only, true=fn("lower", e.copy()))],
                    default=fn("translate", e, s(_UPPER), s(_LOWER)))


def ascii_upper(e: exp.Expression) -> exp.Expression:
    return fn("translate", e, s(_LOWER), s(_UPPER))


def fnmatch_to_regex(pat: str, *, component: bool = False) -> str:
    """fnmatch(3) without FNM_PATHNAME/FNM_PERIOD as an RE2 pattern (``*`` crosses ``/`` unless
    ``component``)."""
    out: list[str] = []
    i = 0
    star = "[^/]*" if component else ".*"
    anyc = "[^/]" if component else "."
    while i < len(pat):
        c = pat[i]
        if c == "*":
            out.append(star)
        elif c == "?":
            out.append(anyc)
        elif c == "\\" and i + 1 < len(pat):
            i += 1
            out.append(re.escape(pat[i]))
        elif c == "[":
            j = i + 1
            if j < len(pat) and pat[j] in "!^":
                j += 1
            if j < len(pat) and pat[j] == "]":
                j += 1
            while j < len(pat) and pat[j] != "]":
                j += 1
            if j >= len(pat):
                out.append(re.escape("["))
            else:
                body = pat[i + 1:j]
                neg = body[:1] in ("!", "^")
                if neg:
                    body = body[1:]
                body = body.replace("\\", "\\\\").replace("[", "\\[")
                if body.startswith("]"):
                    body = "\\]" + body[1:]
                out.append("[" + ("^" if neg else "") + body + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


_FIELD_TEXT = re.compile(r"([A-Za-z_][\w.]*)(?:\[(.*)\])?")


def is_valid_lhs_field(text: str) -> bool:
    """Whether a field as written (``proc.aname[2]``, ``evt.arg.flags``) names a field that can
    stand on the left of a check; rule exceptions name their fields this way."""
    m = _FIELD_TEXT.fullmatch(text.strip())
    if m is None:
        return False
    try:
        Compiler().field(FieldRef(m.group(1), m.group(2)))
    except RuleError as e:
        return "nonexistent field" not in e.message
    return True


class Compiler:
    """One compiler per rule (or filter); collects warnings."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.fields_used: list[str] = []

    # ------------------------------------------------------------------ errors
    @staticmethod
    def err(msg: str, node: object) -> RuleError:
        pos = getattr(node, "pos", None)
        text = node.text if isinstance(node, FieldRef) else getattr(node, "name", "") or getattr(node, "text", "")
        if pos is not None and pos.origin:
            msg = f"{msg} in {pos.origin}"  # the text is a macro's, not the rule's: no place in the rule's
            pos = None
        return RuleError(msg, line=pos.line if pos else 0, col=pos.col if pos else 0, text=str(text),
                         category="LOAD_ERR_COMPILE_CONDITION")

    # ------------------------------------------------------------------ fields
    def catalogue(self, name: str, ref: FieldRef | None) -> Operand:
        f = FIELDS.get(name)
        if f is None:
            raise self.err(f"filter_check called with nonexistent field {name}", ref) if ref else RuleError(
                f"nonexistent field {name}")
        self.fields_used.append(name)
        return Operand(_value(f), kind_of(f.type), name)

    def field(self, ref: FieldRef) -> Operand:
        name, arg = ref.name, ref.arg
        if arg is None:
            for base in ("evt.arg", "evt.rawarg"):
                if name.startswith(base + "."):
                    name, arg = base, name[len(base) + 1:]
        if arg is None:
            special = self._special(name, ref)
            if special is not None:
                return special
        f = FIELDS.get(name)
        if f is None:
            raise self.err(f"filter_check called with nonexistent field {ref.text}", ref)
        self.fields_used.append(ref.text)
        kind = kind_of(f.type)
        if arg is None:
            if f.arg == "required":
                raise self.err(f"field {name} requires an argument", ref)
            if f.multi:
                return Operand(col(*f.column), kind, name, "any")
            if f.sep is not None:
                return Operand(fn("array_to_string", col(*f.column), s(f.sep)), "string", name)
            return Operand(_value(f), kind, name)
        if f.arg == "none" and f.sep is None:  # proc.env[KEY] reads one entry of the joined list
            raise self.err(f"field {name} does not take an argument ('[{arg}]')", ref)
        why = arg_error(name, arg)
        if why is not None:  # a bad index (proc.aname[x], evt.arg[99999999999]): one error now, not a SQL error
            raise self.err(f"{name}: {why}", ref)
        if name in ANCESTORS:
            own = ANCESTORS[name][0]
            k = int(arg)
            if k == 0:
                return self.field(FieldRef(own, None, ref.pos))
            return Operand(_bracket(this=col(*f.column), expressions=[n(k)]), kind, ref.text)
        if name == "evt.arg" and is_index(arg):
            return Operand(_bracket(this=col("evt", "arglist"), expressions=[n(int(arg) + 1)]), "string", ref.text)
        if name in ("evt.arg", "evt.rawarg") and not re.fullmatch(r"[A-Za-z0-9_]+", arg):
            raise self.err(f"invalid event argument name '{arg}'", ref)
        if name == "container.mount.dest":
            mounts = col(*f.column)
            if is_index(arg):
                item: exp.Expression = _bracket(this=mounts, expressions=[n(int(arg) + 1)])
            else:
                lam = exp.Lambda(this=fn("regexp_full_match", exp.Dot(this=exp.column("m"),
                                                                       expression=exp.to_identifier("source")),
                                         s("(?s)" + fnmatch_to_regex(arg))), expressions=[exp.to_identifier("m")])
                item = _bracket(this=fn("list_filter", mounts, lam), expressions=[n(1)])
            return Operand(exp.Dot(this=exp.Paren(this=item), expression=exp.to_identifier("dest")), kind, ref.text)
        ckind = KINDS.get(f.column, ("",))[0]
        if ckind == "map":
            return Operand(_bracket(this=col(*f.column), expressions=[s(arg)]),
                           "rawnum" if name == "evt.rawarg" else kind, ref.text)
        if ckind == "strings":
            # KEY=VALUE entries (proc.env[KEY])
            lam = exp.Lambda(this=fn("starts_with", exp.column("e"), s(arg + "=")), expressions=[exp.to_identifier("e")])
            first = _bracket(this=fn("list_filter", col(*f.column), lam), expressions=[n(1)])
            return Operand(fn("substr", first, n(len(arg) + 2)), "string", ref.text)
        raise self.err(f"field {name}[{arg}] has no SQL translation", ref)

    def _special(self, name: str, ref: FieldRef) -> Operand | None:
        """Fields whose Falco comparison is not extract-then-compare on one column."""
        if name in DNS:
            w = (f"{name} needs a live DNS lookup; offline it is compared with the IP text of {DNS[name]} "
                 "(a host name never matches)")
            if w not in self.warnings:
                self.warnings.append(w)
            op = self.catalogue(DNS[name], ref)
            return Operand(op.expr, "string", name)
        if name in ("fd.ip", "fd.port", "fd.net") and all(a in FIELDS for a in ("fd.cip", "fd.sip", "fd.cport",
                                                                                "fd.sport", "fd.typechar", "fd.name")):
            # libsinsp compares the socket's raw tuple: both endpoints of a connected or unconnected
            # inet socket (zeros while unset), only the bound address/port of a listening socket
            self.fields_used.append(name)
            inet = exp.In(this=col("fd", "typechar"), expressions=[s("4"), s("6")])
            # a listening socket has a server port and no client side (its name may still be a
            # tuple: libsinsp writes datagram tuples over an IPv6 server socket's address)
            servsock = exp.and_(inet.copy(), exp.Not(this=exp.Is(this=col("fd", "sport"), expression=exp.Null())),
                                exp.Is(this=col("fd", "cport"), expression=exp.Null()))
            if name == "fd.port":
                # only inet sockets have ports (a unix socket's tuple has none, whatever fd.cport shows)
                server: exp.Expression = exp.Case(ifs=[exp.If(
                    this=inet.copy(), true=exp.Coalesce(this=col("fd", "sport"), expressions=[n(0)]))])
                client: exp.Expression = exp.Case(ifs=[exp.If(
                    this=inet.copy(), true=exp.Coalesce(this=col("fd", "cport"), expressions=[n(0)]))])
                kind = "num"
            else:
                zero = exp.Case(this=col("fd", "typechar"), ifs=[exp.If(this=s("4"), true=s("0.0.0.0")),
                                                                exp.If(this=s("6"), true=s("::"))])
                server = exp.Coalesce(this=col("fd", "sip"), expressions=[zero])
                client = exp.Coalesce(this=col("fd", "cip"), expressions=[zero.copy()])
                kind = "ipnet" if name == "fd.net" else "ip"
            client = exp.Case(ifs=[exp.If(this=servsock, true=server.copy())], default=client)
            alts = [Operand(client, kind, name), Operand(server, kind, name)]
            return Operand(client, kind, name, "either", alts)
        if name in EITHER and all(a in FIELDS for a in EITHER[name]):
            alts = [self.catalogue(a, ref) for a in EITHER[name]]
            return Operand(alts[0].expr, alts[0].kind, name, "either", alts)
        if name in NETS:
            alts = [self.catalogue(a, ref) for a in NETS[name]]
            for a in alts:
                a.kind = "ipnet"
            if len(alts) == 1:
                return Operand(alts[0].expr, "ipnet", name)
            return Operand(alts[0].expr, "ipnet", name, "either", alts)
        return None

    def _arg(self, base: str, pname: str, ref: FieldRef) -> Operand:
        member = "arg" if base == "evt.arg" else "rawarg"
        self.fields_used.append(ref.text)
        if not re.fullmatch(r"[A-Za-z0-9_]+", pname):
            raise self.err(f"invalid event argument name '{pname}'", ref)
        return Operand(_bracket(this=col("evt", member), expressions=[s(pname)]),
                       "rawnum" if member == "rawarg" else "string", ref.text)

    def operand(self, o: object) -> Operand:
        if isinstance(o, FieldRef):
            return self.field(o)
        if isinstance(o, Transformer):
            return self.transformer(o)
        raise self.err("expected a field or a transformer", o)

    def transformer(self, t: Transformer) -> Operand:
        if t.arg is not None:
            raise self.err(f"transformer {t.name}() takes no [argument] here", t)
        if t.name == "val":
            return self.field(t.args[0])  # type: ignore[arg-type]
        if t.name == "concat":
            if len(t.args) < 2:
                raise self.err("concat() needs at least two arguments", t)
            parts = [self._string_arg(a, t) for a in t.args]
            e: exp.Expression = parts[0]
            for p in parts[1:]:
                e = exp.DPipe(this=e, expression=p, safe=False)
            return Operand(exp.Paren(this=e), "string", "concat")
        if t.name == "join":
            if len(t.args) != 2 or not isinstance(t.args[0], Value):
                raise self.err("join() takes a quoted separator and a list field", t)
            lst = self.operand(t.args[1])
            if lst.kind != "list":
                raise self.err(f"join() needs a list-valued field, {lst.name} is not one", t)
            return Operand(fn("array_to_string", lst.expr, s(t.args[0].text)), "string", "join")
        if t.name == "getopt":
            raise self.err("transformer getopt() has no SQL translation", t)
        if len(t.args) != 1:
            raise self.err(f"transformer {t.name}() takes one argument", t)
        inner = self.operand(t.args[0])
        if inner.mode != "plain":
            raise self.err(f"transformer {t.name}() cannot wrap {inner.name} (ancestor/endpoint field)", t)
        x = inner.expr
        if t.name in ("tolower", "toupper"):
            if inner.kind not in ("string", "rawnum"):
                raise self.err(f"transformer {t.name}() needs a string field, {inner.name} is {inner.kind}", t)
            return Operand(ascii_lower(x) if t.name == "tolower" else ascii_upper(x), "string", inner.name)
        if t.name == "basename":
            if inner.kind not in ("string", "rawnum"):
                raise self.err(f"transformer basename() needs a string field, {inner.name} is {inner.kind}", t)
            return Operand(fn("regexp_extract", x, s("[^/]*$")), "string", inner.name)
        if t.name == "b64":
            if inner.kind == "buffer":
                src = fn("decode", x)
            elif inner.kind in ("string", "rawnum"):
                src = x
            else:
                raise self.err(f"transformer b64() needs a string or buffer field, {inner.name} is {inner.kind}", t)
            trimmed = fn("rtrim", src, s("="))
            padded = exp.DPipe(this=trimmed, expression=fn("repeat", s("="), exp.Mod(
                this=exp.Paren(this=exp.Sub(this=n(4), expression=exp.Mod(this=fn("strlen", trimmed),
                                                                          expression=n(4)))),
                expression=n(4))), safe=False)
            dec = fn("try", fn("decode", fn("from_base64", padded)))
            return Operand(dec, "string", inner.name)
        if t.name == "len":
            if inner.kind == "list":
                return Operand(fn("len", x), "num", inner.name)
            if inner.kind == "buffer":
                return Operand(fn("octet_length", x), "num", inner.name)
            if inner.kind in ("string", "rawnum"):
                return Operand(fn("strlen", x), "num", inner.name)
            raise self.err(f"transformer len() needs a string, buffer or list field, {inner.name} is {inner.kind}", t)
        raise self.err(f"unknown transformer {t.name}()", t)

    def _string_arg(self, a: object, t: Transformer) -> exp.Expression:
        if isinstance(a, Value):
            return s(a.text)
        if isinstance(a, TransformerList):
            raise self.err("a list is not a string argument", t)
        op = self.operand(a)
        if op.mode != "plain":
            raise self.err(f"{op.name} cannot be a transformer argument", t)
        return op.expr if op.kind == "string" else exp.cast(op.expr, "VARCHAR")

    # ------------------------------------------------------------------ literals
    def literal(self, lhs: Operand, text: str, node: object, op: str) -> exp.Expression:
        k = lhs.kind
        if k == "num":
            return n(self._number(lhs, text, node))
        if k == "bool":
            if text not in ("true", "false"):
                raise self.err(f"'{text}' is not a valid boolean for {lhs.name} (true or false)", node)
            return exp.true() if text == "true" else exp.false()
        if k == "ip":
            try:
                return s(str(ipaddress.ip_address(text)))
            except ValueError:
                raise self.err(f"'{text}' is not a valid IP address for {lhs.name}", node) from None
        if k == "buffer" and op not in ("bcontains", "bstartswith"):
            return exp.cast(s(text), "BLOB")
        return s(text)

    def _number(self, lhs: Operand, text: str, node: object) -> int:
        t = text.strip()
        if lhs.name.endswith("port"):
            # libsinsp's port values: empty is 0, digits only a number (16 bits), else a service name
            if text == "":
                return 0
            if text.isascii() and text.isdigit():
                return int(text) % (1 << 16)
            try:
                return socket.getservbyname(text)
            except OSError:
                raise self.err(f"unrecognized protocol '{text}' for {lhs.name}", node) from None
        if re.fullmatch(r"[+-]?\d+", t):
            return _scanf_integer(int(t), _integer_width(lhs.name))
        raise self.err(f"'{text}' is not a valid number for {lhs.name}", node)

    # ------------------------------------------------------------------ checks
    def compile(self, e: Expr, neg: bool = False) -> exp.Expression:
        """SQL for ``e`` (``not e`` when ``neg``). NOT is pushed to the leaves (De Morgan), where a
        negated check is ``(check) IS NOT TRUE``: true when the check is false *or has no value*.
        A positive check may be NULL (no value); NULL only ever meets AND/OR on the positive side,
        where it acts exactly as FALSE, so the missing-value rule holds without a COALESCE per
        leaf, and DuckDB can short-circuit the AND/OR chains."""
        if isinstance(e, And | Or):
            conj = isinstance(e, And) != neg  # De Morgan under negation
            # a constant operand (a test of an empty list) decides the chain or drops out of it
            parts = chain_operands([self.compile(c, neg) for c in e.children], conj)
            if isinstance(parts, exp.Expression):
                return parts
            out: exp.Expression = self._paren(parts[0])
            for p in parts[1:]:
                out = exp.And(this=out, expression=self._paren(p)) if conj else exp.Or(this=out, expression=p)
            return out if conj else exp.Paren(this=out)
        if isinstance(e, Not):
            return self.compile(e.child, not neg)
        if isinstance(e, Unary):
            lhs = self.operand(e.left)
            p = self._each(lhs, lambda x, _k: exp.Not(this=exp.Is(this=x, expression=exp.Null())))
        elif isinstance(e, Binary):
            p = self.binary(e)
        else:
            raise self.err(f"undefined macro '{getattr(e, 'name', e)}'", e)
        return not_true(p) if neg else p

    @staticmethod
    def _paren(e: exp.Expression) -> exp.Expression:
        return exp.Paren(this=e) if isinstance(e, exp.Or) else e

    def _each(self, lhs: Operand, pred, *, both: bool = False) -> exp.Expression:  # type: ignore[no-untyped-def]
        """Apply ``pred(value_expr, kind)`` with the field's mode (plain, any ancestor, either
        endpoint). ``both``: an endpoint field must satisfy it on both ends (libsinsp's ``!=``)."""
        if lhs.mode == "either":
            parts = [self._each(a, pred) for a in lhs.alts]
            out = parts[0]
            for p in parts[1:]:
                out = exp.And(this=out, expression=p) if both else exp.Or(this=out, expression=p)
            return exp.Paren(this=out)
        if lhs.mode == "any":
            var = exp.to_identifier("a")
            lam = exp.Lambda(this=pred(exp.column("a"), lhs.kind), expressions=[var])
            return exp.GT(this=fn("len", fn("list_filter", lhs.expr, lam)), expression=n(0))
        p = pred(lhs.expr, lhs.kind)
        return p

    def binary(self, e: Binary) -> exp.Expression:
        lhs = self.operand(e.left)
        op = e.op
        parts = op.split()
        if len(parts) == 2 and parts[1] in _MODS:
            return self.modifier(lhs, parts[0], parts[1], e)
        if lhs.name in ("evt.type", "syscall.type") and lhs.mode == "plain" and isinstance(e.right, Value | ListExpr):
            vals = [e.right.text] if isinstance(e.right, Value) else list(e.right.values)
            for v in vals:
                if v not in EVENT_NAMES:
                    raise self.err(f"unknown event type {v}", e.right)
        if isinstance(e.right, Transformer):
            rhs = self.operand(e.right)
            if op in ("pmatch", "regex", "glob", "iglob") and e.right.name == "val":
                raise self.err(f"operator {op} does not take a field on the right-hand side", e.right)
            if rhs.mode != "plain":
                raise self.err(f"{rhs.name} cannot be used on the right-hand side", e.right)
            return self._each(lhs, lambda x, k: self.pred_expr(x, k, lhs, op, rhs.expr, e))
        if isinstance(e.right, ListExpr):
            if op not in ("in", "intersects", "pmatch"):
                raise self.err(f"operator {op} does not take a list", e.right)
            return self.list_check(lhs, op, list(e.right.values), e)
        assert isinstance(e.right, Value)
        if op in ("in", "intersects", "pmatch"):
            return self.list_check(lhs, op, [e.right.text], e)
        return self._each(lhs, lambda x, k: self.pred_value(x, k, lhs, op, e.right.text, e), both=op == "!=")

    def modifier(self, lhs: Operand, op: str, mod: str, e: Binary) -> exp.Expression:
        if isinstance(e.right, ListExpr):
            vals = list(e.right.values)
        elif isinstance(e.right, Value):
            vals = [e.right.text]
        else:
            raise self.err(f"operator {op} {mod} needs a list", e)
        if mod != "oneof" and not vals:
            return exp.false() if mod == "anyof" else exp.true()
        preds = [self._each(lhs, lambda x, k, v=v: self.pred_value(x, k, lhs, op, v, e)) for v in vals]
        if mod == "anyof":
            out = preds[0]
            for p in preds[1:]:
                out = exp.Or(this=out, expression=p)
            return exp.Paren(this=out)
        if mod == "allof":
            out = preds[0]
            for p in preds[1:]:
                out = exp.And(this=out, expression=p)
            return exp.Paren(this=out)
        total: exp.Expression = n(0)
        for p in preds:
            total = exp.Add(this=total, expression=exp.cast(coalesce_false(p), "INTEGER"))
        return exp.EQ(this=exp.Paren(this=total), expression=n(1))

    def pred_value(self, x: exp.Expression, kind: str, lhs: Operand, op: str, v: str, node: Binary) -> exp.Expression:
        if kind == "ipnet" and op in ("=", "==", "!="):
            m = self.cidr(x, v, node)
            return exp.Not(this=exp.Paren(this=m)) if op == "!=" else m
        if op in ("bcontains", "bstartswith"):
            if kind != "buffer":
                raise self.err(f"'{op}' operator not supported for {lhs.name} (not a byte buffer)", node)
            if not re.fullmatch(r"([0-9a-fA-F]{2})+", v):
                raise self.err(f"'{v}' is not a valid hex string for {op}", node.right)
            hx = v.upper()
            if op == "bstartswith":
                return fn("starts_with", fn("hex", x), s(hx))
            return fn("regexp_matches", fn("hex", x), s("^(?:..)*?" + hx))
        if kind == "rawnum":
            if re.fullmatch(r"[+-]?\d+", v) and (op in _NUM_OPS or op in ("=", "==", "!=")):
                xv = exp.TryCast(this=x, to=exp.DataType.build("HUGEINT"))
                return self.pred_expr(xv, "num", lhs, op, n(int(v)), node)
            kind = "string"
        if op in _NUM_OPS and kind not in ("num", "string"):
            raise self.err(f"'{op}' operator not supported for {lhs.name}", node)
        if op in _NUM_OPS and kind == "string":
            return self.pred_expr(x, kind, lhs, op, s(v), node)
        lit = self.literal(Operand(x, kind, lhs.name), v, node.right, op)
        return self.pred_expr(x, kind, lhs, op, lit, node, raw=v)

    def pred_expr(self, x: exp.Expression, kind: str, lhs: Operand, op: str, r: exp.Expression, node: Binary,
                  raw: str | None = None) -> exp.Expression:
        str_ops = ("contains", "icontains", "startswith", "endswith", "glob", "iglob", "regex")
        if kind in ("num", "bool", "ip", "ipnet") and op in str_ops + ("bcontains", "bstartswith"):
            tname = {"num": "numeric", "bool": "boolean", "ip": "IP address", "ipnet": "IP network"}[kind]
            raise self.err(f"'{op}' operator not supported for {tname} filters ({lhs.name})", node)
        if kind == "bool" and op in _NUM_OPS:
            raise self.err(f"'{op}' operator not supported for boolean filters ({lhs.name})", node)
        if kind == "list":
            raise self.err(f"'{op}' operator not supported for list filters ({lhs.name}); use in/intersects", node)
        if kind == "buffer" and op in ("icontains", "glob", "iglob", "regex"):
            raise self.err(f"'{op}' operator not supported for byte buffers ({lhs.name})", node)
        if op in ("=", "=="):
            return exp.EQ(this=x, expression=r)
        if op == "!=":
            return exp.NEQ(this=x, expression=r)
        if op in _NUM_OPS:
            return _NUM_OPS[op](this=x, expression=r)
        if kind == "buffer":
            hx = fn("hex", x)
            rh = fn("hex", r)
            if op == "contains":
                return fn("regexp_matches", hx, exp.DPipe(this=s("^(?:..)*?"), expression=rh, safe=False))
            if op == "startswith":
                return fn("starts_with", hx, rh)
            if op == "endswith":
                return fn("ends_with", hx, rh)
        if op == "contains":
            return fn("contains", x, r)
        if op == "icontains":
            rr = s(raw.translate(str.maketrans(_UPPER, _LOWER))) if raw is not None else ascii_lower(r)
            return fn("contains", ascii_lower(x), rr)
        if op == "startswith":
            return fn("starts_with", x, r)
        if op == "endswith":
            return fn("ends_with", x, r)
        if op in ("glob", "iglob"):
            if raw is None:
                raise self.err(f"operator {op} needs a literal pattern", node)
            pat = "(?s)" + ("(?i)" if op == "iglob" else "") + fnmatch_to_regex(raw)
            return fn("regexp_full_match", x, s(pat))
        if op == "regex":
            if raw is None:
                raise self.err("operator regex needs a literal pattern", node)
            try:
                re.compile(raw)
            except re.error as ex:
                raise self.err(f"invalid regular expression '{raw}': {ex}", node.right) from None
            return fn("regexp_full_match", x, s(raw))
        raise self.err(f"operator '{op}' has no translation for {lhs.name}", node)

    def list_check(self, lhs: Operand, op: str, vals: list[str], e: Binary) -> exp.Expression:
        if op == "pmatch":
            if lhs.kind not in ("string", "rawnum"):
                raise self.err(f"'pmatch' operator not supported for {lhs.name}", e)
            return self._each(lhs, lambda x, k: self.pmatch(x, vals))
        if lhs.kind == "list":
            items = [self.literal(Operand(lhs.expr, "string", lhs.name), v, e.right, op) for v in vals]
            arr = exp.Array(expressions=items)
            if op == "in":  # every element in the set
                return coalesce_false(exp.EQ(this=fn("len", fn("list_filter", lhs.expr, exp.Lambda(
                    this=exp.Not(this=exp.Paren(this=coalesce_false(fn("list_contains", arr, exp.column("a"))))),
                    expressions=[exp.to_identifier("a")]))), expression=n(0)))
            return coalesce_false(fn("list_has_any", lhs.expr, arr))
        if not vals:
            return exp.false()

        def pred(x: exp.Expression, kind: str) -> exp.Expression:
            if kind == "ipnet":
                return self.cidr(x, vals, e)
            if kind == "rawnum":
                if all(re.fullmatch(r"[+-]?\d+", v) for v in vals):
                    return exp.In(this=exp.TryCast(this=x, to=exp.DataType.build("HUGEINT")),
                                  expressions=[n(int(v)) for v in vals])
                kind = "string"
            if kind == "buffer":
                raise self.err(f"'{op}' operator not supported for byte buffers ({lhs.name})", e)
            items = [self.literal(Operand(x, kind, lhs.name), v, e.right, op) for v in vals]
            return exp.In(this=x, expressions=items)

        return self._each(lhs, pred)

    def pmatch(self, x: exp.Expression, vals: list[str]) -> exp.Expression:
        alts: list[str] = []
        for v in vals:
            comps = [c for c in v.split("/") if c]
            if not comps:
                return exp.Not(this=exp.Is(this=x, expression=exp.Null()))
            alts.append("/".join(fnmatch_to_regex(c, component=True) if any(ch in c for ch in "?*[") else re.escape(c)
                                 for c in comps))
        norm = fn("trim", fn("regexp_replace", x, s("/+"), s("/"), s("g")), s("/"))
        return fn("regexp_full_match", norm, s("(?s)(?:" + "|".join(alts) + ")(?:/.*)?"))

    def cidr(self, x: exp.Expression, v: str | list[str], node: Binary) -> exp.Expression:
        """Membership of the IP text ``x`` in one or more networks, as one anchored regular
        expression over the dotted form (NULL when ``x`` is missing, false for the other family)."""
        alts: list[str] = []
        for item in [v] if isinstance(v, str) else v:
            try:
                net = ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise self.err(f"'{item}' is not a valid IP network", node.right) from None
            if net.version == 6:
                if net.prefixlen == 128:
                    alts.append(re.escape(str(net.network_address)))
                    continue
                raise self.err(f"IPv6 network '{item}' has no SQL translation (only IPv4 networks and single IPv6 "
                               "addresses)", node.right)
            alts.append(ipv4_net_regex(net))
        return fn("regexp_full_match", x, s("(?:" + "|".join(alts) + ")"))


def _value(f: Field) -> exp.Expression:
    """A plain field's value: its column, or the part of the column its ``part`` names."""
    c = col(*f.column)
    if f.part is None:
        return c
    second = n(1_000_000_000)
    return exp.Paren(this=exp.IntDiv(this=c, expression=second) if f.part == "s" else exp.Mod(this=c, expression=second))


def _integer_width(name: str) -> tuple[int, bool] | None:
    """(bits, signed) of a plain integer field's column, which is the width libsinsp parses a
    literal for it with; None for anything else (ports, derived values)."""
    f = FIELDS.get(name)
    if f is None or name.endswith("port"):
        return None
    k = KINDS.get(f.column)
    if k is None or k[0] != "int":
        return None
    return k[1], k[2]  # type: ignore[misc]


def _scanf_integer(v: int, width: tuple[int, bool] | None) -> int:
    """A decimal literal as libsinsp's sscanf("%u"/"%d") stores it for a field ``width`` wide:
    strtoul/strtol on 64 bits (a negative number wraps for unsigned, out-of-range saturates),
    then truncated to the field's width (so `evt.num < -2` compares with 2^64-2 and
    `user.uid = 99999999999999999999` with 4294967295)."""
    if width is None:
        return v
    bits, signed = width
    if signed:
        v = max(-(1 << 63), min(v, (1 << 63) - 1))
    else:
        v = (1 << 64) - 1 if abs(v) >= 1 << 64 else v % (1 << 64)
    v %= 1 << bits
    if signed and v >= 1 << (bits - 1):
        v -= 1 << bits
    return v


def ipv4_net_regex(net: ipaddress.IPv4Network) -> str:
    """A regex matching exactly the dotted-decimal addresses of an IPv4 network."""
    octets = [int(o) for o in str(net.network_address).split(".")]
    full, rem = divmod(net.prefixlen, 8)
    parts = [str(o) for o in octets[:full]]
    if full < 4:
        if rem:
            lo = octets[full] & (0xFF << (8 - rem)) & 0xFF
            hi = lo + (1 << (8 - rem)) - 1
            parts.append("(?:" + "|".join(str(k) for k in range(lo, hi + 1)) + ")")
        else:
            parts.append(r"\d{1,3}")
        while len(parts) < 4:
            parts.append(r"\d{1,3}")
    return r"\.".join(parts)


def compile_condition(e: Expr, *, two_valued: bool = True) -> tuple[exp.Expression, Compiler]:
    """SQL for a condition. ``two_valued``: wrapped so it is never NULL (any SQL context); without
    it the expression may be NULL where Falco's result is false, which is the same in WHERE and
    CASE WHEN (what the scan engine uses, letting DuckDB short-circuit)."""
    c = Compiler()
    out = c.compile(e)
    if two_valued and not _never_null(out):
        out = coalesce_false(out)
    return out, c


def _never_null(e: exp.Expression) -> bool:
    if isinstance(e, exp.Paren):
        return _never_null(e.this)
    if isinstance(e, exp.Not) and isinstance(e.this, exp.Is):
        return True  # x IS [NOT] NULL / IS NOT TRUE
    if isinstance(e, exp.Boolean):
        return True
    if isinstance(e, exp.And | exp.Or):
        return _never_null(e.this) and _never_null(e.expression)
    return isinstance(e, exp.Coalesce)


def value_expr(ref: FieldRef | Transformer) -> tuple[exp.Expression, str, Compiler]:
    """SQL for extracting one output token's value (plain fields only; ancestor/endpoint families
    without an index render the first element)."""
    c = Compiler()
    op = c.operand(ref)
    if op.mode == "either":
        return op.alts[0].expr, op.kind, c
    if op.mode == "any":
        return _bracket(this=op.expr, expressions=[n(1)]), op.kind, c
    return op.expr, op.kind, c
