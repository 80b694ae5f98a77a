"""AST of Falco filter conditions (the node kinds of libsinsp's filter AST)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Pos:
    idx: int = 0
    line: int = 1
    col: int = 1
    origin: str = ""  # where the text came from when it is not the rule's own (a macro)


_NOPOS = Pos()


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Expr, ...]
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Expr, ...]
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    child: Expr
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class Ident:
    """A bare identifier in check position: a macro reference."""

    name: str
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class FieldRef:
    name: str  # dotted name as written, e.g. evt.arg.flags
    arg: str | None = None  # text inside [...] if any
    pos: Pos = field(default=_NOPOS, compare=False)

    @property
    def text(self) -> str:
        return self.name if self.arg is None else f"{self.name}[{self.arg}]"


@dataclass(frozen=True, slots=True)
class Value:
    """A literal (already unescaped when it was quoted)."""

    text: str
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class ListExpr:
    values: tuple[str, ...]
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class TransformerList:
    children: tuple[Operand, ...]
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class Transformer:
    """tolower(x), toupper(x), b64(x), basename(x), len(x), val(x), join/concat/getopt(...)."""

    name: str
    args: tuple[Operand, ...]
    arg: str | None = None  # optional [index] after the closing parenthesis
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class Unary:
    left: FieldRef | Transformer
    op: str  # exists
    pos: Pos = field(default=_NOPOS, compare=False)


@dataclass(frozen=True, slots=True)
class Binary:
    left: FieldRef | Transformer
    op: str  # '=', 'in', 'contains', 'startswith anyof', ...
    right: Value | ListExpr | Transformer
    pos: Pos = field(default=_NOPOS, compare=False)


Operand = FieldRef | Transformer | Value | TransformerList
Expr = And | Or | Not | Ident | Unary | Binary


def walk(e: Expr):  # type: ignore[no-untyped-def]
    """Every node of a boolean expression tree, depth first."""
    yield e
    if isinstance(e, And | Or):
        for c in e.children:
            yield from walk(c)
    elif isinstance(e, Not):
        yield from walk(e.child)


def fields_of(e: Expr) -> list[FieldRef]:
    """Every field reference in the tree (both sides of checks, inside transformers)."""
    out: list[FieldRef] = []

    def op(o: object) -> None:
        if isinstance(o, FieldRef):
            out.append(o)
        elif isinstance(o, Transformer):
            for a in o.args:
                op(a)
        elif isinstance(o, TransformerList):
            for a in o.children:
                op(a)

    for n in walk(e):
        if isinstance(n, Unary):
            op(n.left)
        elif isinstance(n, Binary):
            op(n.left)
            op(n.right)
    return out
