"""Structuring: turn positioned YAML nodes into model objects, collecting every problem.

Driven by the attrs classes and their type hints, like cattrs' structuring with
``forbid_extra_keys``, but each problem keeps the file:line:col of the node
that caused it, and unknown keys get a did-you-mean. One wrong field does not
stop the rest of the file from being checked.
"""

from __future__ import annotations

import datetime
import functools
import re
import types
import typing
from typing import Any, Union

import attrs

from game.ruleset.diagnostics import Diagnostic, Pos, did_you_mean
from game.ruleset.effects import EFFECTS, Effect
from game.ruleset.expr import Expr, const_expr, syntax_check
from game.ruleset.layers import LIST_OPS
from game.ruleset.limits import MAX_EXPR_CHARS
from game.ruleset.source import YNode
from game.ruleset.types import Date, ExprOf, Pattern, Ref

_MISSING = object()


class Invalid(Exception):
    """Raised inside the converter after a diagnostic was recorded for a node."""


@functools.cache
def hints(cls: type) -> dict[str, Any]:
    """Type hints of an attrs class, with Annotated markers kept."""
    return typing.get_type_hints(cls, include_extras=True)


def yaml_key(a: attrs.Attribute) -> str:  # type: ignore[type-arg]
    return str(a.metadata.get("key", a.name))


