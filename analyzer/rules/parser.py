"""Recursive-descent parser of Falco filter conditions (the grammar of libsinsp's filter parser).

Precedence, loosest first: ``or`` < ``and`` < ``not`` < check. Errors carry line:col and the
offending text.
"""

from __future__ import annotations

import re
import sys

from .ast import (
    And,
    Binary,
    Expr,
    FieldRef,
    Ident,
    ListExpr,
    Not,
    Operand,
    Or,
    Pos,
    Transformer,
    TransformerList,
    Unary,
    Value,
)
from .errors import RuleError

_NOT_BLANK = re.compile(r"not[ \t\b\r\n\f\v]+")
_IDENT = re.compile(r"[a-zA-Z]+[a-zA-Z0-9_]*")
_FIELD = re.compile(r"[a-zA-Z]+[a-zA-Z0-9_]*(?:\.[a-zA-Z]+[a-zA-Z0-9_]*)+")
_FIELD_ARG_BARE = re.compile(r"[^\]\[\"' \t\n\r\f\v]+")
_HEXNUM = re.compile(r"0[xX][0-9a-fA-F]+")
_NUMBER = re.compile(r"[+\-]?[0-9]+\.?[0-9]*(?:[eE][+\-][0-9]+)?")
_BARESTR = re.compile(r"[^()\"' \t\n\r\f\v=,]+")

UNARY_OPS = ("exists",)
NUM_OPS = ("<=", "<", ">=", ">")
STR_OPS = ("==", "=", "!=", "glob ", "iglob ", "contains ", "icontains ", "bcontains ", "startswith ",
           "bstartswith ", "endswith ", "regex ")
MODIFIERS = ("oneof ", "anyof ", "allof ")
LIST_OPS = ("intersects", "in", "pmatch")
TRANSFORMERS = ("tolower(", "toupper(", "b64(", "basename(", "len(", "join(", "concat(", "getopt(")
ALL_OPS = tuple(o.strip() for o in UNARY_OPS + NUM_OPS + STR_OPS + LIST_OPS)
MAX_DEPTH = 1000
_BLANKS = " \t\b\r\n"


