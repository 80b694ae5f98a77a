"""Folding constant operands out of compiled conditions.

A condition compiled for the scan meets constants: a test of an empty list (the upstream rules
leave many ``user_known_*`` lists empty) and the ``evt.type`` tests the scan decides per group of
event types. DuckDB parses and binds the scan's match query for longer than it runs it, and its
optimizer is off there (see ``session/scan.py``), so a constant left in the text costs time and
decides nothing. The folding keeps SQL's three-valued logic exactly: ``x AND FALSE`` is FALSE and
``x OR TRUE`` is TRUE even when ``x`` is NULL, ``TRUE AND x`` and ``FALSE OR x`` are ``x``.
"""

from __future__ import annotations

from sqlglot import exp


def is_bool(e: exp.Expression, value: bool) -> bool:
    return isinstance(e, exp.Boolean) and e.this is value


def chain_operands(parts: list[exp.Expression], conj: bool) -> list[exp.Expression] | exp.Expression:
    """The operands of an AND (``conj``) or OR chain that stay, two or more; or what the chain is
    when constants decide it or leave one operand (TRUE/FALSE, or that operand)."""
    kept = [p for p in parts if not is_bool(p, conj)]
    if any(is_bool(p, not conj) for p in kept):
        return exp.Boolean(this=not conj)
    if len(kept) < 2:
        return kept[0] if kept else exp.Boolean(this=conj)
    return kept


def _fold(node: exp.Expression) -> exp.Expression:
    """``node`` without its TRUE/FALSE operands (itself if there are none)."""
    if isinstance(node, exp.Paren) and isinstance(node.this, exp.Boolean):
        return node.this
    if isinstance(node, exp.Not) and isinstance(node.this, exp.Boolean):
        return exp.Boolean(this=not node.this.this)
    if isinstance(node, exp.Is) and isinstance(node.this, exp.Boolean) and isinstance(node.expression, exp.Boolean):
        return exp.Boolean(this=node.this.this is node.expression.this)
    if isinstance(node, exp.And | exp.Or):
        folded = chain_operands([node.this, node.expression], isinstance(node, exp.And))
        return folded if isinstance(folded, exp.Expression) else node
    if isinstance(node, exp.Case) and not node.this:
        return fold_case(node)
    return node


def put_constant(node: exp.Expression, value: bool) -> exp.Expression | None:
    """Replaces ``node`` (part of a tree) by the constant ``value`` and folds the operators above
    it that the constant decides or leaves with one operand (:func:`_fold`): only the path from the
    node to the root is visited. Returns the new root when the root itself was replaced."""
    new: exp.Expression = exp.Boolean(this=value)
    while True:
        parent = node.parent
        if parent is None:
            return new
        node.replace(new)
        # a WHEN's condition decides its CASE
        up = parent.parent if isinstance(parent, exp.If) and parent.this is new else parent
        if up is None:
            return None
        folded = _fold(up)
        if folded is up:
            return None
        node, new = up, folded


def fold_case(node: exp.Case) -> exp.Expression:
    """A searched CASE without its WHEN FALSE branches, and ending at a WHEN TRUE branch."""
    ifs: list[exp.If] = []
    default = node.args.get("default")
    for branch in node.args.get("ifs") or []:
        if is_bool(branch.this, False):
            continue
        if is_bool(branch.this, True):
            default = branch.args.get("true")
            break
        ifs.append(branch)
    if not ifs:
        return default if default is not None else exp.Null()
    return exp.Case(ifs=ifs, default=default)


