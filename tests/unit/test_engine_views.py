"""game.engine.views: what each seat may see of a state, and what only Control sees."""

from __future__ import annotations

import pytest

from game.engine import CONTROL, OBSERVER
from game.engine.views import view_for
from tests.scenario_kit import deal, play_until, scenario

BOARD = {"regions": {"A": {"influence": {"red": 2}}, "C": {"influence": {"blue": 4}}}}
PRIVATE = {
    **BOARD,
    "events": {
        "note": {
            "title": "A note for blue",
            "text": "the envoy is ready",
            "trigger": {"turn": 2},
            "visibility": "private",
            "audience": ["blue"],
        }
    },
}


def test_a_seat_sees_its_own_hand_the_sizes_of_others_and_decides_only_its_own_turn() -> None:
    s = deal(scenario(BOARD))
    red, blue = view_for(s, "red"), view_for(s, "blue")
    assert red.hand == s.hands["red"] and red.hands == {"red": s.hands["red"]}
    assert blue.hand == s.hands["blue"] and "red" not in blue.hands
    assert red.hand_sizes == blue.hand_sizes == {k: len(v) for k, v in s.hands.items()}
    assert red.acting == blue.acting == "red"
    assert red.legal == tuple(s.legal_actions()) and blue.legal == ()


def test_control_sees_every_hand_and_every_option() -> None:
    s = deal(scenario(BOARD))
    c = view_for(s, CONTROL)
    assert c.hand == () and c.hands == dict(s.hands)
    assert c.legal == tuple(s.legal_actions())


def test_the_public_board_sees_no_hand_no_option_and_no_private_text() -> None:
    s = play_until(deal(scenario(PRIVATE)), lambda st: "note" in st.fired)
    public, red = view_for(s, OBSERVER), view_for(s, "red")
    assert public.hand == () and public.hands == {} and public.legal == ()
    assert public.decision.options == () and public.acting == red.acting
    assert public.hand_sizes == red.hand_sizes and public.influence == red.influence
    every = s.log_entries()
    assert public.log == tuple(e.public() if e.audience else e for e in every)
    assert not any("envoy" in e.text for e in public.log)
    assert public.injects == red.injects


def test_the_board_lists_only_counters_present_and_who_controls_what() -> None:
    s = deal(scenario(BOARD))
    v = view_for(s, "blue")
    assert v.influence == {"A": {"red": 2}, "B": {}, "C": {"blue": 4}}
    assert v.forces == {"A": {}, "B": {}, "C": {}}
    assert v.controllers["C"] == "blue" and v.controllers["B"] != "red"


def test_a_private_entry_reads_as_its_public_text_to_everyone_outside_its_audience() -> None:
    s = play_until(deal(scenario(PRIVATE)), lambda st: "note" in st.fired)
    blue = [e for e in view_for(s, "blue").log if e.data.get("event") == "note"]
    assert blue and "the envoy is ready" in blue[0].text
    red = [e for e in view_for(s, "red").log if "envoy" in e.text]
    assert red == []
    assert any(e.text == "a private event" for e in view_for(s, "red").log)
    assert any("the envoy is ready" in e.text for e in view_for(s, CONTROL).log)


def test_a_view_for_a_bot_leaves_out_the_log_refusals_and_status() -> None:
    hold = {"actor": "red", "title": "Hold A", "condition": "controls(self, A)"}
    s = deal(scenario({**PRIVATE, "objectives": {"hold": hold}}))
    people, bot = view_for(s, "red"), view_for(s, "red", with_log=False)
    assert people.log and [o.id for o in people.objectives] == ["hold"]
    assert people.injects == ()  # blue's private inject is not on red's list
    assert [i.id for i in view_for(s, "blue").injects] == ["note"]
    assert bot.log == () and bot.objectives == () and bot.injects == ()
    assert bot.decision.refused == () and bot.legal == people.legal


def test_a_seat_that_is_not_in_the_game_is_a_clear_error() -> None:
    s = deal(scenario(BOARD))
    with pytest.raises(ValueError, match="'green' is not a seat of this game"):
        view_for(s, "green")
