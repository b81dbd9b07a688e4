"""The digest's text, written from looked-up texts (issue 17), held to its definition: the
repr of each part of ``_canonical``, each followed by ``|``. Saved games replay against
digests made the slow way, so the two must agree to the character."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import digest
from game.engine.digest import IdTexts, canonical_text
from game.ruleset.load import load_ruleset
from game.session.session import Session
from game.shipped import shipped
from tests.scenario_kit import TINY

IDS = st.text(max_size=12)  # quotes, backslashes, any character: an id's repr is looked up


@given(st.lists(IDS, max_size=30))
def test_lists_and_tuples_of_ids(ids: list[str]) -> None:
    texts = IdTexts()
    for _ in range(2):  # the second time, every text is looked up
        assert digest._ids(texts.__getitem__, ids) == repr(ids)
        assert digest._id_tuple(texts.__getitem__, tuple(ids)) == repr(tuple(ids))
        assert digest._id_tuple(texts.__getitem__, tuple(ids[:1])) == repr(tuple(ids[:1]))


@given(st.dictionaries(IDS, st.integers()), st.dictionaries(IDS, st.lists(IDS).map(tuple)))
def test_numbers_and_hands(numbers: dict[str, int], hands: dict[str, tuple[str, ...]]) -> None:
    texts = IdTexts()
    assert digest._numbers(texts.__getitem__, numbers) == repr(sorted(numbers.items()))
    assert digest._hands(texts.__getitem__, hands) == repr(sorted(hands.items()))


@given(
    st.integers(min_value=0, max_value=9),
    st.lists(st.lists(st.integers(min_value=-3, max_value=300), max_size=60), max_size=6),
)
def test_tables_of_any_shape(n: int, tables: list[list[int]]) -> None:
    ix = SimpleNamespace(n_actors=n, row_text={})
    for values in [*tables, *tables]:  # again: rows met before are looked up
        assert digest._table(ix, tuple(values)) == repr(tuple(values))  # type: ignore[arg-type]


def test_row_texts_are_forgotten_when_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest, "ROW_TEXTS", 3)
    ix = SimpleNamespace(n_actors=2, row_text={})
    for k in range(10):
        values = (k, k + 1, k + 2, k + 3)
        assert digest._table(ix, values) == repr(values)  # type: ignore[arg-type]
        assert len(ix.row_text) <= 3 + 2


@pytest.mark.parametrize("where", [TINY, shipped("rules", "georgia-2008")])
def test_every_state_of_random_games(where) -> None:
    rules = load_ruleset(where)
    for seed in range(3):
        session = Session(rules, seed=seed)
        rng = random.Random(seed)
        while not session.state.is_over():
            session.act(rng.choice(session.state.legal_actions()))
        for s in session.states:
            want = "".join(repr(part) + "|" for part in digest._canonical(s))
            assert canonical_text(s) == want, s.step
