"""Rules text, generated (1 of 2): names for ids and the phrases of the condition language.

:class:`ConditionNamer` names what a ruleset defines (an actor's ``called`` name, a
region's or track's ``name``, a card's ``title``) and says a condition in words, as it
holds or as it fails; :mod:`game.ruleset.words` adds the effects and whole items (cards,
objectives, operations) on top of it. Kept apart so that each file holds one part of
the language: what is checked here, what happens there. Pure: rule data in, strings out.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from game.ruleset.expr import FUNCTIONS, Expr, parse_condition
from game.ruleset.model import Ruleset

MINUS = "\u2013"  # the minus as the fonts have it: an en dash ("Energy security –1")

_OPS = {  # comparison -> the words between a quantity and a number
    ast.GtE: "at least",
    ast.LtE: "at most",
    ast.Gt: "more than",
    ast.Lt: "less than",
    ast.Eq: "exactly",
    ast.NotEq: "other than",
}
_NEGATED = {ast.GtE: ast.Lt, ast.LtE: ast.Gt, ast.Gt: ast.LtE, ast.Lt: ast.GtE, ast.Eq: ast.NotEq}
_NEGATED.update({ast.NotEq: ast.Eq})
_FLIPPED = {ast.GtE: ast.LtE, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.Lt: ast.Gt}
_FLIPPED.update({ast.Eq: ast.Eq, ast.NotEq: ast.NotEq})
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def humanize(ident: str) -> str:
    """An id as words, for data without a name of its own ('south_caucasus': 'south caucasus')."""
    return ident.replace("_", " ").replace("-", " ")


def sentence(text: str) -> str:
    """Capitalised and closed with a full stop (a name's own capitals are kept)."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:" else text + "."


class ConditionNamer:
    """Names for ids, and the phrases of the condition language, for one ruleset.

    ``seat`` is who ``self`` is when known (an objective's owner, the seat asking);
    without it ``self`` is "the player".
    """

    def __init__(self, rules: Ruleset, seat: str | None = None) -> None:
        self.rules = rules
        self.seat = seat

    # -- names -------------------------------------------------------------------------------
    def actor(self, aid: str) -> str:
        if aid == "self":
            return self.actor(self.seat) if self.seat else "the player"
        if aid == "nobody":
            return "nobody"
        a = self.rules.actors.get(aid)
        return (a.called or a.name) if a is not None else humanize(aid)

    def region(self, rid: str) -> str:
        if rid == "target":
            return "the target"
        r = self.rules.regions.get(rid)
        return r.name if r is not None else humanize(rid)

    def track(self, tid: str) -> str:
        t = self.rules.tracks.get(tid)
        return t.name if t is not None else humanize(tid)

    def card(self, cid: str) -> str:
        c = self.rules.cards.get(cid)
        return f"\u2018{c.title}\u2019" if c is not None else humanize(cid)

    def flag(self, fid: str) -> str:
        f = self.rules.flags.get(fid)
        return f.title if f is not None and f.title else f"\u201c{humanize(fid)}\u201d"

    def no_flag(self, fid: str) -> str:
        """The flag's absence: 'a signed ceasefire' -> 'no signed ceasefire'."""
        title = self.flag(fid)
        for article in ("a ", "an ", "the ", "A ", "An ", "The "):
            if title.startswith(article):
                return "no " + title[len(article) :]
        return "no " + title

    def tag(self, tag: str) -> str:
        return humanize(tag)

    def state(self, code: str) -> str:
        """A region's state code as the actor of that state when there is one ('AM' -> Armenia)."""
        for a in self.rules.actors.values():
            if a.short == code:
                return a.called or a.name
        return code

    def titled(self, kind: str, ident: str) -> str:
        item = (self.rules.events if kind == "event" else self.rules.arguments).get(ident)
        return f"\u2018{item.title}\u2019" if item is not None else humanize(ident)

    def turn(self, n: int) -> str:
        """A turn by its label's head ('Week 4' of 'Week 4: Ganja under fire')."""
        cal = self.rules.manifest.calendar
        return cal[n - 1].label.split(":")[0].strip() if 1 <= n <= len(cal) else f"turn {n}"

    def date(self, iso: str) -> str:
        """A date as people write it ('18 October')."""
        try:
            _, m, d = (int(x) for x in str(iso).split("-"))
        except ValueError:
            return str(iso)
        return f"{d} {_MONTHS[m - 1]}" if 1 <= m <= 12 else str(iso)

    def name(self, kind: str, ident: str) -> str:
        """Any id by the kind the condition language gives it."""
        if kind == "actor":
            return self.actor(ident)
        if kind == "region":
            return self.region(ident)
        if kind == "track":
            return self.track(ident)
        if kind == "card":
            return self.card(ident)
        if kind == "flag":
            return self.flag(ident)
        if kind == "tag":
            return self.tag(ident)
        if kind in ("event", "argument"):
            return self.titled(kind, ident)
        if kind == "objective":
            o = self.rules.objectives.get(ident)
            return f"\u2018{o.title}\u2019" if o is not None else humanize(ident)
        return humanize(ident)

    # -- conditions --------------------------------------------------------------------------
    def condition(self, expr: Expr | str) -> str:
        """A condition as a clause ('Russia controls Shusha and there is no signed ceasefire')."""
        text = expr.text if isinstance(expr, Expr) else expr
        try:
            tree = parse_condition(text.strip()).body
        except SyntaxError:
            return text.strip()
        return self.holds(tree)

    def amount(self, amount: Expr | int | str) -> str:
        """A number or an expression giving one ('2', 'the card's operation points')."""
        base, extras = self.amount_parts(amount)
        return ", ".join([base, *extras])

    def amount_parts(self, amount: Expr | int | str) -> tuple[str, list[str]]:
        """An amount split into its base and its yes/no bonuses: '1 + controls(self, X)'
        gives ('1', ['+1 if the player controls X'])."""
        if isinstance(amount, int):
            return str(amount), []
        text = amount.text if isinstance(amount, Expr) else amount
        try:
            node = parse_condition(text.strip()).body
        except SyntaxError:
            return text.strip(), []
        terms = _terms(node)
        if not any(_is_test(t) for _, t in terms):
            return self.value(node, "int"), []
        base: list[str] = []
        for sign, t in terms:
            if not _is_test(t):
                lead = "" if not base and sign > 0 else ("+ " if sign > 0 else MINUS + " ")
                base.append(lead + self.value(t, "int"))
        extras = [
            f"{'+' if sign > 0 else MINUS}1 if {self.holds(t)}" for sign, t in terms if _is_test(t)
        ]
        return " ".join(base) or "0", extras

    def holds(self, n: ast.AST) -> str:
        """What it means for a yes/no node to hold."""
        if isinstance(n, ast.BoolOp):
            joiner = " and " if isinstance(n.op, ast.And) else " or "
            return joiner.join(self._part(v, type(n.op)) for v in n.values)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            return self.fails(n.operand)
        if isinstance(n, ast.Compare):
            return self._compare(n, negate=False)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            return self._predicate(n.func.id, n.args, negate=False)
        if isinstance(n, ast.Constant) and isinstance(n.value, bool):
            return "always" if n.value else "never"
        return f"{self.value(n, None)} is not zero"

    def fails(self, n: ast.AST) -> str:
        """What it means for a yes/no node not to hold (De Morgan, comparisons inverted)."""
        if isinstance(n, ast.BoolOp):
            joiner = " or " if isinstance(n.op, ast.And) else " and "
            other = ast.Or if isinstance(n.op, ast.And) else ast.And
            return joiner.join(self._part(v, other, negate=True) for v in n.values)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            return self.holds(n.operand)
        if isinstance(n, ast.Compare):
            return self._compare(n, negate=True)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            return self._predicate(n.func.id, n.args, negate=True)
        if isinstance(n, ast.Constant) and isinstance(n.value, bool):
            return "never" if n.value else "always"
        return f"{self.value(n, None)} is zero"

    def _part(self, n: ast.AST, inside: type, negate: bool = False) -> str:
        text = self.fails(n) if negate else self.holds(n)
        mixed = isinstance(n, ast.BoolOp) and not isinstance(n.op, inside)
        if isinstance(n, ast.UnaryOp) and isinstance(n.operand, ast.BoolOp):
            mixed = isinstance(n.operand.op, inside) if not negate else True
        return f"({text})" if mixed else text

    def _predicate(self, fname: str, args: Sequence[ast.expr], negate: bool) -> str:
        sig = FUNCTIONS.get(fname)
        if sig is None or len(args) != len(sig.args):
            call = ast.unparse(ast.Call(ast.Name(fname), list(args), []))
            return f"{'not ' if negate else ''}{call}"
        a = [self.value(x, t) for x, t in zip(args, sig.args, strict=True)] + ["", ""]
        no = negate
        if fname == "flag":
            ident = (
                args[0].id if isinstance(args[0], ast.Name) else str(getattr(args[0], "value", ""))
            )
            return self.no_flag(ident) if no else self.flag(ident)
        phrases = {
            "controls": (f"{a[0]} controls {a[1]}", f"{a[0]} does not control {a[1]}"),
            "present": (f"{a[0]} is present in {a[1]}", f"{a[0]} is not present in {a[1]}"),
            "reach": (
                f"{a[0]} is present in or next to {a[1]}",
                f"{a[0]} is neither present in nor next to {a[1]}",
            ),
            "adjacent": (f"{a[0]} borders {a[1]}", f"{a[0]} does not border {a[1]}"),
            "has_tag": (f"{a[0]} is {_a(a[1])} region", f"{a[0]} is not {_a(a[1])} region"),
            "played": (f"{a[0]} has been played", f"{a[0]} has not been played"),
            "event_played": (
                f"the event of {a[0]} has been played",
                f"the event of {a[0]} has not been played",
            ),
            "fired": (f"{a[0]} has happened", f"{a[0]} has not happened"),
            "established": (
                f"{a[0]} is an established fact",
                f"{a[0]} is not an established fact",
            ),
        }
        if fname in phrases:
            return phrases[fname][1 if no else 0]
        value = self.value(ast.Call(ast.Name(fname), list(args), []), None)
        return f"{value} is {'zero' if no else 'not zero'}"

    def value(self, n: ast.AST, want: str | None) -> str:
        """A quantity, actor or region node as a noun phrase."""
        if isinstance(n, ast.Constant):
            if isinstance(n.value, bool):
                return "yes" if n.value else "no"
            if isinstance(n.value, int):
                return str(n.value)
            if want and want not in ("int", "str"):
                return self.name(want, str(n.value))
            return str(n.value)
        if isinstance(n, ast.Name):
            return self._name_node(n.id, want)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            return f"{MINUS}{self.value(n.operand, 'int')}"
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.UAdd):
            return self.value(n.operand, "int")
        if isinstance(n, ast.BinOp):
            left, right = self.value(n.left, "int"), self.value(n.right, "int")
            sym = {ast.Add: "+", ast.Sub: MINUS, ast.Mult: "\u00d7"}.get(type(n.op))
            if sym:
                return f"{left} {sym} {right}"
            if isinstance(n.op, ast.FloorDiv):
                return f"{left} divided by {right} (rounded down)"
            return f"the remainder of {left} divided by {right}"
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            return self._quantity(n.func.id, n.args)
        if _is_test(n):
            return f"1 if {self.holds(n)}, else 0"
        return ast.unparse(n)

    def _name_node(self, ident: str, want: str | None) -> str:
        words = {
            "target": "the target",
            "ops": "the card's operation points",
            "turn": "the turn",
            "round": "the action round",
            "turns": "the number of turns",
            "nobody": "nobody",
        }
        if ident == "self":
            return self.actor("self")
        if ident in words:
            return words[ident]
        if want and want not in ("int", "str", "bool"):
            return self.name(want, ident)
        for kind in ("actor", "region", "track", "card", "flag"):
            if ident in getattr(self.rules, kind + "s", {}):
                return self.name(kind, ident)
        return humanize(ident)

    def _quantity(self, fname: str, args: Sequence[ast.expr]) -> str:
        sig = FUNCTIONS.get(fname)
        if sig is None or len(args) != len(sig.args):
            return ast.unparse(ast.Call(ast.Name(fname), list(args), []))
        a = [self.value(x, t) for x, t in zip(args, sig.args, strict=True)]
        phrases = {
            "influence": f"{possessive(a[0])} influence in {a[1]}" if len(a) == 2 else "",
            "forces": f"{possessive(a[0])} forces in {a[1]}" if len(a) == 2 else "",
            "total_forces": f"all forces in {a[0]}",
            "stability": f"the stability of {a[0]}",
            "controller": f"whoever controls {a[0]}",
            "country": f"the state {a[0]} belongs to",
            "controlled": f"the {a[1]} regions {a[0]} controls" if len(a) == 2 else "",
            "present_in": f"the {a[1]} regions where {a[0]} is present" if len(a) == 2 else "",
            "track": a[0],
            "vp": f"{possessive(a[0])} VP",
            "min": f"the smaller of {a[0]} and {a[-1]}",
            "max": f"the larger of {a[0]} and {a[-1]}",
        }
        if phrases.get(fname):
            return phrases[fname]
        return self.holds(ast.Call(ast.Name(fname), list(args), []))

    def _compare(self, n: ast.Compare, negate: bool) -> str:
        parts = []
        left = n.left
        for op, right in zip(n.ops, n.comparators, strict=True):
            parts.append((left, type(op), right))
            left = right
        if negate and len(parts) > 1:
            return "not (" + " and ".join(self._one(*p) for p in parts) + ")"
        return " and ".join(
            self._one(lhs, _NEGATED[op] if negate else op, rhs) for lhs, op, rhs in parts
        )

    def _one(self, left: ast.AST, op: type[ast.cmpop], right: ast.AST) -> str:
        if _is_number(left) and not _is_number(right):
            left, right, op = right, left, _FLIPPED[op]
        if isinstance(left, ast.Name) and left.id == "turn" and _is_number(right):
            label = self.turn(_number(right))
            return {
                ast.GtE: f"from {label} on",
                ast.Gt: f"after {label}",
                ast.LtE: f"up to {label}",
                ast.Lt: f"before {label}",
                ast.Eq: f"in {label}",
                ast.NotEq: f"outside {label}",
            }[op]
        call = (
            left.func.id if isinstance(left, ast.Call) and isinstance(left.func, ast.Name) else ""
        )
        if call and _is_number(right) and len(left.args) == len(FUNCTIONS[call].args):  # type: ignore[attr-defined]
            said = self._count(call, left.args, op, _number(right))  # type: ignore[attr-defined]
            if said:
                return said
        if call == "controller" and isinstance(right, (ast.Name, ast.Constant)):
            region = self.value(left.args[0], "region")  # type: ignore[attr-defined]
            who = self.value(right, "actor")
            if who == "nobody":
                return f"nobody controls {region}" if op is ast.Eq else f"someone controls {region}"
            return f"{who} {'controls' if op is ast.Eq else 'does not control'} {region}"
        if call == "country" and op in (ast.Eq, ast.NotEq):
            region = self.value(left.args[0], "region")  # type: ignore[attr-defined]
            code = right.value if isinstance(right, ast.Constant) else ast.unparse(right)
            where = self.state(str(code))
            return f"{region} lies {'in' if op is ast.Eq else 'outside'} {where}"
        if (
            isinstance(left, ast.Name)
            and left.id in ("self", "target")
            and op in (ast.Eq, ast.NotEq)
        ):
            want = "actor" if left.id == "self" else "region"
            subject = "the player" if left.id == "self" else "the target"
            return f"{subject} is {'' if op is ast.Eq else 'not '}{self.value(right, want)}"
        kind = _kind_of(left) or _kind_of(right)
        lhs, rhs = self.value(left, kind), self.value(right, kind)
        if op is ast.Eq:
            return f"{lhs} is {rhs}"
        if op is ast.NotEq:
            return f"{lhs} is not {rhs}"
        return f"{lhs} is {_OPS[op]} {rhs}"

    def _count(
        self, fname: str, args: Sequence[ast.expr], op: type[ast.cmpop], k: int
    ) -> str | None:
        """Quantities compared with a number, said the natural way ('Russia has no forces in X')."""
        sig = FUNCTIONS[fname]
        a = [self.value(x, t) for x, t in zip(args, sig.args, strict=True)]
        none = (op is ast.Eq and k == 0) or (op is ast.Lt and k == 1) or (op is ast.LtE and k == 0)
        some = (
            (op is ast.Gt and k == 0) or (op is ast.GtE and k == 1) or (op is ast.NotEq and k == 0)
        )
        if fname in ("influence", "forces"):
            what = "influence" if fname == "influence" else "forces"
            if none:
                return f"{a[0]} has no {what} in {a[1]}"
            if some:
                return f"{a[0]} has {what} in {a[1]}"
            return f"{a[0]} has {_OPS[op]} {k} {what} in {a[1]}"
        if fname == "total_forces":
            if none:
                return f"there are no forces in {a[0]}"
            if some:
                return f"there are forces in {a[0]}"
            return f"there are {_OPS[op]} {k} forces in {a[0]}"
        if fname == "track":
            words = {ast.Gt: "above", ast.Lt: "below", ast.Eq: "at", ast.NotEq: "not at"}
            return f"{a[0]} is {words.get(op, _OPS[op])} {k}"
        if fname in ("controlled", "present_in"):
            verb = "controls" if fname == "controlled" else "is present in"
            if none:
                return f"{a[0]} {verb} no {a[1]} region"
            return f"{a[0]} {verb} {_OPS[op]} {_regions(k, a[1])}"
        if fname == "vp":
            return f"{a[0]} has {_OPS[op]} {k} VP"
        if fname == "stability":
            return f"the stability of {a[0]} is {_OPS[op]} {k}"
        return None


