"""Compiled conditions compute what the language says: random well-typed expressions, each
compiled by the Checker (to one Python function) and evaluated by a plain interpreter of the
rule's own syntax tree written here (it shares only the table of what each operator means,
which the compiler does not use), must agree on every context Hypothesis draws."""

from __future__ import annotations

import ast
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from game.ruleset.diagnostics import Pos
from game.ruleset.expr import ARITHMETIC, COMPARISONS, Checker
from tests.unit.test_expr import EVERYWHERE, IDS, FakeContext


def interpret(n: ast.AST, ctx: FakeContext) -> Any:
    """The language's meaning, read straight off the tree (slow, obvious, independent)."""
    if isinstance(n, ast.BoolOp):
        if isinstance(n.op, ast.And):
            return all(interpret(v, ctx) for v in n.values)
        return any(interpret(v, ctx) for v in n.values)
    if isinstance(n, ast.UnaryOp):
        v = interpret(n.operand, ctx)
        return not v if isinstance(n.op, ast.Not) else -v
    if isinstance(n, ast.BinOp):
        a, b = interpret(n.left, ctx), interpret(n.right, ctx)
        if isinstance(n.op, ast.FloorDiv):
            return a // (b or 1)
        if isinstance(n.op, ast.Mod):
            return a % (b or 1)
        return ARITHMETIC[type(n.op)](a, b)
    if isinstance(n, ast.Compare):
        vals = [interpret(x, ctx) for x in (n.left, *n.comparators)]
        return all(COMPARISONS[type(op)](vals[i], vals[i + 1]) for i, op in enumerate(n.ops))
    if isinstance(n, ast.Constant):
        return n.value
    if isinstance(n, ast.Name):
        if n.id in ("true", "false"):
            return n.id == "true"
        if n.id == "nobody":
            return "nobody"
        if n.id in ("turn", "round", "turns", "ops", "target"):
            return getattr(ctx, n.id)
        return ctx.self_actor if n.id == "self" else n.id
    if isinstance(n, ast.Call):
        assert isinstance(n.func, ast.Name)
        return getattr(ctx, "f_" + n.func.id)(*(interpret(a, ctx) for a in n.args))
    raise AssertionError(ast.dump(n))


def ints() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        st.integers(-3, 12).map(str),
        st.sampled_from(
            [
                "ops",
                "turn",
                "round",
                "turns",
                "track(escalation)",
                "influence(russia, ARM)",
                "forces(self, target)",
                "vp(west)",
                "flag(truce)",
            ]
        ),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "//", "%"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            inner.map(lambda a: f"-{a}"),
            st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"
            ),
        ),
        max_leaves=6,
    )


def bools() -> st.SearchStrategy[str]:
    ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    leaf = st.one_of(
        st.tuples(ints(), ops, ints()).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(ints(), ops, ints(), ops, ints()).map(lambda t: " ".join(t)),
        st.sampled_from(
            [
                "flag(truce)",
                "true",
                "false",
                "controls(turkey, NAK)",
                "controller(target) == nobody",
                "controller(target) != self",
                "has_tag(target, battleground)",
                "country(target) == 'AM'",
            ]
        ),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            inner.map(lambda a: f"not ({a})"),
        ),
        max_leaves=5,
    )


contexts = st.fixed_dictionaries(
    {
        "turn": st.integers(1, 9),
        "round": st.integers(0, 4),
        "ops": st.integers(0, 4),
        "track": st.integers(-2, 10),
        "influence": st.integers(0, 6),
        "forces": st.integers(0, 3),
        "vp": st.integers(-5, 20),
        "flag": st.booleans(),
        "controls": st.booleans(),
        "controller": st.sampled_from(["nobody", "russia", "turkey"]),
        "has_tag": st.booleans(),
        "country": st.sampled_from(["AM", "AZ"]),
    }
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(bools(), ints().map(lambda t: f"{t} >= 0")), contexts)
def test_compiled_conditions_agree_with_the_language(text: str, values: dict[str, Any]) -> None:
    checker = Checker(IDS, EVERYWHERE, "a card", Pos("cards.yaml", 1, 1))
    fn = checker.check(text, "bool")
    assert fn is not None, checker.diags
    ctx = FakeContext(**values)
    want = interpret(ast.parse(text, mode="eval").body, ctx)
    got = fn(ctx)
    assert got == want and type(got) is type(want), (text, got, want)
