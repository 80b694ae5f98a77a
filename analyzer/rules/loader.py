"""Load Falco rules files with Falco's semantics.

Items are collected in file order (definition, redefinition, ``append``, ``override``, enabled-only
toggles), then compiled as Falco compiles them: lists are substituted into condition *text*, each
condition is parsed, and macros are spliced in as AST with the definition-order visibility rule.
Messages carry file:line:col and Falco's load-result category names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .ast import And, Binary, Expr, Ident, Not, Or, Unary
from .errors import LoadMessage, RuleError
from .parser import ALL_OPS, parse
from .priority import Priority

ENGINE_VERSION = (0, 63, 0)  # Falco engine whose semantics we follow
# plugins whose fields we provide offline (container.*, k8s.* from the capture's own metadata)
PROVIDED_PLUGINS = {"container": (0, 6, 0)}

_IDENT_RE = re.compile(r"[a-zA-Z]+[a-zA-Z0-9_]*")
_BARESTR_RE = re.compile(r"[^()\"' \t\n\r\f\v=,]+")
_MODIFIER_OP = re.compile(r"^(=|==|!=|contains|icontains|bcontains|startswith|bstartswith|endswith|glob|iglob|regex)"
                          r"\s+(oneof|anyof|allof)$")
_RULE_KEYS = {"rule", "condition", "output", "desc", "priority", "source", "enabled", "tags", "exceptions",
              "warn_evttypes", "skip-if-unknown-filter", "capture", "capture_duration", "append", "override"}
_LIST_KEYS = {"list", "items", "append", "override"}
_MACRO_KEYS = {"macro", "condition", "append", "override"}
_EXCEPTION_KEYS = {"name", "fields", "comps", "values"}
_RULE_APPENDABLE = {"condition", "output", "desc", "tags", "exceptions"}
_RULE_REPLACEABLE = _RULE_APPENDABLE | {"priority", "capture", "capture_duration", "enabled", "warn_evttypes",
                                        "skip-if-unknown-filter"}


@dataclass(frozen=True, slots=True)
class Ctx:
    file: str = ""
    line: int = 0
    col: int = 0
    # a condition text that maps column for column onto the file (a plain one-line scalar): a place
    # in the text is a place in the file
    exact: bool = False


# libyaml's parser when PyYAML was built with it (the wheels are): the same nodes, tags and marks as
# the pure-Python one, several times faster on the upstream rules files
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _ctx(file: str, node: yaml.Node) -> Ctx:
    return Ctx(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _cond_ctx(file: str, node: yaml.Node) -> Ctx:
    """Where a condition is, and whether its text maps onto the file column for column (a folded,
    literal or quoted scalar does not: lines are joined, escapes and quotes dropped). The column of
    a one-line plain text is where its text starts (after a tag or an anchor before it)."""
    exact = isinstance(node, yaml.ScalarNode) and not node.style and node.start_mark.line == node.end_mark.line
    col = node.end_mark.column - len(node.value) if exact else node.start_mark.column
    return Ctx(file, node.start_mark.line + 1, col + 1, exact)


def _as_given(ctx: Ctx, text: str, given: str) -> Ctx:
    """``ctx`` of a condition whose parsed ``text`` may differ from the text the file gave (lists and
    exceptions put into it): exact only when they are the same."""
    return ctx if not ctx.exact or text == given else replace(ctx, exact=False)


@dataclass
class ListInfo:
    name: str
    items: list[str]
    index: int
    visibility: int
    ctx: Ctx
    used: bool = False


@dataclass
class MacroInfo:
    name: str
    cond: str
    cond_ctx: Ctx
    index: int
    visibility: int
    ctx: Ctx
    used: bool = False


@dataclass
class ExceptionInfo:
    name: str
    fields: str | list[str] | None
    comps: str | list[str] | None
    values: list[object]
    ctx: Ctx


@dataclass
class RuleInfoRaw:
    name: str
    cond: str
    cond_ctx: Ctx
    output: str
    desc: str
    priority: Priority
    source: str
    enabled: bool
    tags: set[str]
    exceptions: list[ExceptionInfo]
    warn_evttypes: bool
    skip_if_unknown_filter: bool
    index: int
    visibility: int
    ctx: Ctx


@dataclass
class Rule:
    """A compiled rule: condition with lists and macros expanded, ready for the SQL compiler."""

    name: str
    condition: Expr
    condition_text: str  # after exceptions were added and lists substituted
    output: str
    desc: str
    priority: Priority
    source: str
    enabled: bool
    tags: tuple[str, ...]
    warn_evttypes: bool
    skip_if_unknown_filter: bool
    index: int
    file: str
    line: int
    col: int
    cond: Ctx = field(default_factory=Ctx)  # where the condition's text is (its file, line, column)


@dataclass
class Ruleset:
    rules: list[Rule] = field(default_factory=list)
    macros: dict[str, Expr] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    messages: list[LoadMessage] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def rule(self, name: str) -> Rule:
        for r in self.rules:
            if r.name == name:
                return r
        raise KeyError(name)


# ------------------------------------------------------------------------------------ helpers
def _err(msg: str, ctx: Ctx, category: str = "LOAD_ERR_VALIDATE", item: str = "") -> RuleError:
    return RuleError(msg, file=ctx.file, line=ctx.line, col=ctx.col, category=category, item=item)


def _did_you_mean(key: str, known: set[str]) -> str | None:
    """The known key closest to a misspelt ``key`` (None when none is close)."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_key_hint(m: dict[str, yaml.Node], known: set[str], missing: str) -> str:
    """For an item that lacks the key ``missing``: its unknown keys with the closest known key, the
    likeliest misspelling of ``missing`` first, e.g. " (unknown key 'conditon': did you mean
    'condition'?)"; "" when every key is known."""
    unknown = [k for k in m if k not in known]
    if not unknown:
        return ""
    first = difflib.get_close_matches(missing, unknown, n=1, cutoff=0.6)
    unknown.sort(key=lambda k: k not in first)  # stable: file order otherwise
    parts = []
    for k in unknown:
        best = missing if k in first else _did_you_mean(k, known)
        parts.append(f"unknown key '{k}' at line {m[k].start_mark.line + 1}" + (f": did you mean '{best}'?" if best else ""))
    return " (" + "; ".join(parts) + ")"