def constant(amount: Expr | int | str) -> int | None:
    """The whole number an amount always is, or None when it depends on the game."""
    if isinstance(amount, int):
        return amount
    text = amount.text if isinstance(amount, Expr) else amount
    try:
        node = parse_condition(text.strip()).body
    except SyntaxError:
        return None
    return _number(node) if _is_number(node) else None


def possessive(name: str) -> str:
    """'Russia’s', 'the separatists’', 'the player's'."""
    if name in ("the player", "nobody"):
        return {"the player": "the player's", "nobody": "nobody's"}[name]
    return f"{name}\u2019" if name.endswith("s") else f"{name}\u2019s"


def _a(noun: str) -> str:
    """The indefinite article before a word ('an energy', 'a front')."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _terms(n: ast.AST, sign: int = 1) -> list[tuple[int, ast.AST]]:
    """A sum or difference flattened into signed terms."""
    if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Add, ast.Sub)):
        right = -sign if isinstance(n.op, ast.Sub) else sign
        return _terms(n.left, sign) + _terms(n.right, right)
    return [(sign, n)]


def _is_test(n: ast.AST) -> bool:
    """A yes/no node (which counts 1 or 0 in a sum)."""
    if isinstance(n, (ast.BoolOp, ast.Compare)):
        return True
    if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
        return True
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in FUNCTIONS:
        return FUNCTIONS[n.func.id].result == "bool"
    return False


def _regions(k: int, tag: str) -> str:
    return f"{k} {tag} region{'' if k == 1 else 's'}"


def _is_number(n: ast.AST) -> bool:
    if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
        return _is_number(n.operand)
    return isinstance(n, ast.Constant) and type(n.value) is int


def _number(n: ast.AST) -> int:
    if isinstance(n, ast.UnaryOp):
        return -_number(n.operand)
    assert isinstance(n, ast.Constant) and isinstance(n.value, int)
    return int(n.value)


def _kind_of(n: ast.AST) -> str | None:
    """The id kind a node gives, so a bare id beside it is named right ('controller(X) == iran')."""
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in FUNCTIONS:
        result = FUNCTIONS[n.func.id].result
        return result if result not in ("int", "bool", "str") else None
    if isinstance(n, ast.Name) and n.id in ("self", "nobody"):
        return "actor"
    if isinstance(n, ast.Name) and n.id == "target":
        return "region"
    return None
