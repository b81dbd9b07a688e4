"""Layering gaps of issue 16: a key deleted beside keys set in one patch, removals that keep
their provenance (in errors and in ``explain``), errors a mod causes in a lower layer's file
naming the mod, and conflict warnings only where a change is really lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.ruleset.load import check_ruleset
from tests.scenario_kit import DEFAULT, mod_folder
from tests.unit.test_mods import with_mod


def mod(root: Path, mid: str, text: str, **info: object) -> Path:
    return mod_folder(root, mid, text, version="1.0", **info)


def rows(out: str) -> dict[str, str]:
    """explain's table rows by their first word (a field path)."""
    return {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}


# G2: remove: [keys] beside keys to set, in one mapping patch.


def test_a_patch_removes_one_doctrine_key_and_sets_another(tmp_path: Path) -> None:
    m = mod(tmp_path, "calm", "actors:\n  russia:\n    patch:\n"
            "      doctrine: {remove: [escalation], ceasefire: 0.9}\n")  # fmt: skip
    ruleset, diags, _ = check_ruleset(DEFAULT, [m])
    assert ruleset is not None, [f"{d.code} {d.message}" for d in diags]
    doctrine = ruleset.actors["russia"].doctrine
    assert "escalation" not in doctrine and doctrine["ceasefire"] == 0.9


def test_key_removal_beside_keys_on_small_rules() -> None:
    ruleset, diags = with_mod(
        "actors:\n  red:\n    patch:\n      resources: {remove: gold, oil: 2}\n"
        "cards:\n  k1:\n    patch: {remove: [nope], ops: 2}\n"
    )
    assert [(d.code, d.pos.line, d.pos.col) for d in diags if d.severity == "error"] == [
        ("E0312", 4, 27),  # red has no resource 'gold'
        ("E0312", 7, 22),  # k1 has no field 'nope'
    ]
    ruleset, diags = with_mod(
        "actors:\n  red:\n    patch:\n      resources: {oil: 2, gold: 1}\n",
        "actors:\n  red:\n    patch:\n      resources: {remove: [gold], gas: 3}\n",
    )
    assert ruleset is not None and ruleset.actors["red"].resources == {"oil": 2, "gas": 3}


def test_a_patch_removes_an_optional_field_which_takes_its_default() -> None:
    ruleset, _ = with_mod("cards:\n  k1:\n    patch: {text: Said}\n",
                          "cards:\n  k1:\n    patch: {remove: [text], ops: 3}\n")  # fmt: skip
    assert ruleset is not None
    assert (ruleset.cards["k1"].text, ruleset.cards["k1"].ops) == ("", 3)


# G3: removals keep their provenance.


def test_patching_what_a_mod_removed_names_that_mod_and_place() -> None:
    _, diags = with_mod("cards:\n  k1:\n    remove: true\n", "cards:\n  k1:\n    patch: {ops: 2}\n")
    (d,) = [d for d in diags if d.code == "E0310"]
    assert d.message == "cannot patch card 'k1': the mod 'm1' removed it (at m1/rules.yaml:3:5)"
    assert (d.pos.file, d.pos.line) == ("m2/rules.yaml", 3)
    assert "did you mean" not in (d.hint or "")
    # Defined again by a later mod, it may be patched by the next one.
    ruleset, diags = with_mod("cards:\n  k1:\n    remove: true\n",
                              "cards:\n  k1: {title: Back, ops: 1}\n",
                              "cards:\n  k1:\n    patch: {ops: 2}\n")  # fmt: skip
    assert ruleset is not None and ruleset.cards["k1"].ops == 2


