"""The condition language: small, typed expressions parsed once at load, never ``eval``.

Rule files say when a card may be played or an objective is met with strings
such as ``influence(russia, YER) >= 3 and not flag(ceasefire_signed)``. They are
parsed with Python's ``ast`` and a whitelist of node kinds, type-checked against
the declared ids and functions, and compiled to one Python function each: the
checker builds a Python expression tree node by node from the checked tree (the
rule's text is never handed to Python's compiler) and compiles that tree's source
(see _compile). Every
unknown name or wrong argument becomes a diagnostic at load time, pointing into
the string.
"""

from __future__ import annotations

import ast
import operator
import threading
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from game.ruleset.diagnostics import Diagnostic, Pos, did_you_mean
from game.ruleset.language import (  # the vocabulary, re-exported
    ALWAYS,
    BOOL,
    FUNCTIONS,
    ID_TYPES,
    INT,
    STR,
    VARIABLES,
    Signature,
)

Compiled = Callable[[Any], Any]

COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}


@attrs.frozen
class Expr:
    """An expression from a rule file: its text, where it stands, and (after checking) code."""

    text: str
    pos: Pos = attrs.field(eq=False, order=False)
    fn: Compiled | None = attrs.field(default=None, eq=False, repr=False, order=False)
    kind: str = attrs.field(default="", eq=False, repr=False)

    def __call__(self, ctx: Any) -> Any:
        assert self.fn is not None, f"expression {self.text!r} was not compiled"
        return self.fn(ctx)


def const_expr(value: int, pos: Pos) -> Expr:
    """An expression for a literal number (amounts written as plain ints)."""
    return Expr(str(value), pos, lambda ctx: value, INT)


class _Fail(Exception):
    pass