def _scalar(node: yaml.Node, file: str, key: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _err(f"Value of '{key}' is not a scalar value", _ctx(file, node), "LOAD_ERR_YAML_VALIDATE")
    return str(node.value)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and node.value in ("", "~", "null",
                                                                                                "Null", "NULL")


def _bool(node: yaml.Node, file: str, key: str) -> bool:
    v = _scalar(node, file, key).strip().lower()
    if v in ("true", "yes", "on", "y"):
        return True
    if v in ("false", "no", "off", "n"):
        return False
    raise _err(f"Can't decode YAML scalar value of '{key}' as a boolean: '{v}'", _ctx(file, node),
               "LOAD_ERR_YAML_VALIDATE")


def _seq_of_scalars(node: yaml.Node, file: str, key: str) -> list[str]:
    if _is_null(node):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise _err(f"Value of '{key}' is not a sequence", _ctx(file, node), "LOAD_ERR_YAML_VALIDATE")
    out = []
    for v in node.value:
        if not isinstance(v, yaml.ScalarNode):
            raise _err(f"'{key}': sequence value is not scalar", _ctx(file, v), "LOAD_ERR_YAML_VALIDATE")
        out.append(str(v.value))
    return out


def _plain(node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(x) for x in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(k)): _plain(v) for k, v in node.value}
    return None


def _parse_version(text: str) -> tuple[int, int, int] | None:
    t = text.strip()
    if re.fullmatch(r"\d+", t):
        return (0, int(t), 0)
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(?:[-+].*)?", t)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def quote_item(s: str) -> str:
    return f'"{s}"' if " " in s and s[:1] not in ("\"", "'") else s


def _paren_item(s: str) -> str:
    return s if s.startswith("(") else f"({s})"


def resolve_list(cnd: str, name: str, items: Sequence[str]) -> tuple[str, bool]:
    """Falco's textual list substitution of one list into a condition."""
    blanks = " \t\n\r"
    delims = blanks + "(),="
    used = False
    start = cnd.find(name)
    while start != -1:
        end = start + len(name)
        if (start == 0 or cnd[start - 1] in delims) and (end >= len(cnd) or cnd[end] in delims):
            while start > 0 and cnd[start - 1] in blanks:
                start -= 1
            while end < len(cnd) and cnd[end] in blanks:
                end += 1
            sub = ", ".join(quote_item(v) for v in items)
            if not sub:
                if start > 0 and cnd[start - 1] == ",":
                    start -= 1
                elif end < len(cnd) and cnd[end] == ",":
                    end += 1
            new = ""
            if start > 0:
                new += cnd[:start] + " "
            new += sub + " "
            new += cnd[end:]
            cnd = new
            start += len(sub) + 1
            used = True
        start = cnd.find(name, start + 1)
    return cnd, used


def _is_list_op(op: str) -> bool:
    return op in ("in", "intersects", "pmatch") or bool(_MODIFIER_OP.match(op))


