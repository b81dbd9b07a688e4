"""The engine's fast makers of frozen records give the very instances the classes give, and
refuse a class whose ``__init__`` does more than store its fields."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine.decisions import (
    AFTER_CARD,
    AfterCard,
    ChooseCard,
    ChooseMode,
    ChooseOp,
    ChooseTarget,
    Ctx,
    Run,
    make_choose_card,
    make_choose_mode,
    make_choose_op,
    make_choose_target,
    make_ctx,
    make_run,
)
from game.engine.events import LogEntry, LogKind, make_entry
from game.engine.fastmake import maker

TEXT = st.text(max_size=8)
SEATS = st.lists(TEXT, max_size=3).map(tuple)
DATA = st.dictionaries(TEXT, st.one_of(st.integers(), TEXT, st.booleans()), max_size=3)


def _same(made: object, built: object, hashable: bool = True) -> None:
    assert type(made) is type(built)
    assert made == built and repr(made) == repr(built)
    if hashable:
        assert hash(made) == hash(built)
    else:
        for x in (made, built):
            with pytest.raises(TypeError):
                hash(x)
    assert pickle.loads(pickle.dumps(made)) == built
    assert copy.deepcopy(made) == built
    assert attrs.asdict(made) == attrs.asdict(built)  # type: ignore[arg-type]
    name = attrs.fields(type(made))[0].name  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(made, name, "changed")


@given(st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT), st.integers(), st.none(), SEATS)
def test_a_context(actor, target, ops, card, audience) -> None:
    _same(make_ctx(actor, target, ops, card, audience), Ctx(actor, target, ops, card, audience))


@given(st.integers(min_value=0, max_value=5), TEXT)
def test_a_run(index, source) -> None:
    ctx = Ctx("a")
    _same(make_run((), index, ctx, source), Run((), index, ctx, source))


@given(st.integers(), st.integers(), TEXT, SEATS, TEXT, st.sampled_from(LogKind), DATA, SEATS)
def test_a_log_entry(step, turn, text, audience, public, kind, data, secret) -> None:
    made = make_entry(step, turn, text, audience, public, kind, data, secret)
    built = LogEntry(step, turn, text, audience, public, kind, data, secret)
    _same(made, built, hashable=False)  # its data is a dict
    assert made.public() == built.public()


@given(TEXT, TEXT, TEXT, st.integers(), st.integers(), SEATS)
def test_the_frames_of_a_card_play(seat, card, op, points, ops, uses) -> None:
    _same(make_choose_card(seat), ChooseCard(seat))
    _same(make_choose_mode(seat, card), ChooseMode(seat, card))
    _same(make_choose_op(seat, card, points, ops, uses), ChooseOp(seat, card, points, ops, uses))
    _same(
        make_choose_target(seat, card, op, points, ops, uses),
        ChooseTarget(seat, card, op, points, ops, uses),
    )
    assert AfterCard() == AFTER_CARD and hash(AFTER_CARD) == hash(AfterCard())


def test_a_class_whose_init_does_more_is_refused() -> None:
    @attrs.frozen(slots=True, weakref_slot=False)
    class Checked:
        n: int = attrs.field(validator=attrs.validators.instance_of(int))

    @attrs.frozen(slots=True, weakref_slot=False)
    class Converted:
        n: int = attrs.field(converter=int)

    @attrs.frozen(slots=True, weakref_slot=False)
    class Posted:
        n: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen(slots=True)
    class Weak:
        n: int

    @attrs.frozen(slots=True, weakref_slot=False)
    class Plain:
        n: int

    for cls, words in [
        (Checked, "validator"),
        (Converted, "converter"),
        (Posted, "more than stores"),
        (Weak, "weakref_slot"),
    ]:
        with pytest.raises(TypeError, match=words):
            maker(cls)
    assert maker(Plain)(3) == Plain(3)