@attrs.define
class Checker:
    """Type-checks and compiles one expression against the ruleset's ids."""

    ids: Mapping[str, frozenset[str]]
    """For each id type, the ids the ruleset defines."""
    context: frozenset[str]
    """The context variables available here (``self``, ``target``, ``ops``)."""
    where: str
    """Words for the context, for messages ('a scheduled event')."""
    pos: Pos
    diags: list[Diagnostic] = attrs.field(factory=list)
    offset: int = 0
    source: bytes = b""

    def _chars(self, byte_col: int) -> int:
        """ast counts columns in UTF-8 bytes; messages count characters."""
        return len(self.source[:byte_col].decode("utf-8", "ignore"))

    def _at(self, node: ast.AST, width: int | None = None) -> Pos:
        col = self._chars(getattr(node, "col_offset", 0))
        end = self._chars(getattr(node, "end_col_offset", 0)) or col + 1
        return self.pos.shifted(self.offset + col, width if width is not None else end - col)

    def fail(self, code: str, msg: str, node: ast.AST, hint: str | None = None) -> _Fail:
        self.diags.append(Diagnostic(code, msg, self._at(node), hint))
        return _Fail()

    def check(self, text: str, want: str) -> Compiled | None:
        stripped = text.lstrip()
        self.offset = len(text) - len(stripped)
        self.source = stripped.encode("utf-8")
        try:
            tree = parse_condition(stripped.rstrip())
        except SyntaxError as exc:
            self.diags.append(_syntax_diagnostic(exc, stripped, self.pos, self.offset))
            return None
        try:
            code, typ = self.tree(tree.body, want)
            if typ != want and not (want == INT and typ == BOOL):
                raise self.fail(
                    "E0407",
                    f"expression gives {_a(typ)}, but {_a(want)} is needed here",
                    tree.body,
                    _type_hint(want),
                )
            return _compile(code, f"<{self.where} at {self.pos}>")
        except _Fail:
            return None

    def node(self, n: ast.AST, want: str | None = None) -> tuple[Compiled, str]:
        """``n`` type-checked and compiled to a function of the evaluation context."""
        code, typ = self.tree(n, want)
        return _compile(code, "<condition>"), typ

    def tree(self, n: ast.AST, want: str | None = None) -> tuple[ast.expr, str]:
        """``n`` type-checked, as the Python expression that computes it (see _compile)."""
        if isinstance(n, ast.BoolOp):
            parts = self.each(n.values, lambda v: self.expect(v, BOOL))
            if len(parts) == 1:
                return parts[0], BOOL
            return ast.BoolOp(op=ast.And() if isinstance(n.op, ast.And) else ast.Or(),
                              values=parts), BOOL  # fmt: skip
        if isinstance(n, ast.UnaryOp):
            if isinstance(n.op, ast.Not):
                return ast.UnaryOp(op=ast.Not(), operand=self.expect(n.operand, BOOL)), BOOL
            if isinstance(n.op, (ast.USub, ast.UAdd)):
                inner = self.expect(n.operand, INT)
                if isinstance(n.op, ast.USub):
                    return ast.UnaryOp(op=ast.USub(), operand=inner), INT
                return inner, INT
        if isinstance(n, ast.BinOp) and type(n.op) in ARITHMETIC:
            left, right = self.each([n.left, n.right], lambda v: self.expect(v, INT))
            if isinstance(n.op, (ast.FloorDiv, ast.Mod)):  # x // 0 and x % 0 divide by 1
                right = ast.BoolOp(op=ast.Or(), values=[right, ast.Constant(1)])
            return ast.BinOp(left=left, op=type(n.op)(), right=right), INT
        if isinstance(n, ast.Compare):
            return self.compare(n)
        if isinstance(n, ast.Constant):
            v = n.value
            if isinstance(v, bool):
                return ast.Constant(v), BOOL
            if isinstance(v, int):
                return ast.Constant(v), INT
            if isinstance(v, str):
                if want in ID_TYPES:  # a quoted id, e.g. a tag that is not a name: 'off-map'
                    if v not in self.ids.get(want, ()):
                        raise self.fail(
                            "E0301",
                            f"unknown {want} '{v}'",
                            n,
                            did_you_mean(v, self.ids.get(want, ())),
                        )
                    return ast.Constant(v), want
                return ast.Constant(v), STR
            raise self.fail(
                "E0402",
                f"{type(v).__name__} values are not allowed",
                n,
                "use whole numbers, 'quoted strings', true or false",
            )
        if isinstance(n, ast.Name):
            return self.name(n, want)
        if isinstance(n, ast.Call):
            return self.call(n)
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.BitAnd, ast.BitOr)):
            sign, word = ("&", "and") if isinstance(n.op, ast.BitAnd) else ("|", "or")
            raise self.fail("E0402", f"'{sign}' is not allowed in a condition", n,
                            f"write '{word}' instead of '{sign}'")  # fmt: skip
        raise self.fail(
            "E0402",
            f"'{ast.unparse(n)}' is not allowed in a condition",
            n,
            "conditions use and/or/not, comparisons, + - * // %, numbers, "
            "'strings', ids and the declared functions",
        )

    def each(self, nodes: list[ast.expr], check: Callable[[ast.expr], ast.expr]) -> list[ast.expr]:
        """``check`` every node, going on past a failing one so that one load reports every
        error of an expression ('flagg' after another mistake too); fails if any failed."""
        out, failed = [], False
        for node in nodes:
            try:
                out.append(check(node))
            except _Fail:
                failed = True
        if failed:
            raise _Fail()
        return out

    def expect(self, n: ast.AST, want: str) -> ast.expr:
        code, typ = self.tree(n, want)
        if typ == want or (want == INT and typ == BOOL):
            return code
        raise self.fail(
            "E0407",
            f"'{ast.unparse(n)}' is {_a(typ)}, but {_a(want)} is needed",
            n,
            _type_hint(want),
        )

    def compare(self, n: ast.Compare) -> tuple[ast.expr, str]:
        operands = [n.left, *n.comparators]
        # Infer the type of bare ids from the other operand (controller(X) == russia).
        typed: list[tuple[ast.expr, str] | None] = [
            None if isinstance(o, ast.Name) and o.id not in VARIABLES else self.tree(o)
            for o in operands
        ]
        known = next((t[1] for t in typed if t is not None), None)
        codes: list[ast.expr] = []
        for o, t in zip(operands, typed, strict=True):
            if t is None:
                t = self.tree(o, known)
            codes.append(t[0])
            if known is None:
                known = t[1]
            elif t[1] != known and {t[1], known} != {INT, BOOL}:
                raise self.fail("E0407", f"cannot compare {_a(known)} with {_a(t[1])}", o)
        for op in n.ops:
            if type(op) not in COMPARISONS:
                raise self.fail("E0402", "only == != < <= > >= are allowed in comparisons", n)
            if known not in (INT, BOOL) and not isinstance(op, (ast.Eq, ast.NotEq)):
                raise self.fail(
                    "E0407", f"{_a(known or STR)} can only be compared with == or !=", n
                )
        ops = [type(op)() for op in n.ops]
        return ast.Compare(left=codes[0], ops=ops, comparators=codes[1:]), BOOL

    def name(self, n: ast.Name, want: str | None) -> tuple[ast.expr, str]:
        name = n.id
        if name in VARIABLES:
            typ, _ = VARIABLES[name]
            if name not in self.context and name not in ALWAYS:
                raise self.fail(
                    "E0305", f"'{name}' has no meaning in {self.where}", n, _context_hint(name)
                )
            if name == "nobody":
                return ast.Constant("nobody"), typ
            attr = {"self": "self_actor"}.get(name, name)
            return _ctx(attr), typ
        if name in ("true", "false", "True", "False"):
            return ast.Constant(name in ("true", "True")), BOOL
        if want is not None and want in ID_TYPES:
            if name not in self.ids.get(want, ()):
                other = next((k for k in ID_TYPES if name in self.ids.get(k, ())), None)
                hint = did_you_mean(name, self.ids.get(want, ()))
                if other is not None:
                    hint = f"'{name}' is {_a(other)}, not {_a(want)}" + (
                        f"; {hint}" if hint else ""
                    )
                raise self.fail("E0301", f"unknown {want} '{name}'", n, hint)
            return ast.Constant(name), want
        # A bare id with no expected type: find which kind of id it is.
        kinds = [k for k in ID_TYPES if name in self.ids.get(k, ())]
        if len(kinds) >= 1:
            return ast.Constant(name), kinds[0]
        every = [i for k in ID_TYPES for i in self.ids.get(k, ())] + list(VARIABLES)
        raise self.fail(
            "E0403",
            f"unknown name '{name}'",
            n,
            did_you_mean(name, every) or "names are ids of actors, regions, tracks, cards or flags",
        )

    def call(self, n: ast.Call) -> tuple[ast.expr, str]:
        if not isinstance(n.func, ast.Name) or n.func.id.startswith("__"):
            raise self.fail("E0402", "only declared functions can be called", n)
        if any(isinstance(a, ast.Starred) for a in n.args):
            raise self.fail("E0402", "starred arguments are not allowed", n)
        fname = n.func.id
        sig = FUNCTIONS.get(fname)
        if sig is None:
            raise self.fail(
                "E0404",
                f"unknown function '{fname}'",
                n.func,
                did_you_mean(fname, FUNCTIONS) or f"functions are: {', '.join(sorted(FUNCTIONS))}",
            )
        if n.keywords:
            raise self.fail("E0402", f"{fname}() takes positional arguments only", n)
        if len(n.args) != len(sig.args):
            raise self.fail(
                "E0405",
                f"{fname}() takes {len(sig.args)} argument(s) "
                f"({', '.join(sig.args)}), got {len(n.args)}",
                n,
                f"example: {sig.example}",
            )
        types = dict(zip(map(id, n.args), sig.args, strict=True))

        def argument(arg: ast.expr) -> ast.expr:
            typ = types[id(arg)]
            code, got = self.tree(arg, typ)
            if got != typ and not (typ == INT and got == BOOL):
                raise self.fail(
                    "E0406",
                    f"argument {ast.unparse(arg)!r} of {fname}() is "
                    f"{_a(got)}, but {_a(typ)} is needed",
                    arg,
                    f"example: {sig.example}",
                )
            return code

        args = self.each(list(n.args), argument)
        return ast.Call(func=_ctx("f_" + fname), args=args, keywords=[]), sig.result


