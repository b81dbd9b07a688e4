"""Mods: layering by id, its operations and errors, templates, provenance, order."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game.cli import main
from game.ruleset.load import Layer, build_layers, check_ruleset, load_ruleset
from game.session import storage
from game.session.replay import resume
from game.session.session import Session
from tests.scenario_kit import BASE_MANIFEST, BASE_RULES, DEFAULT, ROOT

EXAMPLE = ROOT / "mods" / "turkey-at-the-table"


def base_layer() -> Layer:
    return Layer(
        "",
        {
            "scenario.yaml": yaml.safe_dump(BASE_MANIFEST, sort_keys=False),
            "rules.yaml": yaml.safe_dump(BASE_RULES, sort_keys=False),
        },
        "scenario",
        "base",
    )


def with_mod(text: str, *more: str):
    layers = [base_layer(), Layer("m1", {"m1/rules.yaml": text}, "mod", "m1", "1.0")]
    layers += [
        Layer(f"m{i + 2}", {f"m{i + 2}/rules.yaml": t}, "mod", f"m{i + 2}", "1.0")
        for i, t in enumerate(more)
    ]
    return build_layers(layers)


def errors(diags) -> list[tuple[str, str, int, int]]:
    return [(d.code, d.pos.file, d.pos.line, d.pos.col) for d in diags if d.severity == "error"]


def test_the_example_mod_layers_on_the_default_scenario() -> None:
    base = load_ruleset(DEFAULT)
    rules = load_ruleset(DEFAULT, [EXAMPLE])
    assert rules.layers == ("turkey-at-the-table 1.0.0",)
    assert set(rules.cards) - set(base.cards) == {"ankara_at_the_table", "joint_patrols"}
    assert "turkish_diplomacy" not in rules.cards  # the abstract template is not a card
    new = rules.cards["ankara_at_the_table"]
    assert (new.side, new.ops, new.remove_after_event) == ("turkey", 2, True)  # inherited
    assert rules.cards["joint_patrols"].ops == 3  # overrides the template
    km, km0 = rules.cards["kremlin_mediation"], base.cards["kremlin_mediation"]
    assert km.event[:-1] == km0.event and km.event[-1].actor == "turkey"  # appended
    assert rules.cards["tbilisi_offers"].title == "Tbilisi hosts a three-way meeting"
    assert rules.objectives["tr_seat"].vp == 5 and base.objectives["tr_seat"].vp != 5
    assert rules.digest != base.digest


def test_every_value_remembers_the_layer_and_line_that_set_it() -> None:
    rules = load_ruleset(DEFAULT, [EXAMPLE])
    assert rules.positions["objectives.tr_seat.vp"].file.endswith(
        "mods/turkey-at-the-table/rules.yaml"
    )
    assert rules.positions["objectives.tr_seat.title"].file.endswith("objectives.yaml")
    assert rules.positions["cards.kremlin_mediation.event.0"].file.endswith("cards.yaml")
    assert rules.positions["cards.kremlin_mediation.event.3"].file.endswith(
        "turkey-at-the-table/rules.yaml"
    )
    history = rules.history["cards.kremlin_mediation"]
    assert [(layer, op) for layer, op, _ in history] == [
        ("scenario", "define"),
        ("turkey-at-the-table", "patch"),
    ]


def test_explain_shows_each_field_and_where_it_came_from(capsys) -> None:
    assert (
        main(["explain", "objectives.tr_seat", "--scenario", str(DEFAULT), "--mod", str(EXAMPLE)])
        == 0
    )
    out = capsys.readouterr().out
    vp_line = next(line for line in out.splitlines() if line.strip().startswith("vp "))
    assert "5" in vp_line and "mod turkey-at-the-table 1.0.0" in vp_line
    title_line = next(line for line in out.splitlines() if "title" in line)
    assert "objectives.yaml" in title_line
    assert main(["explain", "cards.nope", "--scenario", str(DEFAULT)]) == 2


def test_a_mod_is_found_by_its_id_and_a_wrong_one_is_explained(capsys) -> None:
    assert main(["validate", str(DEFAULT), "--mod", "turkey-at-the-table"]) == 0
    assert "with turkey-at-the-table 1.0.0" in capsys.readouterr().out
    assert main(["validate", str(DEFAULT), "--mod", "nope"]) == 2
    assert "known mods: turkey-at-the-table" in capsys.readouterr().err


def test_a_user_mod_with_a_shipped_mods_id_is_said_to_hide_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    mine = tmp_path / "mods" / "my-turkey"
    shutil.copytree(EXAMPLE, mine)
    assert main(["mods"]) == 0
    out = capsys.readouterr().out
    assert "warning: turkey-at-the-table in" in out and "hides the mod with the same id" in out
    assert main(["validate", str(DEFAULT), "--mod", "turkey-at-the-table"]) == 0
    err = capsys.readouterr().err
    assert f"using {mine}" in err and "hides the mod with the same id" in err


def test_two_mods_changing_one_field_get_a_warning_naming_both() -> None:
    ruleset, diags = with_mod(
        "cards:\n  k1:\n    patch: {ops: 2, title: Mine}\n",
        "cards:\n  k1:\n    patch: {ops: 3}\n",
    )
    assert ruleset is not None and ruleset.cards["k1"].ops == 3
    warned = [d for d in diags if d.code == "W0322"]
    assert len(warned) == 1 and "mods 'm1' and 'm2' both change cards.k1.ops" in warned[0].message
    assert warned[0].pos.file == "m2/rules.yaml" and "m1/rules.yaml" in warned[0].message
    # Different fields, or a mod building on another mod's new entry: no warning.
    _, diags = with_mod("cards:\n  k1:\n    patch: {title: A}\n",
                        "cards:\n  k1:\n    patch: {ops: 3}\n")  # fmt: skip
    assert not [d for d in diags if d.code == "W0322"]
    _, diags = with_mod("cards:\n  k9: {title: New, ops: 1, side: a}\n",
                        "cards:\n  k9:\n    patch: {ops: 2}\n")  # fmt: skip
    assert not [d for d in diags if d.code == "W0322"]
    # A replace overlaps every field another mod patched.
    _, diags = with_mod("cards:\n  k1:\n    patch: {ops: 2}\n",
                        "cards:\n  k1:\n    replace: {title: R, ops: 1}\n")  # fmt: skip
    assert [d.code for d in diags if d.code == "W0322"] == ["W0322"]


def test_explain_credits_each_key_of_a_merged_mapping_and_explains_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mod = write_mod(tmp_path, "hawk", format=2)
    (mod / "actors.yaml").write_text(
        "actors:\n  russia:\n    patch:\n      doctrine: {NAK: 0.5, escalation: -1}\n"
    )
    assert main(["explain", "actors.russia", "--mod", str(mod)]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[3:]}
    assert "mod hawk 1.0" in rows["doctrine.NAK"] and "actors.yaml:4:" in rows["doctrine.NAK"]
    assert "mod hawk 1.0" in rows["doctrine.escalation"]  # patched: the mod's line
    assert "caucasus-2020" in rows["doctrine.ceasefire"]  # untouched: the scenario's line
    assert main(["explain", "cards.turkish_diplomacy", "--mod", "turkey-at-the-table"]) == 0
    out = capsys.readouterr().out
    assert "an abstract template" in out
    assert "inherited by: ankara_at_the_table, joint_patrols" in out
    assert main(["explain", "cards.joint_patrols", "--mod", "turkey-at-the-table"]) == 0
    assert "inherits turkish_diplomacy by turkey-at-the-table" in capsys.readouterr().out


def test_a_reference_to_what_a_mod_removed_says_which_mod_and_where(tmp_path: Path) -> None:
    mod = write_mod(tmp_path, "no-minsk", format=2)
    (mod / "rules.yaml").write_text("tracks:\n  minsk_group:\n    remove: true\n")
    ruleset, diags, _ = check_ruleset(DEFAULT, [mod])
    unknown = [d for d in diags if d.code == "E0301"]
    assert ruleset is None and len(unknown) > 10
    for d in unknown:  # none suggests a near id: each names the removal
        assert f"the mod 'no-minsk' removed it (at {mod / 'rules.yaml'}:3:5)" in d.message or (
            "names what the mod 'no-minsk' removed" in d.message), d
        assert "should also remove or patch this reference" in (d.hint or "")
    assert any("unknown track 'minsk_group'" in d.message for d in unknown)
    assert any("doctrine weight 'minsk_group'" in d.message for d in unknown)


def test_a_wrong_side_is_reported_with_the_cards_other_mistakes(tmp_path: Path) -> None:
    mod = write_mod(tmp_path, "staged", format=2)
    (mod / "cards.yaml").write_text(
        "cards:\n  new_card:\n    title: New\n    ops: 2\n    side: rusia\n    opps: 3\n"
    )
    ruleset, diags, _ = check_ruleset(DEFAULT, [mod])
    found = sorted((d.code, d.message, d.pos.line) for d in diags if d.severity == "error")
    assert ruleset is None and found == [
        ("E0203", "unknown field 'opps' in a card", 6),
        ("E0301", "unknown actor 'rusia'", 5),
    ]


def test_an_inheriting_entry_appends_to_the_templates_list(tmp_path: Path) -> None:
    mod = write_mod(tmp_path, "tpl", format=2)
    (mod / "cards.yaml").write_text(
        "cards:\n"
        "  base_talks:\n    abstract: true\n    side: russia\n    ops: 2\n"
        "    event:\n      - add_influence: {actor: russia, region: NAK, amount: 1}\n"
        "  more_talks:\n    inherits: base_talks\n    title: More talks\n"
        "    event:\n      append:\n        - add_influence: {actor: russia, region: YER}\n"
    )
    card = load_ruleset(DEFAULT, [mod]).cards["more_talks"]
    assert [e.region for e in card.event] == ["NAK", "YER"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Redefining an existing id without saying how.
        ("cards:\n  k1: {title: Again, ops: 1}\n", ("E0302", "m1/rules.yaml", 2, 3)),
        # Patching, replacing or removing an id no layer defines.
        ("cards:\n  k99:\n    patch: {ops: 2}\n", ("E0310", "m1/rules.yaml", 3, 5)),
        ("cards:\n  k99:\n    remove: true\n", ("E0310", "m1/rules.yaml", 3, 5)),
        ("cards:\n  k99:\n    replace: {title: X, ops: 1}\n", ("E0310", "m1/rules.yaml", 3, 5)),
        # Two operations at once, or fields beside an operation.
        ("cards:\n  k1:\n    patch: {ops: 2}\n    title: X\n", ("E0311", "m1/rules.yaml", 4, 5)),
        ("cards:\n  k1:\n    remove: yes please\n", ("E0311", "m1/rules.yaml", 3, 13)),
        # Removing a list item that is not there.
        (
            "regions:\n  A:\n    patch:\n      adjacent: {remove: [C]}\n",
            ("E0312", "m1/rules.yaml", 4, 27),
        ),
        # Templates: unknown parent, cycles.
        ("cards:\n  t1: {inherits: nothing, title: T}\n", ("E0301", "m1/rules.yaml", 2, 18)),
        (
            "cards:\n  t1: {inherits: t2, title: T, ops: 1}\n  t2: {inherits: t1}\n",
            ("E0313", "m1/rules.yaml", 3, 18),
        ),
    ],
)
def test_each_layering_error_has_its_code_and_place(text, expected) -> None:
    ruleset, diags = with_mod(text)
    assert ruleset is None
    assert expected in errors(diags), errors(diags)


def test_patch_replace_remove_and_list_operations() -> None:
    ruleset, diags = with_mod(
        "regions:\n  B:\n    patch:\n      adjacent: {remove: [C], append: []}\n"
        "  C:\n    patch:\n      adjacent: {remove: [B]}\n      stability: 5\n"
        "cards:\n  k2: {remove: true}\n  k3:\n    replace: {title: Three, ops: 4}\n"
        "  k4:\n    patch: {ops: 2, title: Four}\n",
        "cards:\n  k4:\n    patch: {ops: 3}\n",
    )
    assert ruleset is not None, errors(diags)
    assert ruleset.regions["B"].adjacent == ("A",) and ruleset.regions["C"].adjacent == ()
    assert ruleset.regions["C"].stability == 5
    assert "k2" not in ruleset.cards
    assert (ruleset.cards["k3"].title, ruleset.cards["k3"].ops) == ("Three", 4)
    assert (ruleset.cards["k4"].title, ruleset.cards["k4"].ops) == ("Four", 3)  # m2 after m1


def write_mod(root: Path, mid: str, **info) -> Path:
    folder = root / mid
    folder.mkdir()
    doc = {
        "id": mid,
        "name": mid,
        "version": "1.0",
        "format": 1,
        "requires": {"scenario": "caucasus-2020", "version": ">=1.0"},
        **info,
    }
    (folder / "mod.yaml").write_text(yaml.safe_dump(doc))
    return folder


def test_mods_load_in_dependency_order_whatever_the_order_given(tmp_path: Path) -> None:
    a = write_mod(tmp_path, "alpha", load_after=["zulu"])
    z = write_mod(tmp_path, "zulu")
    (a / "rules.yaml").write_text("objectives:\n  tr_seat:\n    patch: {vp: 7}\n")
    (z / "rules.yaml").write_text("objectives:\n  tr_seat:\n    patch: {vp: 6}\n")
    one = load_ruleset(DEFAULT, [a, z])
    two = load_ruleset(DEFAULT, [z, a])
    assert one.layers == two.layers == ("zulu 1.0", "alpha 1.0")
    assert one.objectives["tr_seat"].vp == 7 and one.digest == two.digest


@pytest.mark.parametrize(
    "info, code, words",
    [
        ({"requires": {"scenario": "georgia-1921"}}, "E0316", "for the scenario 'georgia-1921'"),
        ({"requires": {"scenario": "caucasus-2020", "version": ">=2"}}, "E0316", "needs"),
        ({"incompatible_with": ["other"]}, "E0317", "cannot load together"),
        ({"load_after": ["other"]}, "E0318", "cycle"),
    ],
)
def test_requirements_conflicts_and_cycles_are_reported(tmp_path: Path, info, code, words) -> None:
    first = write_mod(tmp_path, "first", **info)
    other = write_mod(tmp_path, "other", load_after=["first"])
    ruleset, diags, _ = check_ruleset(DEFAULT, [first, other])
    assert ruleset is None
    assert any(d.code == code and words in d.message for d in diags), diags


def needs(scenario_range: str = ">=1.0", **mods: str) -> dict[str, object]:
    return {"scenario": "caucasus-2020", "version": scenario_range, "mods": mods}


def test_a_mod_that_needs_another_loads_after_it_and_names_it_when_missing(
    tmp_path: Path,
) -> None:
    base = write_mod(tmp_path, "zz-base", version="1.2")
    (base / "rules.yaml").write_text(
        "cards:\n  new_talks:\n    title: New talks\n    ops: 2\n    side: russia\n"
        "    text: Talks.\n"
    )
    top = write_mod(tmp_path, "aa-top", requires=needs(**{"zz-base": ">=1.0, <2"}))
    (top / "rules.yaml").write_text("cards:\n  new_talks:\n    patch: {ops: 3}\n")
    # Given in either order, the needed mod loads first (the ids alone would put it last).
    for given in ([top, base], [base, top]):
        rules = load_ruleset(DEFAULT, given)
        assert rules.layers == ("zz-base 1.2", "aa-top 1.0")
        assert rules.cards["new_talks"].ops == 3
    # Alone: one error naming the missing mod, not a cascade of 'cannot patch'.
    ruleset, diags, _ = check_ruleset(DEFAULT, [top])
    assert ruleset is None
    assert [d.code for d in diags if d.severity == "error"] == ["E0316"], diags
    assert "needs the mod 'zz-base' >=1.0, <2, which is not loaded" in diags[0].message
    assert "--mod zz-base" in (diags[0].hint or "")
    # A version outside the range is named with both versions.
    old = write_mod(tmp_path, "aa-old", requires=needs(**{"zz-base": ">=2"}))
    ruleset, diags, _ = check_ruleset(DEFAULT, [base, old])
    assert ruleset is None
    assert any("needs 'zz-base' >=2, but version 1.2 is loaded" in d.message for d in diags)
    bad = write_mod(tmp_path, "aa-bad", requires=needs(**{"zz-base": "about 1"}))
    assert any("cannot read the version range 'about 1'" in d.message
               for d in check_ruleset(DEFAULT, [base, bad])[1])  # fmt: skip


def test_load_after_an_absent_mod_is_a_warning(tmp_path: Path) -> None:
    lone = write_mod(tmp_path, "lone", load_after=["not-here"])
    ruleset, diags, _ = check_ruleset(DEFAULT, [lone])
    assert ruleset is not None
    warned = [d for d in diags if d.code == "W0321"]
    assert [d.severity for d in warned] == ["warning"]
    assert "loads after 'not-here', which is not loaded" in warned[0].message


def test_two_folders_with_one_id_are_both_named(tmp_path: Path) -> None:
    one = write_mod(tmp_path, "twin")
    (tmp_path / "elsewhere").mkdir()
    two = write_mod(tmp_path / "elsewhere", "twin")
    ruleset, diags, _ = check_ruleset(DEFAULT, [one, two])
    assert ruleset is None
    d = next(d for d in diags if d.code == "E0315")
    assert str(one / "mod.yaml") in d.message and d.pos.file == str(two / "mod.yaml")
    assert "another id" in (d.hint or "")


def test_remove_deletes_keys_of_a_mapping(tmp_path: Path) -> None:
    mod = write_mod(tmp_path, "calmer", format=2)
    (mod / "actors.yaml").write_text(
        "actors:\n  russia:\n    patch:\n      doctrine: {remove: [escalation, ceasefire]}\n"
    )
    base, rules = load_ruleset(DEFAULT), load_ruleset(DEFAULT, [mod])
    assert set(base.actors["russia"].doctrine) - set(rules.actors["russia"].doctrine) == {
        "escalation", "ceasefire"}  # fmt: skip
    assert rules.actors["russia"].doctrine["minsk_group"] == -0.7  # the others stay
    (mod / "actors.yaml").write_text(
        "actors:\n  russia:\n    patch:\n      doctrine: {remove: [escalaton]}\n"
    )
    ruleset, diags, _ = check_ruleset(DEFAULT, [mod])
    d = next(d for d in diags if d.code == "E0312")
    assert ruleset is None and "the mapping has no such key" in d.message
    assert "escalation" in (d.hint or "") and d.pos.line == 4
    (mod / "actors.yaml").write_text(
        "actors:\n  russia:\n    patch:\n      doctrine: {append: [escalation]}\n"
    )
    ruleset, diags, _ = check_ruleset(DEFAULT, [mod])
    assert ruleset is None
    assert any(d.code == "E0311" and "this is a mapping" in d.message for d in diags), diags


def test_removing_a_list_item_says_it_needs_the_whole_item(tmp_path: Path) -> None:
    mod = write_mod(tmp_path, "partial", format=2)
    (mod / "cards.yaml").write_text(
        "cards:\n  kremlin_mediation:\n    patch:\n      event: {remove: [{at: 10}]}\n"
    )
    ruleset, diags, _ = check_ruleset(DEFAULT, [mod])
    d = next(d for d in diags if d.code == "E0312")
    assert ruleset is None and "no item of the list is equal to it" in d.message
    assert "whole items" in (d.hint or "")


def test_a_folder_without_mod_yaml_is_not_a_mod(tmp_path: Path) -> None:
    ruleset, diags, _ = check_ruleset(DEFAULT, [tmp_path])
    assert ruleset is None and diags[0].code == "E0315"


def test_a_game_saved_with_a_mod_needs_the_mod_to_load(tmp_path: Path) -> None:
    modded = load_ruleset(DEFAULT, [EXAMPLE])
    session = Session(modded, seed=4)
    for _ in range(5):
        session.act(session.state.legal_actions()[0])
    path = storage.save(session.record, tmp_path / "g.json")
    record = storage.load(path)
    assert record.mods == ("turkey-at-the-table 1.0.0",)
    assert resume(record, modded, str(path)).state.digest() == session.state.digest()
    with pytest.raises(storage.SaveError, match="played with mods") as info:
        resume(record, load_ruleset(DEFAULT), str(path))
    assert info.value.diagnostic.code == "E0504"


def test_shipped_mods_match_their_schemas() -> None:
    import json

    import jsonschema

    from game.ruleset.schema import mod_rules_schema, mod_schema
    from game.ruleset.source import parse_yaml

    for folder in sorted((ROOT / "mods").iterdir()):
        for path in sorted(folder.glob("*.yaml")):
            tree, diags = parse_yaml(path.read_text(), str(path))
            assert tree is not None, diags
            schema = mod_schema() if path.name == "mod.yaml" else mod_rules_schema()
            first = path.read_text().splitlines()[0]
            assert first.endswith(f"schema/{schema['$id']}"), first  # the editor hint line
            problems = list(jsonschema.Draft202012Validator(schema).iter_errors(
                json.loads(json.dumps(tree.to_plain()))))
            assert problems == [], (path, [p.message for p in problems])