def exception_condition(cond: str, exceptions: Sequence[ExceptionInfo]) -> str:
    """Falco's text form of a rule condition with its exceptions appended."""
    out = f"({cond})"
    for ex in exceptions:
        icond = ""
        if not isinstance(ex.fields, list):
            for val in ex.values:
                if isinstance(val, list):
                    raise _err("Expected values array to contain a list of strings", ex.ctx)
                icond += f"({ex.fields} {ex.comps} (" if not icond else ", "
                icond += quote_item(str(val))
            icond += "))" if icond else ""
        else:
            comps = ex.comps if isinstance(ex.comps, list) else []
            icond = "("
            for values in ex.values:
                vals = values if isinstance(values, list) else [values]
                if len(ex.fields) != len(vals):
                    raise _err(f"exception '{ex.name}': Fields and values lists must have equal length", ex.ctx)
                icond += "" if icond == "(" else " or "
                icond += "("
                for k, fname in enumerate(ex.fields):
                    icond += "" if k == 0 else " and "
                    v = vals[k]
                    if isinstance(v, list):
                        istr = "(" + ", ".join(quote_item(str(x)) for x in v) + ")"
                    else:
                        istr = _paren_item(str(v)) if _is_list_op(comps[k]) else quote_item(str(v))
                    icond += f" {fname} {comps[k]} {istr}"
                icond += ")"
            icond += ")"
            if icond == "()":
                icond = ""
        out += f" and not {icond}" if icond else ""
    return out