_PARSING = threading.Lock()


def parse_condition(text: str) -> ast.Expression:
    """``ast.parse(text, mode="eval")`` under a process-wide lock. CPython 3.11 turns the
    parser's tree into Python objects with a per-interpreter depth counter, and two threads
    parsing at once (a collector run in one can hand the GIL to the other) corrupt it:
    SystemError "AST constructor recursion depth mismatch". Clients, server bots and
    searches read conditions in threads, so every parse of a condition goes through here."""
    with _PARSING:
        return ast.parse(text, mode="eval")


_CTX = "c"
"""The one name a compiled condition knows: its evaluation context (game.engine.evaluate)."""


def _ctx(attr: str) -> ast.expr:
    """``c.attr``: a variable or a function of the evaluation context."""
    return ast.Attribute(value=ast.Name(id=_CTX, ctx=ast.Load()), attr=attr, ctx=ast.Load())


def _compile(body: ast.expr, where: str) -> Compiled:
    """A function of the context from a Python expression tree built by the Checker.

    The tree is made node by node from a checked rule expression (never parsed from the
    rule's text) and holds only constants, ``c.<attribute>`` reads, calls of the context's
    ``f_`` functions, and/or/not, arithmetic and comparisons; its source is compiled and
    run without builtins. One flat function per expression runs several times faster than a closure
    per node (issue 17)."""
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=_CTX)], kwonlyargs=[],
                         kw_defaults=[], defaults=[])  # fmt: skip
    # Compiled from the tree's source text, not from the tree objects: CPython 3.11 converts
    # AST objects with a per-interpreter counter that threads doing it at once corrupt
    # (SystemError: AST constructor recursion depth mismatch), and clients and server bots
    # load rules in threads. ast.unparse is plain Python and parenthesises only as needed.
    source = ast.unparse(ast.Lambda(args=args, body=body))
    try:
        code = compile(source, where, "eval")
    except (SyntaxError, MemoryError) as exc:  # nesting past the parser's limits
        raise RecursionError(str(exc)) from None
    fn: Compiled = eval(code, {"__builtins__": {}})
    return fn