def describe(tp: Any) -> str:
    """Words for a type, for 'expected X' messages."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(tp)
        for m in meta:
            if isinstance(m, Ref):
                return f"{'an' if m.kind[0] in 'aeiou' else 'a'} {m.kind} id"
            if isinstance(m, ExprOf):
                return "a number or an expression" if m.type == "int" else "a condition"
        return describe(base)
    if origin in (Union, types.UnionType):
        return " or ".join(describe(a) for a in typing.get_args(tp) if a is not type(None))
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin is tuple:
        return "a list"
    if origin is dict:
        return "a mapping"
    if tp is str:
        return "a string"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is bool:
        return "true or false"
    if attrs.has(tp):
        return "a mapping"
    if tp is Expr:
        return "an expression"
    return getattr(tp, "__name__", str(tp))


TOO_DEEP = "expression nested too deeply"
DEEP_HINT = "write it flatter: fewer nested brackets and fewer chained 'not'"
_EFFECT_HINT = "an effect looks like: - add_influence: {actor: russia, region: YER, amount: 1}"


class Converter:
    """Converts nodes to model values; problems go to ``diags``."""

    def __init__(self, diags: list[Diagnostic]):
        self.diags = diags
        self.context = ""
        """Where we are: 'manifest' or 'cards.peacekeepers' (decides what `self` may mean)."""
        self.refs: list[tuple[Ref, str, Pos, str]] = []
        """Every id reference met: (marker, value, where, context), checked once all is read."""
        self.exprs: list[tuple[Expr, str]] = []
        """Every expression met, with its context, compiled once all ids are known."""
        self.obj_pos: dict[int, Pos] = {}
        """Where each structured object stands, by id(): for checks after structuring."""

    def err(self, code: str, msg: str, pos: Pos, hint: str | None = None) -> Invalid:
        self.diags.append(Diagnostic(code, msg, pos, hint))
        return Invalid()

    def convert(self, node: YNode, tp: Any) -> Any:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *meta = typing.get_args(tp)
            for m in meta:
                if isinstance(m, ExprOf):
                    return self.expr(node, m.type)
            value = self.convert(node, base)
            for m in meta:
                if isinstance(m, Ref):
                    self.refs.append((m, value, node.pos, self.context))
                if isinstance(m, Pattern) and not re.match(m.regex, value):
                    raise self.err(
                        "E0204",
                        f"'{value}' is not in the expected form",
                        node.pos,
                        f'write it like "{m.example}"',
                    )
            if tp == Date and not _real_date(value):
                raise self.err(
                    "E0307",
                    f"'{value}' is not a real date",
                    node.pos,
                    "write a date that exists, as YYYY-MM-DD",
                )
            return value
        if origin in (Union, types.UnionType):
            args = typing.get_args(tp)
            if node.value is None and type(None) in args:
                return None
            if _is_effect_union(tp):
                return self.effect(node)
            inner = [a for a in args if a is not type(None)]
            if len(inner) == 1:
                return self.convert(node, inner[0])
            if all(a in (bool, int, float, str) for a in inner):
                return self.scalar_union(node, inner)
            raise TypeError(f"unsupported union {tp}")  # pragma: no cover
        if origin is typing.Literal:
            allowed = typing.get_args(tp)
            if node.value not in allowed or isinstance(node.value, bool):
                hint = did_you_mean(str(node.value), [str(a) for a in allowed])
                raise self.err(
                    "E0204",
                    f"{node.value!r} is not one of {', '.join(map(str, allowed))}",
                    node.pos,
                    hint,
                )
            return node.value
        if origin is tuple:
            (item_tp, _ellipsis) = typing.get_args(tp)
            if not node.is_seq:
                self._list_op_typo(node)
                if _is_effect_union(item_tp) and node.is_map:
                    raise self.err(
                        "E0201",
                        "effects must be a list",
                        node.pos,
                        "put '- ' before each effect: " + _EFFECT_HINT,
                    )
                raise self.err(
                    "E0201",
                    f"expected a list, found {_kind(node)}",
                    node.pos,
                    "write a list as [a, b] or as lines starting with '- '",
                )
            return tuple(self.each(node.value, item_tp))
        if origin is dict:
            key_tp, val_tp = typing.get_args(tp)
            if not node.is_map:
                raise self.err("E0201", f"expected a mapping, found {_kind(node)}", node.pos)
            key_refs = [m for m in getattr(key_tp, "__metadata__", ()) if isinstance(m, Ref)]
            out = {}
            ok = True
            key_pos = node.key_pos or {}
            for key, child in node.value.items():
                for m in key_refs:  # ids as keys ('influence: {russia: 2}') are references too
                    self.refs.append((m, key, key_pos.get(key, child.pos), self.context))
                try:
                    out[key] = self.convert(child, val_tp)
                except Invalid:
                    ok = False
            if not ok:
                raise Invalid()
            return out
        if attrs.has(tp):
            return self.obj(node, tp)
        return self.scalar(node, tp)

    def _list_op_typo(self, node: YNode) -> None:
        """A mapping where a list belongs, with a key close to a list operation: a patch's
        ``apend: [...]`` (layering kept it as a value, not knowing it). Said as the typo it
        is, with the word meant, rather than as a list written without its dashes."""
        if not node.is_map:
            return
        for key in node.value:
            if key in EFFECTS:  # an effect written without its dash ('remove_forces'), not a typo
                continue
            hint = did_you_mean(key, LIST_OPS)
            if key not in LIST_OPS and hint is not None:
                raise self.err(
                    "E0203",
                    f"'{key}' is not a list operation",
                    (node.key_pos or {}).get(key, node.pos),
                    f"{hint} In a patch a list takes append: [...] or remove: [...]; "
                    "anything else replaces it",
                )

    def each(self, nodes: list[YNode], tp: Any) -> list[Any]:
        out, ok = [], True
        for child in nodes:
            try:
                out.append(self.convert(child, tp))
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return out

    def scalar(self, node: YNode, tp: Any) -> Any:
        v = node.value
        if tp is str:
            if isinstance(v, str):
                return v
            if node.raw is not None and not isinstance(v, (dict, list)) and v is not None:
                hint = f'quote it: "{node.raw}"'
                if isinstance(v, float) and node.raw != repr(v):
                    hint = f'quote it, or it reads as the number {v}: "{node.raw}"'
                raise self.err(
                    "E0201",
                    f"expected a string, found {node.raw} (read as {_kind(node)})",
                    node.pos,
                    hint,
                )
            raise self.err("E0201", f"expected a string, found {_kind(node)}", node.pos)
        if tp is bool:
            if isinstance(v, bool):
                return v
            hint = "write true or false"
            if isinstance(v, str) and v.lower() in ("yes", "no", "on", "off", "y", "n"):
                hint = f"'{v}' is a string here; write true or false"
            raise self.err("E0201", f"expected true or false, found {_kind(node)}", node.pos, hint)
        if tp is int:
            if isinstance(v, int) and not isinstance(v, bool):
                return v
            raise self.err("E0201", f"expected a whole number, found {_kind(node)}", node.pos)
        if tp is float:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return float(v)
            raise self.err("E0201", f"expected a number, found {_kind(node)}", node.pos)
        raise TypeError(f"unsupported type {tp}")  # pragma: no cover

    def scalar_union(self, node: YNode, kinds: list[Any]) -> Any:
        """A scalar that may be one of several types (``bool | float``): the one it is."""
        v = node.value
        for kind in kinds:
            if kind is bool and isinstance(v, bool):
                return v
            if kind in (int, float) and isinstance(v, (int, float)) and not isinstance(v, bool):
                return kind(v) if kind is float or isinstance(v, int) else v
            if kind is str and isinstance(v, str):
                return v
        raise self.err(
            "E0201",
            f"expected {' or '.join(describe(k) for k in kinds)}, found {_kind(node)}",
            node.pos,
        )

    def expr(self, node: YNode, typ: str) -> Expr:
        v = node.value
        if typ == "int" and isinstance(v, int) and not isinstance(v, bool):
            e = const_expr(v, node.pos)
            self.exprs.append((e, self.context))
            return e
        if typ == "bool" and isinstance(v, bool):
            e = Expr(str(v), node.pos, lambda ctx: v, "bool")
            self.exprs.append((e, self.context))
            return e
        if not isinstance(v, str):
            want = "a number or an expression" if typ == "int" else "a condition string"
            raise self.err(
                "E0201",
                f"expected {want}, found {_kind(node)}",
                node.pos,
                'for example: "track(escalation) >= 3"',
            )
        if node.pos.lines:  # written over several lines: positions come from each line
            pos = Pos(node.pos.file, node.pos.line, node.pos.col, lines=node.pos.lines)
            v = v.replace("\n", " ")  # a literal block (|) keeps its line breaks: one line
        else:
            pos = node.pos if node.raw is not None else node.pos.shifted(1)  # past a quote
            pos = Pos(pos.file, pos.line, pos.col)
        if len(v) > MAX_EXPR_CHARS:
            raise self.err(
                "E0401",
                f"expression of {len(v):,} characters; the limit is {MAX_EXPR_CHARS:,}",
                pos,
                "split the rule, or let an effect set a flag and test the flag",
            )
        try:
            problems = syntax_check(v, pos)
        except RecursionError:  # Python's parser gives up on very deep nesting
            problems = [Diagnostic("E0401", TOO_DEEP, pos, DEEP_HINT)]
        if problems:
            self.diags.extend(problems)
            raise Invalid()
        e = Expr(v, pos, None, typ)
        self.exprs.append((e, self.context))
        return e

    def obj(self, node: YNode, cls: type, shorthand: bool = False) -> Any:
        fields = attrs.fields(cls)
        by_key = {yaml_key(a): a for a in fields}
        required = [a for a in fields if a.default is attrs.NOTHING]
        if not node.is_map:
            if shorthand and node.is_scalar and len(required) == 1 and node.value is not None:
                # One-field shorthand, for effects only (the schema says the same):
                # `set_flag: ceasefire` means {flag: ceasefire}.
                a = required[0]
                made = cls(**{a.name: self.convert(node, hints(cls)[a.name])})
                self.obj_pos[id(made)] = node.pos
                return made
            raise self.err(
                "E0201",
                f"expected a mapping of fields, found {_kind(node)}",
                node.pos,
                f"fields: {', '.join(by_key)}",
            )
        kwargs: dict[str, Any] = {}
        ok = True
        key_pos = node.key_pos or {}
        for key, child in node.value.items():
            a = by_key.get(key)
            if a is None:
                ok = False
                kp = key_pos.get(key, child.pos)
                self.diags.append(
                    Diagnostic(
                        "E0203",
                        f"unknown field '{key}' in {_article(cls)}",
                        kp,
                        did_you_mean(key, by_key) or f"fields are: {', '.join(by_key)}",
                    )
                )
                continue
            try:
                kwargs[a.name] = self.convert(child, hints(cls)[a.name])
            except Invalid:
                ok = False
        for a in required:
            if yaml_key(a) not in node.value:
                ok = False
                self.diags.append(
                    Diagnostic(
                        "E0202",
                        f"{_article(cls)} needs the field '{yaml_key(a)}'",
                        node.pos,
                        f"add '{yaml_key(a)}: ...' ({describe(hints(cls)[a.name])})",
                    )
                )
        if not ok:
            raise Invalid()
        made = cls(**kwargs)
        self.obj_pos[id(made)] = node.pos
        return made

    def effect(self, node: YNode) -> Any:
        if not node.is_map or len(node.value) != 1:
            if node.is_map and not node.value:
                raise self.err("E0201", "empty effect", node.pos, _EFFECT_HINT)
            if node.is_map:
                raise self.err(
                    "E0201",
                    "an effect is a mapping with exactly one key, the kind "
                    f"(found {', '.join(node.value)})",
                    node.pos,
                    "start each effect with its own '- '",
                )
            raise self.err(
                "E0201", f"expected an effect, found {_kind(node)}", node.pos, _EFFECT_HINT
            )
        ((kind, body),) = node.value.items()
        cls = EFFECTS.get(kind)
        if cls is None:
            kp = (node.key_pos or {}).get(kind, node.pos)
            raise self.err(
                "E0206",
                f"unknown effect '{kind}'",
                kp,
                did_you_mean(kind, EFFECTS) or f"effects are: {', '.join(sorted(EFFECTS))}",
            )
        return self.obj(body, cls, shorthand=True)


def _real_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_effect_union(tp: Any) -> bool:
    return tp is Effect or tp == Effect


def _kind(node: YNode) -> str:
    v = node.value
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    return f"the string '{v}'" if len(v) < 40 else "a string"


def _article(cls: type) -> str:
    name = re.sub(r"(?<!^)([A-Z])", r" \1", cls.__name__).lower()
    return ("an " if name[0] in "aeiou" else "a ") + name
