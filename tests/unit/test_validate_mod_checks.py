"""What a modder sees through the real load path (a mod folder on the default
scenario, as `near-abroad validate --mod` reads it), not through one checker alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ruleset.diagnostics import Diagnostic
from game.ruleset.load import check_ruleset
from game.ruleset.validate_content import calendar_end
from tests.scenario_kit import DEFAULT, mod_folder


def mod(tmp_path: Path, rules: str, mid: str = "probe", **info: object) -> Path:
    """A mod folder holding ``rules`` as rules.yaml, for the default scenario."""
    return mod_folder(tmp_path, mid, rules, **info)


def problems(tmp_path: Path, rules: str, **info: object) -> list[Diagnostic]:
    _, diags, _ = check_ruleset(DEFAULT, [mod(tmp_path, rules, **info)])
    return list(diags)


CARD = "cards:\n  probe_card:\n    title: Probe\n    ops: 2\n    side: russia\n"


@pytest.mark.parametrize(
    ("when", "sign", "hint"),
    [
        ("flag(war_begun) && !flag(shusha_taken)", "&&",
         "write 'and' instead of '&&', 'not' instead of '!'"),
        ("flag(war_begun) || !flag(shusha_taken)", "||",
         "write 'or' instead of '||', 'not' instead of '!'"),
        ("flag(war_begun) and !flag(shusha_taken)", "!", "write 'not' instead of '!'"),
    ],
)  # fmt: skip
def test_c_style_operators_get_the_hint_when_a_mod_is_loaded(
    tmp_path: Path, when: str, sign: str, hint: str
) -> None:
    diags = problems(tmp_path, CARD + f"    when: {when}\n")
    (d,) = [d for d in diags if d.code == "E0401"]
    assert d.hint is not None and d.hint.startswith(hint), d
    col = len("    when: ") + when.index(sign) + 1
    assert d.pos.file.endswith("probe/rules.yaml")
    assert (d.pos.line, d.pos.col, d.pos.end_col) == (6, col, col + len(sign))


def test_c_style_hint_in_a_nested_condition_of_an_effect(tmp_path: Path) -> None:
    text = CARD + (
        "    event:\n"
        "      - if:\n"
        "          condition: '  flag(war_begun) && flag(shusha_taken)'\n"
        "          then: [set_flag: probe]\n"
    )
    (d,) = [d for d in problems(tmp_path, text) if d.code == "E0401"]
    assert d.hint is not None and d.hint.startswith("write 'and' instead of '&&'")
    line = text.splitlines()[7]
    assert (d.pos.line, d.pos.col) == (8, line.index("&&") + 1)  # past the quote and spaces


def test_an_actors_mistakes_are_reported_in_one_load(tmp_path: Path) -> None:
    text = (
        "actors:\n"
        "  russia:\n"
        "    patch:\n"
        "      doctrine: {escalaton: 0.5}\n"
        "      colour: 12\n"
        "      doctrines:\n"
        "        freeze:\n"
        "          weightz: 1\n"
        "          weights: {escalaton: 0.5}\n"
        "        Bad Name: {title: Bad}\n"
    )
    found = sorted(
        (d.pos.line, d.pos.col, d.code, d.message)
        for d in problems(tmp_path, text)
        if d.severity == "error"
    )
    weight = "doctrine weight 'escalaton' of russia names no track, objective, flag or region"
    assert found == [
        (4, 18, "E0301", weight),  # the key itself, not its value
        (5, 15, "E0201", "expected a string, found 12 (read as a number)"),
        (8, 11, "E0203", "unknown field 'weightz' in a doctrine"),
        (9, 21, "E0301", weight),
        (10, 9, "E0204", "doctrine name 'Bad Name' of russia is not a plain id"),
    ]


def test_dates_outside_the_calendar_are_errors(tmp_path: Path) -> None:
    # caucasus-2020 runs in weeks from 2020-09-27 to the week of 2020-11-29: to 2020-12-05
    text = (
        "flags:\n  probe_flag: {}\n"
        "events:\n"
        "  late_news: {title: Late, trigger: {date: 2021-06-01}, effects: [set_flag: probe_flag]}\n"
        "  last_day: {title: Last, trigger: {date: 2020-12-05}, effects: [set_flag: probe_flag]}\n"
        "cards:\n"
        "  late_card: {title: Late, ops: 2, side: russia, from_date: 2021-01-01}\n"
        "  early_card: {title: Early, ops: 2, side: russia, until_date: 2020-01-01}\n"
        "  fine_card: {title: Fine, ops: 2, side: russia, from_date: 2020-12-01}\n"
    )
    found = sorted((d.pos.line, d.code, d.message.split(":")[0]) for d in problems(tmp_path, text)
                   if d.severity == "error")  # fmt: skip
    assert found == [
        (4, "E0307", "event 'late_news' is dated 2021-06-01, after the calendar's last turn "
                     "(2020-11-29, through 2020-12-05)"),
        (7, "E0307", "card 'late_card' has from_date 2021-01-01, after the calendar's last turn "
                     "(2020-11-29, through 2020-12-05)"),
        (8, "E0307", "card 'early_card' has until_date 2020-01-01, before the calendar's first "
                     "turn (2020-09-27)"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("dates", "end"),
    [(["2020-09-27", "2020-10-04"], "2020-10-10"), (["2020-01-01", "2020-02-01"], "2020-02-29"),
     (["2020-01-01", "2020-02-01", "2020-03-01"], "2020-03-31"),  # months: a whole month
     (["2020-09-01", "2020-09-08", "2020-09-10"], "2020-09-16"),  # the longest turn
     (["2020-12-31", "2021-01-31"], "2021-02-28"),
     (["2020-07-01", "2020-10-01", "2021-01-01"], "2021-03-31"),  # quarters: three months
     (["2018-01-01", "2019-01-01"], "2019-12-31"),  # years: a year
     (["2020-09-27"], None), (["2020-10-04", "2020-09-27"], None)],
)  # fmt: skip
def test_the_last_turn_lasts_as_long_as_the_longest_before(
    dates: list[str], end: str | None
) -> None:
    assert calendar_end(dates) == end


def test_requires_mods_as_a_list_is_shown_the_mapping_form(tmp_path: Path) -> None:
    needs = {"scenario": "caucasus-2020", "version": ">=1.0", "mods": ["ceasefire-holds"]}
    (d,) = [d for d in problems(tmp_path, CARD, requires=needs) if d.severity == "error"]
    assert (d.code, d.message, d.pos.line) == ("E0201", "expected a mapping, found a list", 9)
    assert d.hint is not None and 'mods: {ceasefire-holds: ""}' in d.hint


def test_a_cycle_made_by_requires_names_requires(tmp_path: Path) -> None:
    needs = {"scenario": "caucasus-2020", "version": ">=1.0", "mods": {"c2": ""}}
    one = mod(tmp_path, "", "c1", requires=needs)
    two = mod(tmp_path, "", "c2", load_after=["c1"])
    _, diags, _ = check_ruleset(DEFAULT, [one, two])
    (d,) = [d for d in diags if d.code == "E0318"]
    assert d.hint == (
        "remove one of these entries: 'c2' under requires: mods: of 'c1', "
        "'c1' under load_after: of 'c2'"
    )


def test_a_misspelt_list_operation_in_a_patch_is_named(tmp_path: Path) -> None:
    text = (
        "cards:\n"
        "  kremlin_mediation:\n"
        "    patch:\n"
        "      event:\n"
        "        apend:\n"
        "          - set_flag: ceasefire_signed\n"
    )
    (d,) = [d for d in problems(tmp_path, text) if d.severity == "error"]
    assert (d.code, d.message, d.pos.line, d.pos.col) == (
        "E0203", "'apend' is not a list operation", 5, 9
    )  # fmt: skip
    assert d.hint is not None and d.hint.startswith("did you mean 'append'?")


def test_an_effect_without_its_dash_is_not_taken_for_a_list_operation(tmp_path: Path) -> None:
    """'remove_forces' is close to 'remove', but it is an effect: the mistake is the dash."""
    effect = "remove_forces: {actor: russia, region: YER, amount: 1}"
    text = CARD + f"    text: t\n    event:\n      {effect}\n"
    (d,) = [d for d in problems(tmp_path, text) if d.severity == "error"]
    assert (d.code, d.message) == ("E0201", "effects must be a list")


def test_manifest_problems_point_at_the_entry_in_mod_yaml(tmp_path: Path) -> None:
    needs = {"scenario": "caucasus-2020", "version": ">=3", "mods": {"absent": ""}}
    one = mod(tmp_path, "", "d1", requires=needs, load_after=["nowhere"],
              incompatible_with=["d2"])  # fmt: skip
    two = mod(tmp_path, "", "d2")
    _, diags, _ = check_ruleset(DEFAULT, [one, two, one])
    lines = (one / "mod.yaml").read_text().splitlines()

    def line_of(text: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if text in line)

    found = sorted((d.code, d.pos.line, d.message.split(",")[0]) for d in diags
                   if d.pos is not None and d.pos.file.endswith("d1/mod.yaml"))  # fmt: skip
    assert found == sorted([
        ("E0315", line_of("id: d1"), "mod 'd1' is given twice"),
        ("E0316", line_of("version: '>=3'"), "mod 'd1' needs caucasus-2020 >=3"),
        ("E0316", line_of("absent:"), "mod 'd1' needs the mod 'absent'"),
        ("E0317", line_of("- d2"), "mods 'd1' and 'd2' cannot load together"),
        ("W0321", line_of("- nowhere"), "mod 'd1' loads after 'nowhere'"),
    ])  # fmt: skip