_WORDS = {"&&": "and", "||": "or", "!": "not", "&": "and", "|": "or"}
"""Operators of other languages a condition may be written with, and the words meant."""


def _c_style(text: str) -> list[tuple[int, str]]:
    """(column, operator) of each ``&&``, ``||``, ``!`` (not ``!=``), ``&`` or ``|``
    outside quotes, in order."""
    found: list[tuple[int, str]] = []
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif text.startswith(("&&", "||"), i):
            found.append((i, text[i : i + 2]))
            i += 1
        elif ch == "!" and not text.startswith("!=", i):
            found.append((i, "!"))
        elif ch in "&|":
            found.append((i, ch))
        i += 1
    return found


def _a(typ: str) -> str:
    word = {INT: "a number", BOOL: "a true/false value", STR: "a string"}.get(typ)
    if word:
        return word
    return ("an " if typ[0] in "aeiou" else "a ") + typ


def _type_hint(want: str) -> str | None:
    if want == BOOL:
        return "compare it, for example: ... >= 2"
    if want == INT:
        return "use a number or a function giving a number, such as track(escalation)"
    return None


def _context_hint(name: str) -> str:
    return {
        "self": "'self' exists where an actor acts: cards, operations, objectives",
        "target": "'target' exists only in operations, for the chosen region",
        "ops": "'ops' exists only in operations and card events",
    }.get(name, "")


def syntax_check(text: str, pos: Pos) -> list[Diagnostic]:
    """Parse only (no ids known yet): used to report syntax errors early, at load.

    Loading stops at this check, so its diagnostic is the one a modder sees: it must be
    as good as the Checker's (same column, same hint for ``&&``/``||``/``!``)."""
    stripped = text.lstrip()
    try:
        parse_condition(stripped.rstrip())
    except SyntaxError as exc:
        return [_syntax_diagnostic(exc, stripped, pos, len(text) - len(stripped))]
    return []


def _syntax_diagnostic(exc: SyntaxError, text: str, pos: Pos, offset: int) -> Diagnostic:
    """E0401 for ``text`` that Python cannot parse; ``text`` stands ``offset`` characters
    (its leading spaces) into the expression written at ``pos``.

    Python gives up after a C-style operator (``a && !b`` fails at the second ``&``, with
    "invalid syntax"), so when the text holds one the caret goes on the operator and the
    hint names the word meant; otherwise the caret goes where the parser stopped."""
    col = _syntax_col(exc, text)
    width = 1
    words = _c_style(text)
    if words:  # point at the first operator itself, not where Python gave up
        col, width = words[0][0], len(words[0][1])
        seen = list(dict.fromkeys(op for _, op in words))  # each operator once, in order
        hint = (
            "write "
            + ", ".join(f"'{_WORDS[op]}' instead of '{op}'" for op in seen)
            + ": conditions use the words and, or, not"
        )
    else:
        hint = "conditions look like: influence(russia, YER) >= 2 and not flag(ceasefire)"
    at = pos.shifted(offset + col, width)
    return Diagnostic("E0401", f"cannot parse expression: {exc.msg}", at, hint)


def _syntax_col(exc: SyntaxError, text: str) -> int:
    """The 0-based column of a syntax error; the end of the text when it ended too soon."""
    if not exc.offset or exc.offset > len(text.rstrip()):
        return len(text.rstrip())  # 'turn >': the text ends before the expression does
    return max(0, exc.offset - 1)


__all__ = [
    "ALWAYS",
    "ARITHMETIC",
    "BOOL",
    "COMPARISONS",
    "FUNCTIONS",
    "ID_TYPES",
    "INT",
    "STR",
    "VARIABLES",
    "Checker",
    "Compiled",
    "Expr",
    "Signature",
    "const_expr",
    "parse_condition",
    "syntax_check",
]
