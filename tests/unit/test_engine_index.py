"""game.engine.index: the lookups built once per game (adjacency, tags, home, windows)."""

from __future__ import annotations

from game.engine.index import Index
from tests.scenario_kit import scenario


def test_regions_adjacency_and_tags_are_indices_in_the_rules_order() -> None:
    rules = scenario({"regions": {"B": {"tags": ["front"]}, "C": {"tags": ["front", "sea"]}}})
    ix = Index(rules, ("red", "blue"))
    assert ix.regions == ("A", "B", "C") and ix.region_idx == {"A": 0, "B": 1, "C": 2}
    assert ix.adj == ((1,), (0, 2), (1,))
    assert ix.tagged == {"front": (1, 2), "sea": (2,)}
    assert ix.stability == (2, 1, 3)
    assert ix.actors == ("red", "blue") and ix.n_actors == 2


def test_home_and_outsiders_needing_forces_follow_the_control_manifest() -> None:
    rules = scenario(
        {"regions": {"A": {"home": "red", "tags": ["core"]}, "B": {"home": "blue"}}},
        manifest={"control": {"home_weight": 2, "outsider_needs_forces": ["core"]}},
    )
    ix = Index(rules, ("red", "blue"))
    assert ix.home == (0, 1, -1)
    assert ix.home_weight == 2
    assert ix.needs_forces == (True, False, False)  # B is home to blue but not tagged core


def test_event_turns_and_card_windows_come_from_turns_and_dates() -> None:
    rules = scenario(
        {
            "events": {
                "on_turn": {"title": "On turn 3", "trigger": {"turn": 3}},
                "on_date": {"title": "On a date", "trigger": {"date": "2020-10-02"}},
                "manual": {"title": "By hand", "manual": True},
            },
            "cards": {
                "k1": {"from_turn": 2},
                "k2": {"until_date": "2020-10-03"},
            },
        }
    )
    ix = Index(rules, ("red", "blue"))
    assert ix.event_turn == {"on_turn": 3, "on_date": 2}
    assert ix.card_window["k1"] == (2, 4)
    assert ix.card_window["k2"] == (1, 3)
    assert ix.card_window["k3"] == (1, ix.turns) and ix.turns == 4