def test_explain_of_a_removed_card_names_the_mod_and_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    m = mod(tmp_path, "rm1", "cards:\n  stray_shells:\n    remove: true\n")
    assert main(["explain", "cards.stray_shells", "--mod", str(m)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"cards.stray_shells  (removed by mod rm1 at {m / 'rules.yaml'}:3:5")
    assert "remove by rm1" in out


def test_explain_shows_removed_keys_and_items_and_overwritten_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = mod(tmp_path, "a-first", "actors:\n  russia:\n    patch:\n"
                "      doctrine: {ceasefire: 0.2}\n")  # fmt: skip
    second = mod(tmp_path, "b-second", "actors:\n  russia:\n    patch:\n"
                 "      doctrine: {remove: [escalation], ceasefire: 0.9}\n"
                 "cards:\n  kremlin_mediation:\n    patch:\n      event:\n        remove:\n"
                 "          - move_track: {track: minsk_group, by: -1}\n")  # fmt: skip
    args = ["--mod", str(first), "--mod", str(second)]
    assert main(["explain", "actors.russia", *args]) == 0
    out = capsys.readouterr().out
    row = rows(out)
    assert "(removed) -0.4" in row["doctrine.escalation"]
    assert f"removed by mod b-second  {second / 'rules.yaml'}:4:27" in row["doctrine.escalation"]
    was = [line.split() for line in out.splitlines() if line.startswith("    was ")]
    assert [(w[1], w[2], w[-1].rsplit("/", 2)[-2]) for w in was] == [
        ("doctrine.ceasefire", "0.5", "caucasus-2020"),  # the chain, oldest first
        ("doctrine.ceasefire", "0.2", "a-first"),
    ]
    assert "mod b-second 1.0" in row["doctrine.ceasefire"] and " 0.9 " in row["doctrine.ceasefire"]
    assert main(["explain", "cards.kremlin_mediation", *args]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("  event (item)"))
    assert "(removed) {'move_track': {'track': 'minsk" in line and "b-second" in line


def test_explain_of_a_template_gives_each_fields_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    m = mod(tmp_path, "tpl", "cards:\n  base_tpl: {abstract: true, side: turkey, ops: 2}\n"
            "  kid: {inherits: base_tpl, title: Kid}\n")  # fmt: skip
    assert main(["explain", "cards.base_tpl", "--mod", str(m)]) == 0
    row = rows(capsys.readouterr().out)
    assert row["ops"].endswith(f"mod tpl 1.0  {m / 'rules.yaml'}:2:49")


def test_errors_a_mod_causes_below_it_point_at_or_name_the_mod(tmp_path: Path) -> None:
    seat = mod(tmp_path, "seat", "scenario:\n  patch:\n    seats: {append: [iran]}\n")
    _, diags, _ = check_ruleset(DEFAULT, [seat])
    (d,) = [d for d in diags if d.code == "E0302"]
    assert (d.pos.file, d.pos.line, d.pos.col) == (str(seat / "rules.yaml"), 3, 22)
    gas = mod(tmp_path, "gas",
              "cards:\n  gas_lever:\n    patch:\n      options: {remove: [baku]}\n")  # fmt: skip
    _, diags, _ = check_ruleset(DEFAULT, [gas])
    (d,) = [d for d in diags if d.severity == "error"]
    assert d.code == "E0204" and "single option" in d.message
    assert f"the mod 'gas' removed cards.gas_lever.options.baku at {gas / 'rules.yaml'}:4:" in (
        d.message)


def test_an_error_in_a_mods_own_change_names_no_other_mod(tmp_path: Path) -> None:
    """The note is for errors in a lower layer's file: at a mod's own line its change is
    the cause, and another mod changing the same list is beside the point."""
    one = mod(tmp_path, "one", "cards:\n  stray_shells:\n    patch:\n"
              "      event: {append: [{move_track: {track: minsk, by: 1}}]}\n")  # fmt: skip
    two = mod(tmp_path, "two", "cards:\n  stray_shells:\n    patch:\n"
              "      event: {append: [{set_flag: war_begun}]}\n")  # fmt: skip
    _, diags, _ = check_ruleset(DEFAULT, [one, two])
    (d,) = [d for d in diags if d.severity == "error"]
    assert d.pos.file == str(one / "rules.yaml") and d.message == "unknown track 'minsk'"


def test_a_removal_item_that_is_not_a_key_never_reaches_a_message(tmp_path: Path) -> None:
    bad = mod(tmp_path, "yr", "actors:\n  russia: {patch: {remove: [name, [colour]]}}\n")
    _, diags, _ = check_ruleset(DEFAULT, [bad])
    said = [f"{d.code} {d.message}" for d in diags]
    assert any(s.startswith("E0312") for s in said) and not any("YNode" in s for s in said), said


def test_a_missing_fields_removal_is_named_first(tmp_path: Path) -> None:
    """Of the changes a mod made to the entry, the note names first the one the message is
    about (the title it removed), not the first written (its ops)."""
    m = mod(tmp_path, "tt", "cards:\n  stray_shells:\n    patch: {ops: 3, text: x, "
            "event: {append: [{set_flag: war_begun}]}, remove: [title]}\n")  # fmt: skip
    _, diags, _ = check_ruleset(DEFAULT, [m])
    (d,) = [d for d in diags if d.code == "E0202"]
    assert "needs the field 'title' (the mod 'tt' removed cards.stray_shells.title" in d.message


def test_a_new_entry_in_a_mod_drops_inherited_fields_as_in_a_scenario(tmp_path: Path) -> None:
    m = mod(tmp_path, "inh", "cards:\n  tpl_x: {abstract: true, side: russia, ops: 2, "
            "title: T, text: t, from_date: 2020-10-01}\n"
            "  child_x: {inherits: tpl_x, title: C, remove: [from_date]}\n")  # fmt: skip
    ruleset, diags, _ = check_ruleset(DEFAULT, [m])
    assert ruleset is not None, [f"{d.code} {d.message}" for d in diags]
    card = ruleset.cards["child_x"]
    assert card.from_date is None and card.ops == 2 and card.title == "C"


# G4: conflict warnings only where a change is lost.


def test_appends_to_one_list_by_two_mods_are_not_a_conflict() -> None:
    ruleset, diags = with_mod(
        "cards:\n  k1:\n    patch:\n      event: {append: [{set_flag: f1}]}\n",
        "cards:\n  k1:\n    patch:\n      event: {append: [{set_flag: f2}]}\n",
        "flags:\n  f1: {}\n  f2: {}\n",
    )
    assert ruleset is not None and len(ruleset.cards["k1"].event) == 2
    assert not [d for d in diags if d.code == "W0322"]
    # Replacing the list after another mod appended to it loses the append: warned.
    _, diags = with_mod("cards:\n  k1:\n    patch:\n      event: {append: [{set_flag: f1}]}\n",
                        "cards:\n  k1:\n    patch:\n      event: []\n"
                        "flags:\n  f1: {}\n")  # fmt: skip
    assert [d.code for d in diags if d.code == "W0322"] == ["W0322"]


def test_removing_an_entry_another_mod_patched_is_warned() -> None:
    ruleset, diags = with_mod("cards:\n  k1:\n    patch: {ops: 2}\n",
                              "cards:\n  k1:\n    remove: true\n")  # fmt: skip
    assert ruleset is not None and "k1" not in ruleset.cards
    (d,) = [d for d in diags if d.code == "W0322"]
    assert d.message == ("mod 'm2' removes cards.k1, which mod 'm1' changes (at "
                         "m1/rules.yaml:3:18): the change of 'm1' is lost")  # fmt: skip
    assert (d.pos.file, d.pos.line, d.pos.col) == ("m2/rules.yaml", 3, 5)