def unescape(tok: str) -> str:
    """Content of a quoted token (with its delimiters) after Falco's escape rules."""
    delim = tok[0]
    body = tok[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= len(body):
            raise ValueError("unterminated escape sequence")
        e = body[i]
        simple = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", " ": "\\", "\\": "\\", "/": "/"}
        if e in simple:
            out.append(simple[e])
        elif e in "\"'":
            if e != delim:
                raise ValueError(f"invalid \\{e} escape in {delim}-quoted string")
            out.append(e)
        elif e == "x":
            hx = body[i + 1:i + 3]
            if len(hx) < 2:
                raise ValueError("truncated hex char escape sequence")
            if not re.fullmatch(r"[0-9a-fA-F]{2}", hx):
                raise ValueError(f"invalid hex char escape sequence '\\x{hx}'")
            out.append(chr(int(hx, 16)))
            i += 2
        else:
            raise ValueError(f"unsupported string escape sequence '\\{e}'")
        i += 1
    return "".join(out)


class Parser:
    def __init__(self, text: str, origin: str = "") -> None:
        self.s = text
        self.origin = origin
        self.i = 0
        self.line = 1
        self.col = 1
        self.last = ""
        self.depth = 0

    # ------------------------------------------------------------------ helpers
    def pos(self) -> Pos:
        return Pos(self.i, self.line, self.col, self.origin)

    def _advance(self, n: int) -> None:
        for c in self.s[self.i:self.i + n]:
            self.col += 1
            if c in "\r\n":
                self.col = 1
                self.line += 1
        self.i += n

    def _save(self) -> tuple[int, int, int, str]:
        return self.i, self.line, self.col, self.last

    def _restore(self, st: tuple[int, int, int, str]) -> None:
        self.i, self.line, self.col, self.last = st

    def error(self, msg: str, at: Pos | None = None) -> RuleError:
        p = at or self.pos()
        rest = self.s[p.idx:p.idx + 40]
        return RuleError(msg, line=p.line, col=p.col, text=rest if rest else "<end of condition>")

    def blank(self) -> bool:
        j = self.i
        while j < len(self.s) and self.s[j] in _BLANKS:
            j += 1
        found = j > self.i
        self._advance(j - self.i)
        return found

    def rgx(self, r: re.Pattern[str]) -> bool:
        m = r.match(self.s, self.i)
        if m and m.end() > self.i:
            self.last = m.group(0)
            self._advance(len(self.last))
            return True
        return False

    def lit(self, t: str) -> bool:
        if self.s.startswith(t, self.i):
            self.last = t
            self._advance(len(t))
            return True
        return False

    def lit_list(self, ts: tuple[str, ...]) -> bool:
        return any(self.lit(t) for t in ts)

    def op_list(self, ops: tuple[str, ...]) -> bool:
        for op in ops:
            if not op.endswith(" "):
                if self.lit(op):
                    return True
                continue
            st = self._save()
            if self.lit(op.strip()):
                if self.blank():
                    return True
                self._restore(st)
        return False

    def quoted(self) -> bool:
        if self.i >= len(self.s) or self.s[self.i] not in "\"'":
            return False
        start = self.pos()
        delim = self.s[self.i]
        prev = "\\"
        j = self.i
        while j < len(self.s):
            c = self.s[j]
            if c == delim and prev != "\\":
                tok = self.s[self.i:j + 1]
                try:
                    self.last = unescape(tok)
                except ValueError as e:
                    raise self.error(str(e), start) from None
                self._advance(j + 1 - self.i)
                return True
            prev = c
            j += 1
        raise self.error(f"unbalanced quote {delim}: string is not closed", start)

    def enter(self) -> None:
        self.depth += 1
        if self.depth >= MAX_DEPTH:
            raise self.error(f"exceeded max depth limit of {MAX_DEPTH}")

    # ------------------------------------------------------------------ grammar
    def parse(self) -> Expr:
        if not self.s.strip():
            raise RuleError("filter input string is empty", line=1, col=1)
        res = self.parse_or()
        if self.i != len(self.s):
            raise self.error(f"unexpected token after '{self.last}', expecting 'or', 'and'")
        return res

    def parse_or(self) -> Expr:
        self.enter()
        pos = self.pos()
        self.blank()
        children = [self.parse_and()]
        self.blank()
        while self.lit("or"):
            if not self.blank():
                if self.lit("("):
                    children.append(self.embedded())
                else:
                    raise self.error("expected blank or '(' after 'or'")
            else:
                children.append(self.parse_and())
            self.blank()
        self.depth -= 1
        return Or(tuple(children), pos) if len(children) > 1 else children[0]

    def parse_and(self) -> Expr:
        self.enter()
        pos = self.pos()
        self.blank()
        children = [self.parse_not()]
        self.blank()
        while self.lit("and"):
            if not self.blank():
                if self.lit("("):
                    children.append(self.embedded())
                else:
                    raise self.error("expected blank or '(' after 'and'")
            else:
                children.append(self.parse_not())
            self.blank()
        self.depth -= 1
        return And(tuple(children), pos) if len(children) > 1 else children[0]

    def parse_not(self) -> Expr:
        self.enter()
        pos = self.pos()
        neg = False
        self.blank()
        while self.rgx(_NOT_BLANK):
            neg = not neg
        if self.lit("not("):
            neg = not neg
            child = self.embedded()
        else:
            child = self.parse_check()
        self.depth -= 1
        return Not(child, pos) if neg else child

    def embedded(self) -> Expr:
        self.enter()
        self.blank()
        child = self.parse_or()
        self.blank()
        if not self.lit(")"):
            raise self.error("expected a ')' token")
        self.depth -= 1
        return child

    def parse_check(self) -> Expr:
        self.enter()
        pos = self.pos()
        self.blank()
        if self.lit("("):
            r = self.embedded()
            self.depth -= 1
            return r
        if self.rgx(_FIELD):
            left: FieldRef | Transformer = self.field_rest(self.last, pos)
            r2 = self.condition(left, pos)
            self.depth -= 1
            return r2
        if self.lit_list(TRANSFORMERS):
            self.blank()
            left = self.transformer_rest(self.last[:-1], pos)
            r2 = self.condition(left, pos)
            self.depth -= 1
            return r2
        if self.rgx(_IDENT):
            self.depth -= 1
            return Ident(self.last, pos)
        raise self.error("expected a '(' token, a field check, or an identifier")

    def field_rest(self, name: str, pos: Pos) -> FieldRef:
        return FieldRef(name, self.optional_arg(), pos)

    def optional_arg(self) -> str | None:
        if not self.lit("["):
            return None
        if not self.quoted() and not self.rgx(_FIELD_ARG_BARE):
            raise self.error("expected a valid field argument: a quoted string or a bare string")
        arg = self.last
        if not self.lit("]"):
            raise self.error("expected a ']' token")
        return arg

    def transformer_rest(self, name: str, pos: Pos) -> Transformer:
        self.enter()
        self.blank()
        children: list[Operand] = []
        while True:
            children.append(self.transformer_arg())
            self.blank()
            if not self.lit(","):
                break
        self.blank()
        if not self.lit(")"):
            raise self.error("expected a ')' token closing the transformer")
        self.depth -= 1
        return Transformer(name, tuple(children), self.optional_arg(), pos)

    def transformer_arg(self) -> Operand:
        self.blank()
        pos = self.pos()
        if self.rgx(_HEXNUM) or self.rgx(_NUMBER):
            return Value(self.last, pos)
        if self.quoted():
            return Value(self.last, pos)
        if self.lit("("):
            return self.transformer_list(pos)
        if self.lit_list(TRANSFORMERS):
            return self.transformer_rest(self.last[:-1], pos)
        if self.rgx(_FIELD):
            return self.field_rest(self.last, pos)
        raise self.error("expected field transformer argument: field, transformer, quoted string, number, "
                         "or transformer list")

    def transformer_list(self, pos: Pos) -> TransformerList:
        self.blank()
        children: list[Operand] = []
        if self.lit(")"):
            return TransformerList((), pos)
        children.append(self.transformer_list_arg())
        self.blank()
        while self.lit(","):
            self.blank()
            children.append(self.transformer_list_arg())
            self.blank()
        if not self.lit(")"):
            raise self.error("expected ')'")
        return TransformerList(tuple(children), pos)

    def transformer_list_arg(self) -> Operand:
        pos = self.pos()
        if self.rgx(_FIELD):
            return self.field_rest(self.last, pos)
        if self.lit_list(TRANSFORMERS):
            self.blank()
            return self.transformer_rest(self.last[:-1], pos)
        if self.quoted():
            return Value(self.last, pos)
        if self.rgx(_HEXNUM) or self.rgx(_NUMBER):
            return Value(self.last, pos)
        raise self.error("expected transformer list argument: field, transformer, quoted string, or number")

    def condition(self, left: FieldRef | Transformer, pos: Pos) -> Expr:
        self.enter()
        self.blank()
        if self.op_list(UNARY_OPS):
            self.depth -= 1
            return Unary(left, self.last.strip(), pos)
        self.blank()
        right: Value | ListExpr | Transformer
        if self.op_list(NUM_OPS):
            op = self.last
            right = self.num_value()
        elif self.op_list(STR_OPS):
            op = self.last
            had_blank = op[0].isalpha() or self.blank()
            st = self._save()
            if had_blank and self.op_list(MODIFIERS) and self._list_follows() and not self._bool_kw_follows():
                op = op.strip() + " " + self.last.strip()
                right = self.list_value()
            else:
                self._restore(st)
                right = self.str_value(False)
        elif self.op_list(LIST_OPS):
            op = self.last
            right = self.list_value_or_transformer()
        else:
            raise self.error("expected a valid check operator: one of "
                             + ", ".join(f"'{o}'" for o in ALL_OPS))
        self.depth -= 1
        return Binary(left, op.strip(), right, pos)

    def _list_follows(self) -> bool:
        if self.s.startswith("(", self.i):
            return True
        return bool(_IDENT.match(self.s, self.i))

    def _bool_kw_follows(self) -> bool:
        for kw in ("and", "or", "not"):
            if self.s.startswith(kw, self.i):
                nxt = self.s[self.i + len(kw):self.i + len(kw) + 1]
                if not nxt or not nxt.isalnum():
                    return True
        return False

    def num_value(self) -> Value | Transformer:
        self.blank()
        pos = self.pos()
        t = self.try_transformer_or_val()
        if t is not None:
            return t
        if self.rgx(_HEXNUM) or self.rgx(_NUMBER):
            return Value(self.last, pos)
        raise self.error("expected a number value or a field with a valid transformer")

    def str_value(self, no_transformer: bool) -> Value | Transformer:
        self.blank()
        pos = self.pos()
        if not no_transformer:
            t = self.try_transformer_or_val()
            if t is not None:
                return t
        if self.quoted() or self.rgx(_BARESTR):
            return Value(self.last, pos)
        if no_transformer:
            raise self.error("expected a string value")
        raise self.error("expected a string value or a field with a valid transformer")

    def try_list(self) -> ListExpr | None:
        pos = self.pos()
        if not self.lit("("):
            return None
        values: list[str] = []
        self.blank()
        st = self._save()
        try:
            v = self.str_value(True)
        except RuleError:
            self._restore(st)
            v = None
        if v is not None:
            assert isinstance(v, Value)
            values.append(v.text)
            self.blank()
            while self.lit(","):
                v2 = self.str_value(True)
                assert isinstance(v2, Value)
                values.append(v2.text)
                self.blank()
        if not self.lit(")"):
            raise self.error("expected a ')' token")
        return ListExpr(tuple(values), pos)

    def list_value(self) -> ListExpr | Value:
        self.blank()
        pos = self.pos()
        lst = self.try_list()
        if lst is not None:
            return lst
        if self.rgx(_IDENT):
            return Value(self.last, pos)
        raise self.error("expected a list or an identifier")

    def list_value_or_transformer(self) -> ListExpr | Value | Transformer:
        self.blank()
        pos = self.pos()
        lst = self.try_list()
        if lst is not None:
            return lst
        t = self.try_transformer_or_val()
        if t is not None:
            return t
        if self.rgx(_IDENT):
            return Value(self.last, pos)
        raise self.error("expected a list, an identifier, or a field with a valid transformer")

    def try_transformer_or_val(self) -> Transformer | None:
        self.blank()
        pos = self.pos()
        if self.lit("val("):
            self.blank()
            fpos = self.pos()
            if not self.rgx(_FIELD):
                raise self.error("expected a field within 'val' transformer")
            child = self.field_rest(self.last, fpos)
            self.blank()
            if not self.lit(")"):
                raise self.error("expected a ')' token closing the transformer")
            return Transformer("val", (child,), self.optional_arg(), pos)
        if self.lit_list(TRANSFORMERS):
            self.blank()
            return self.transformer_rest(self.last[:-1], pos)
        return None


def parse(text: str, origin: str = "") -> Expr:
    """Parse a whole condition; raises RuleError (line:col relative to ``text``). ``origin`` names
    where the text comes from (a macro) in the positions of its nodes, for later errors."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 4 * MAX_DEPTH + 1000))  # the depth guard, not Python, limits nesting
    try:
        return Parser(text, origin).parse()
    finally:
        sys.setrecursionlimit(old)


def parse_operand_prefix(text: str) -> tuple[FieldRef | Transformer, int] | None:
    """Parse a field (with optional [arg]) or a transformer call at the start of ``text``; returns it
    and the number of characters consumed (used for %tokens in output formats)."""
    p = Parser(text)
    pos = p.pos()
    try:
        if p.rgx(_FIELD):
            return p.field_rest(p.last, pos), p.i
        if p.lit_list(TRANSFORMERS):
            p.blank()
            return p.transformer_rest(p.last[:-1], pos), p.i
    except RuleError:
        return None
    return None