# ------------------------------------------------------------------------------------ collector
class Loader:
    def __init__(self) -> None:
        self.lists: dict[str, ListInfo] = {}
        self.macros: dict[str, MacroInfo] = {}
        self.rules: dict[str, RuleInfoRaw] = {}
        self.messages: list[LoadMessage] = []
        self.files: list[str] = []
        self._n = 0

    def warn(self, category: str, msg: str, ctx: Ctx, item: str = "") -> None:
        self.messages.append(LoadMessage(category, msg, ctx.file, ctx.line, ctx.col, item))

    # -------------------------------------------------------------------------- reading
    def load_file(self, path: str | Path) -> None:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as e:
            raise RuleError(f"cannot read rules file: {e.strerror}", file=str(p), category="LOAD_ERR_FILE_READ") from None
        except UnicodeDecodeError as e:
            raise RuleError(f"rules file is not valid UTF-8 (byte offset {e.start})", file=str(p),
                            category="LOAD_ERR_YAML_PARSE") from None
        self.load_text(text, str(p))

    def load_text(self, text: str, file: str = "<rules>") -> None:
        self.files.append(file)
        try:
            docs = list(yaml.compose_all(text, Loader=_YAML_LOADER))
        except yaml.MarkedYAMLError as e:
            m = e.problem_mark
            raise RuleError(f"YAML parse error: {e.problem}", file=file, line=(m.line + 1) if m else 0,
                            col=(m.column + 1) if m else 0, category="LOAD_ERR_YAML_PARSE") from None
        except yaml.YAMLError as e:
            raise RuleError(f"YAML parse error: {e}", file=file, category="LOAD_ERR_YAML_PARSE") from None
        for doc in docs:
            if doc is None or _is_null(doc):
                continue
            if not isinstance(doc, yaml.SequenceNode):
                raise _err("Rules content is not yaml array of objects", _ctx(file, doc), "LOAD_ERR_YAML_VALIDATE")
            for item in doc.value:
                if _is_null(item):
                    continue
                if not isinstance(item, yaml.MappingNode):
                    raise _err("Unexpected element type. Each element should be a yaml associative array.",
                               _ctx(file, item), "LOAD_ERR_YAML_VALIDATE")
                self._item(item, file)

    def _item(self, node: yaml.MappingNode, file: str) -> None:
        m: dict[str, yaml.Node] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise _err("Item key is not a scalar", _ctx(file, k), "LOAD_ERR_YAML_VALIDATE")
            m[str(k.value)] = v
        ctx = _ctx(file, node)
        self._n += 1
        if "required_engine_version" in m:
            self._engine_version(m, file, ctx)
        elif "required_plugin_versions" in m:
            self._plugin_versions(m["required_plugin_versions"], file)
        elif "list" in m:
            self._list(m, file, ctx)
        elif "macro" in m:
            self._macro(m, file, ctx)
        elif "rule" in m:
            self._rule(m, file, ctx)
        else:
            self.warn("LOAD_UNKNOWN_ITEM", "Unknown top level item", ctx)

    def _unknown_keys(self, m: dict[str, yaml.Node], allowed: set[str], file: str, name: str) -> None:
        """LOAD_UNKNOWN_KEY (Falco's schema validation warns on them) with the closest known key."""
        for k, v in m.items():
            if k not in allowed:
                best = _did_you_mean(k, allowed)
                hint = f" Did you mean '{best}'?" if best else ""
                self.warn("LOAD_UNKNOWN_KEY", f"Unknown key '{k}'. The key will be ignored.{hint}", _ctx(file, v), name)

    def _required(self, m: dict[str, yaml.Node], key: str, ctx: Ctx, file: str, item: str = "",
                  known: set[str] | None = None) -> str:
        """The scalar value of a required key; errors name the item (rule, macro or list) when known,
        and a missing key's error names the item's unknown keys (a misspelling) when ``known`` is given."""
        if key not in m:
            hint = _unknown_key_hint(m, known, key) if known is not None else ""
            raise _err(f"Item has no mapping for key '{key}'{hint}", ctx, "LOAD_ERR_YAML_VALIDATE", item)
        if _is_null(m[key]):
            raise _err(f"Mapping for key '{key}' is empty", _ctx(file, m[key]), "LOAD_ERR_YAML_VALIDATE", item)
        v = _scalar(m[key], file, key)
        if v == "":
            raise _err(f"Value of '{key}' must be non-empty", _ctx(file, m[key]), "LOAD_ERR_YAML_VALIDATE", item)
        return v

    def _engine_version(self, m: dict[str, yaml.Node], file: str, ctx: Ctx) -> None:
        node = m["required_engine_version"]
        text = _scalar(node, file, "required_engine_version")
        v = _parse_version(text)
        if v is None:
            raise _err(f"Unable to parse engine version '{text}' as a semver string", _ctx(file, node),
                       "LOAD_ERR_YAML_VALIDATE")
        if v[0] != ENGINE_VERSION[0] or v > ENGINE_VERSION:
            want = ".".join(map(str, v))
            have = ".".join(map(str, ENGINE_VERSION))
            raise _err(f"Rules require engine version {want}, but engine version is {have}", _ctx(file, node))

    def _plugin_versions(self, node: yaml.Node, file: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            raise _err("Value of required_plugin_versions must be a sequence", _ctx(file, node),
                       "LOAD_ERR_YAML_VALIDATE")
        for p in node.value:
            req = _plain(p)
            if not isinstance(req, dict) or "name" not in req or "version" not in req:
                raise _err("Plugin version must be a mapping with 'name' and 'version'", _ctx(file, p),
                           "LOAD_ERR_YAML_VALIDATE")
            alts = [req] + [a for a in req.get("alternatives", []) or [] if isinstance(a, dict)]
            ok = False
            for a in alts:
                have = PROVIDED_PLUGINS.get(str(a.get("name")))
                want = _parse_version(str(a.get("version", "")))
                if want is None:
                    raise _err(f"Unable to parse plugin version '{a.get('version')}'", _ctx(file, p),
                               "LOAD_ERR_YAML_VALIDATE")
                if have is not None and have[0] == want[0] and have >= want:
                    ok = True
            if not ok:
                raise _err(f"Plugin '{req['name']}' version {req['version']} is required, and scapkit does not "
                           "provide its fields", _ctx(file, p))

    def _override(self, m: dict[str, yaml.Node], file: str, appendable: set[str], replaceable: set[str],
                  name: str) -> dict[str, str]:
        node = m["override"]
        if not isinstance(node, yaml.MappingNode):
            raise _err("Value of 'override' must be a mapping", _ctx(file, node), "LOAD_ERR_YAML_VALIDATE")
        ops: dict[str, str] = {}
        for k, v in node.value:
            key, op = str(k.value), _scalar(v, file, "override")
            if op == "append":
                if key not in appendable:
                    raise _err(f"Key '{key}' cannot be appended to", _ctx(file, v), item=name)
            elif op == "replace":
                if key not in replaceable:
                    raise _err(f"Key '{key}' cannot be replaced", _ctx(file, v), item=name)
            else:
                raise _err(f"Invalid override operation for key '{key}': '{op}'. Allowed values are: append, "
                           "replace", _ctx(file, v), item=name)
            if key not in m:
                raise _err(f"An {op} override for '{key}' was specified but '{key}' is not defined", _ctx(file, v),
                           item=name)
            ops[key] = op
        for key in m:
            if key in replaceable | appendable and key not in ops and key not in ("rule", "list", "macro"):
                raise _err(f"Unexpected key '{key}': no corresponding entry under 'override' is defined.",
                           _ctx(file, m[key]), item=name)
        return ops

    def _list(self, m: dict[str, yaml.Node], file: str, ctx: Ctx) -> None:
        name = self._required(m, "list", ctx, file)
        self._unknown_keys(m, _LIST_KEYS, file, name)
        if not _BARESTR_RE.fullmatch(name):
            self.warn("LOAD_INVALID_LIST_NAME", "List has an invalid name. List names should match a regular "
                      "expression: " + _BARESTR_RE.pattern, ctx, name)
        if "items" not in m:
            raise _err(f"Item has no mapping for key 'items'{_unknown_key_hint(m, _LIST_KEYS, 'items')}", ctx,
                       "LOAD_ERR_YAML_VALIDATE", name)
        items = _seq_of_scalars(m["items"], file, "items")
        append = "append" in m and _bool(m["append"], file, "append")
        if "append" in m and "override" in m:
            raise _err("Keys 'override' and 'append: true' cannot be used together.", ctx, item=name)
        mode = "define"
        if append:
            self.warn("LOAD_DEPRECATED_ITEM", "'append' key is deprecated. Add an 'override' key instead.", ctx, name)
            mode = "append"
        elif "override" in m:
            mode = self._override(m, file, {"items"}, {"items"}, name).get("items", "define")
        prev = self.lists.get(name)
        if mode in ("append", "replace"):
            if prev is None:
                raise _err(f"List has '{mode}' key or an {mode} override but no list by that name already exists",
                           ctx, item=name)
            prev.items = prev.items + items if mode == "append" else items
            prev.visibility = self._n
            return
        if prev is not None:
            prev.items, prev.visibility, prev.ctx = items, self._n, ctx
        else:
            self.lists[name] = ListInfo(name, items, self._n, self._n, ctx)

    def _macro(self, m: dict[str, yaml.Node], file: str, ctx: Ctx) -> None:
        name = self._required(m, "macro", ctx, file)
        self._unknown_keys(m, _MACRO_KEYS, file, name)
        if not _IDENT_RE.fullmatch(name):
            self.warn("LOAD_INVALID_MACRO_NAME", "Macro has an invalid name. Macro names should match a regular "
                      "expression: " + _IDENT_RE.pattern, ctx, name)
        cond = self._required(m, "condition", ctx, file, name, _MACRO_KEYS)
        cctx = _cond_ctx(file, m["condition"])
        append = "append" in m and _bool(m["append"], file, "append")
        if "append" in m and "override" in m:
            raise _err("Keys 'override' and 'append: true' cannot be used together.", ctx, item=name)
        mode = "define"
        if append:
            self.warn("LOAD_DEPRECATED_ITEM", "'append' key is deprecated. Add an 'override' key instead.", ctx, name)
            mode = "append"
        elif "override" in m:
            mode = self._override(m, file, {"condition"}, {"condition"}, name).get("condition", "define")
        prev = self.macros.get(name)
        if mode in ("append", "replace"):
            if prev is None:
                raise _err(f"Macro uses '{mode}' but no macro by that name already exists", ctx, item=name)
            prev.cond = prev.cond + " " + cond if mode == "append" else cond
            prev.visibility = self._n
            # an appended text no longer maps onto one place of one file
            prev.cond_ctx = cctx if mode == "replace" else replace(prev.cond_ctx, exact=False)
            return
        if prev is not None:
            prev.cond, prev.cond_ctx, prev.visibility, prev.ctx = cond, cctx, self._n, ctx
        else:
            self.macros[name] = MacroInfo(name, cond, cctx, self._n, self._n, ctx)

    def _exceptions(self, node: yaml.Node, file: str, name: str, *, need_fields: bool,
                    source: str = "syscall") -> list[ExceptionInfo]:
        if not isinstance(node, yaml.SequenceNode):
            raise _err("Rule exceptions must be a sequence", _ctx(file, node), "LOAD_ERR_YAML_VALIDATE", name)
        out: list[ExceptionInfo] = []
        seen: set[str] = set()
        for ex in node.value:
            ectx = _ctx(file, ex)
            if not isinstance(ex, yaml.MappingNode):
                raise _err("Rule exception must be a mapping", ectx, "LOAD_ERR_YAML_VALIDATE", name)
            d = {str(k.value): v for k, v in ex.value}
            self._unknown_keys(d, _EXCEPTION_KEYS, file, name)
            if "name" not in d:
                raise _err(f"Item has no mapping for key 'name'{_unknown_key_hint(d, _EXCEPTION_KEYS, 'name')}", ectx,
                           "LOAD_ERR_YAML_VALIDATE", name)
            ename = _scalar(d["name"], file, "name")
            if ename in seen:
                self.warn("LOAD_EXCEPTION_NAME_NOT_UNIQUE",
                          f"Multiple definitions of exception '{ename}' in the same rule", ectx, name)
            seen.add(ename)
            fields = _plain(d["fields"]) if "fields" in d else None
            comps = _plain(d["comps"]) if "comps" in d else None
            values_node = d.get("values")
            values: list[object] = []
            if values_node is not None and not _is_null(values_node):
                if not isinstance(values_node, yaml.SequenceNode):
                    raise _err("Rule exception values must be a sequence", _ctx(file, values_node),
                               "LOAD_ERR_YAML_VALIDATE", name)
                values = [_plain(v) for v in values_node.value]
            if fields is None and need_fields:
                raise _err(f"Rule exception '{ename}' has no mapping for key 'fields'", ectx,
                           "LOAD_ERR_YAML_VALIDATE", name)
            info = ExceptionInfo(ename, fields, comps, values, ectx)  # type: ignore[arg-type]
            if fields is not None:
                _validate_exception(info, name, source)
            out.append(info)
        return out

    def _rule(self, m: dict[str, yaml.Node], file: str, ctx: Ctx) -> None:
        name = self._required(m, "rule", ctx, file)
        self._unknown_keys(m, _RULE_KEYS, file, name)
        append = "append" in m and _bool(m["append"], file, "append")
        has_override = "override" in m
        if "append" in m and has_override:
            raise _err("Keys 'override' and 'append: true' cannot be used together.", ctx, item=name)
        prev = self.rules.get(name)
        source = _scalar(m["source"], file, "source") if "source" in m else "syscall"
        if append or has_override:
            if prev is None:
                raise _err("Rule uses 'append' or 'override' but no rule by that name already exists", ctx, item=name)
            if "source" in m and prev.source != source:
                raise _err(f"Rule has been re-defined with a different source: '{source}' vs '{prev.source}'", ctx,
                           item=name)
            if append:
                self.warn("LOAD_DEPRECATED_ITEM", "'append' key is deprecated. Add an 'override' key instead.",
                          ctx, name)
                # only the condition and the exceptions are appended; Falco ignores any other key
                ops = {k: "append" for k in ("condition", "exceptions") if k in m}
            else:
                ops = self._override(m, file, _RULE_APPENDABLE, _RULE_REPLACEABLE, name)
            for key, op in ops.items():
                self._apply(prev, key, op, m[key], file, name)
            prev.visibility = self._n
            return
        if not any(k in m for k in ("condition", "output", "desc", "priority")):
            # enabled-only item: toggles an existing rule
            if "enabled" not in m:
                raise _err(f"Item has no mapping for key 'condition'{_unknown_key_hint(m, _RULE_KEYS, 'condition')}",
                           ctx, "LOAD_ERR_YAML_VALIDATE", name)
            if prev is None:
                raise _err("Rule has 'enabled' key but no rule by that name already exists", ctx, item=name)
            self.warn("LOAD_DEPRECATED_ITEM", "The 'enabled' key alone is deprecated. Use an 'override' with "
                      "'enabled: replace' instead.", ctx, name)
            prev.enabled = _bool(m["enabled"], file, "enabled")
            return
        cond = self._required(m, "condition", ctx, file, name, _RULE_KEYS)
        output = self._required(m, "output", ctx, file, name, _RULE_KEYS).strip()
        desc = self._required(m, "desc", ctx, file, name, _RULE_KEYS)
        prio_text = self._required(m, "priority", ctx, file, name, _RULE_KEYS)
        try:
            prio = Priority.parse(prio_text)
        except ValueError:
            raise _err("Invalid priority", _ctx(file, m["priority"]), "LOAD_ERR_YAML_VALIDATE", name) from None
        if prev is not None and "source" in m and prev.source != source:
            raise _err(f"Rule has been re-defined with a different source: '{source}' vs '{prev.source}'", ctx,
                       item=name)
        info = RuleInfoRaw(
            name=name, cond=cond, cond_ctx=_cond_ctx(file, m["condition"]), output=output, desc=desc, priority=prio,
            source=source, enabled=_bool(m["enabled"], file, "enabled") if "enabled" in m else True,
            tags=set(_seq_of_scalars(m["tags"], file, "tags")) if "tags" in m else set(),
            exceptions=self._exceptions(m["exceptions"], file, name, need_fields=True, source=source)
            if "exceptions" in m else [],
            warn_evttypes=_bool(m["warn_evttypes"], file, "warn_evttypes") if "warn_evttypes" in m else True,
            skip_if_unknown_filter=(_bool(m["skip-if-unknown-filter"], file, "skip-if-unknown-filter")
                                    if "skip-if-unknown-filter" in m else False),
            index=self._n, visibility=self._n, ctx=ctx)
        if prev is not None:
            info.index = prev.index
        self.rules[name] = info

    def _apply(self, r: RuleInfoRaw, key: str, op: str, node: yaml.Node, file: str, name: str) -> None:
        if key == "condition":
            v = _scalar(node, file, key)
            r.cond = r.cond + " " + v if op == "append" else v
            # an appended text no longer maps onto one place of one file
            r.cond_ctx = replace(r.cond_ctx, exact=False) if op == "append" else _cond_ctx(file, node)
        elif key == "output":
            v = _scalar(node, file, key).strip()
            r.output = r.output + " " + v if op == "append" else v
        elif key == "desc":
            v = _scalar(node, file, key)
            r.desc = r.desc + " " + v if op == "append" else v
        elif key == "tags":
            tags = set(_seq_of_scalars(node, file, key))
            r.tags = r.tags | tags if op == "append" else tags
        elif key == "exceptions":
            exs = self._exceptions(node, file, name, need_fields=op == "replace", source=r.source)
            if op == "replace":
                r.exceptions = exs
                return
            for ex in exs:
                old = next((e for e in r.exceptions if e.name == ex.name), None)
                if old is None:
                    if ex.fields is None:
                        raise _err(f"Rule exception '{ex.name}' is new and must have fields", ex.ctx, item=name)
                    r.exceptions.append(ex)
                else:
                    if not ex.values:
                        self.warn("LOAD_APPEND_NO_VALUES", "Overriding/appending exception with no values", ex.ctx,
                                  name)
                    old.values.extend(ex.values)
        elif key == "priority":
            try:
                r.priority = Priority.parse(_scalar(node, file, key))
            except ValueError:
                raise _err("Invalid priority", _ctx(file, node), "LOAD_ERR_YAML_VALIDATE", name) from None
        elif key == "enabled":
            r.enabled = _bool(node, file, key)
        elif key == "warn_evttypes":
            r.warn_evttypes = _bool(node, file, key)
        elif key == "skip-if-unknown-filter":
            r.skip_if_unknown_filter = _bool(node, file, key)
        # capture / capture_duration: accepted, meaningless offline

    # -------------------------------------------------------------------------- compiling
    def compile(self) -> Ruleset:
        rs = Ruleset(messages=self.messages, files=self.files)
        lists = sorted(self.lists.values(), key=lambda x: x.index)
        # one level of list-in-list expansion, with raw items
        expanded: dict[str, list[str]] = {}
        for li in lists:
            items: list[str] = []
            for it in li.items:
                ref = self.lists.get(it)
                if ref is not None and ref.index < li.visibility:
                    ref.used = True
                    items.extend(ref.items)
                else:
                    items.append(it)
            expanded[li.name] = items
        rs.lists = expanded

        def substitute(text: str) -> str:
            for li in lists:
                text, used = resolve_list(text, li.name, expanded[li.name])
                if used:
                    li.used = True
            return text

        def parse_at(text: str, ctx: Ctx, item: str, origin: str = "") -> Expr:
            """Parse a condition; an error is placed at its line and column in the file when the
            text maps onto the file (``ctx.exact``), else at the condition's start."""
            try:
                return parse(text, origin)
            except RuleError as e:
                if ctx.exact:
                    raise e.located(file=ctx.file, line=ctx.line, col=ctx.col, item=item) from None
                raise RuleError(e.message, file=ctx.file, line=ctx.line, col=ctx.col, text=e.text,
                                category=e.category, item=item) from None

        macros = sorted(self.macros.values(), key=lambda x: x.index)
        parsed: dict[str, Expr] = {}
        for mi in macros:
            where = f"macro '{mi.name}'"
            text = substitute(mi.cond)
            parsed[mi.name] = parse_at(text, _as_given(mi.cond_ctx, text, mi.cond), where,
                                       f"{where} ({mi.cond_ctx.file}:{mi.cond_ctx.line})")
        for mi in macros:
            visible = {x.name for x in macros if x.index < mi.visibility}
            parsed[mi.name] = self._resolve(parsed[mi.name], parsed, visible, [mi.name], mi.cond_ctx,
                                            f"macro '{mi.name}'")
        rs.macros = parsed
        all_macros = set(parsed)
        for ri in sorted(self.rules.values(), key=lambda x: x.index):
            if ri.source != "syscall":
                self.warn("LOAD_UNKNOWN_SOURCE", f"Unknown source {ri.source}, skipping", ri.ctx, ri.name)
                continue
            text = exception_condition(ri.cond, ri.exceptions) if ri.exceptions else ri.cond
            text = substitute(text)
            where = f"rule '{ri.name}'"
            cctx = _as_given(ri.cond_ctx, text, ri.cond)
            expr = self._resolve(parse_at(text, cctx, where), parsed, all_macros, [], ri.cond_ctx, where)
            output = ri.output
            if "%container.info" in output:
                self.warn("LOAD_DEPRECATED_ITEM", "%container.info is deprecated and is replaced by an empty string",
                          ri.ctx, ri.name)
                output = output.replace("%container.info", "").strip()
            rs.rules.append(Rule(ri.name, expr, text, output, ri.desc, ri.priority, ri.source, ri.enabled,
                                 tuple(sorted(ri.tags)), ri.warn_evttypes, ri.skip_if_unknown_filter, ri.index,
                                 ri.ctx.file, ri.ctx.line, ri.ctx.col, cctx))
        for li in lists:
            if not li.used:
                self.warn("LOAD_UNUSED_LIST", "List not referred to by any other rule/macro", li.ctx, li.name)
        for mi in macros:
            if not mi.used:
                self.warn("LOAD_UNUSED_MACRO", "Macro not referred to by any other rule/macro", mi.ctx, mi.name)
        return rs

    def _resolve(self, e: Expr, parsed: dict[str, Expr], visible: set[str], stack: list[str], ctx: Ctx,
                 where: str) -> Expr:
        if isinstance(e, Ident):
            if e.name not in visible:
                raise RuleError(f"Undefined macro '{e.name}' used in filter.", file=ctx.file, line=ctx.line,
                                col=ctx.col, text=e.name, category="LOAD_ERR_VALIDATE", item=where)
            if e.name in stack:
                loop = " -> ".join([*stack[stack.index(e.name):], e.name])
                raise RuleError(f"reference loop in macro '{e.name}' ({loop})", file=ctx.file, line=ctx.line,
                                col=ctx.col, category="LOAD_ERR_VALIDATE", item=where)
            self.macros[e.name].used = True
            return self._resolve(parsed[e.name], parsed, visible, [*stack, e.name], ctx, where)
        if isinstance(e, And):
            return And(tuple(self._resolve(c, parsed, visible, stack, ctx, where) for c in e.children), e.pos)
        if isinstance(e, Or):
            return Or(tuple(self._resolve(c, parsed, visible, stack, ctx, where) for c in e.children), e.pos)
        if isinstance(e, Not):
            return Not(self._resolve(e.child, parsed, visible, stack, ctx, where), e.pos)
        assert isinstance(e, Unary | Binary)
        return e


def _validate_exception(ex: ExceptionInfo, rule: str, source: str) -> None:
    """Falco's checks of one exception item: comparison operators, list lengths, and (for syscall
    rules) that every field exists. Errors name the rule and the exception."""
    from .compiler import is_valid_lhs_field

    def fail(msg: str) -> RuleError:
        return _err(f"exception '{ex.name}': {msg}", ex.ctx, item=rule)

    ops = set(ALL_OPS)
    if isinstance(ex.fields, list):
        if ex.comps is None:
            ex.comps = ["="] * len(ex.fields)
        if not isinstance(ex.comps, list) or len(ex.comps) != len(ex.fields):
            raise fail("Fields and comps lists must have equal length")
        ex.comps = [str(c).strip() for c in ex.comps]
        for c in ex.comps:
            if c not in ops and not _MODIFIER_OP.match(c):
                raise fail(f"'{c}' is not a supported comparison operator")
        fields = [str(f) for f in ex.fields]
    else:
        if ex.comps is None:
            ex.comps = "in"
        if isinstance(ex.comps, list):
            raise fail("Fields and comps must both be strings")
        ex.comps = str(ex.comps).strip()
        if ex.comps not in ("in", "pmatch", "intersects") and not _MODIFIER_OP.match(ex.comps):
            raise fail("When fields is a single value, comps must be one of (in, pmatch, intersects) or a "
                       "modifier operator (e.g. startswith oneof)")
        fields = [str(ex.fields)]
    if source == "syscall":
        for f in fields:
            if not is_valid_lhs_field(f):
                raise fail(f"'{f}' is not a supported filter field")


def load_rules(files: Sequence[str | Path]) -> Ruleset:
    """Load several rules files in order and compile lists and macros into rule ASTs."""
    ld = Loader()
    for f in files:
        ld.load_file(f)
    return ld.compile()


def load_rules_text(text: str, file: str = "<rules>") -> Ruleset:
    ld = Loader()
    ld.load_text(text, file)
    return ld.compile()
