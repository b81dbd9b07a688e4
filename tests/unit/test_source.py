"""The strict YAML source: what it refuses, how it reads scalars, and where it says things are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.ruleset.convert import Converter, Invalid
from game.ruleset.diagnostics import Diagnostic, Pos
from game.ruleset.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from game.ruleset.source import YNode, parse_yaml
from game.ruleset.types import Version


def parse(text: str | bytes) -> tuple[YNode | None, list[Diagnostic]]:
    return parse_yaml(text, "f.yaml")


def value(text: str) -> Any:
    tree, diags = parse(text)
    assert tree is not None, diags
    return tree.to_plain()


def codes(diags: list[Diagnostic]) -> list[str]:
    return [d.code for d in diags]


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    """The classic alias bomb: each level repeats the one before ``width`` times."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


# -- refused ------------------------------------------------------------------------------


def test_duplicate_key_is_refused_at_the_second() -> None:
    tree, diags = parse("title: One\nops: 1\ntitle: Two\n")
    assert codes(diags) == ["E0102"]
    assert diags[0].pos == Pos("f.yaml", 3, 1, 6)
    assert "first at line 1" in diags[0].message
    assert tree is not None and tree.to_plain() == {"title": "One", "ops": 1}


def test_duplicate_key_in_a_flow_mapping() -> None:
    _tree, diags = parse("a: {x: 1, y: 2, x: 3}\n")
    assert [(d.code, d.pos.line, d.pos.col) for d in diags if d.pos] == [("E0102", 1, 17)]


@pytest.mark.parametrize(
    ("text", "col", "words"),
    [
        ("1: x\n", 1, "read as a number"),
        ("a: {2.5: x}\n", 5, "read as a number"),
        ("true: x\n", 1, "read as a boolean"),
        ("null: x\n", 1, "read as null"),
        ("~: x\n", 1, "read as null"),
        ("? [a, b]\n: x\n", 3, "must be a plain string"),
        ("{a: 1}: x\n", 1, "must be a plain string"),
    ],
)
def test_non_string_keys_are_refused(text: str, col: int, words: str) -> None:
    _tree, diags = parse(text)
    assert codes(diags) == ["E0103"]
    assert diags[0].pos is not None and diags[0].pos.col == col
    assert words in diags[0].message


def test_quoted_number_key_is_a_string() -> None:
    assert value('"1": x\n') == {"1": "x"}


def test_alias_bomb_is_refused() -> None:
    tree, diags = parse(billion_laughs())
    assert tree is None
    assert codes(diags) == ["E0105"]
    assert str(MAX_NODES) in diags[0].message
    # reported at the list that repeats the alias once too often: a5 (a4 holds 11,111 nodes)
    assert diags[0].pos is not None and diags[0].pos.line == 6


def test_alias_bomb_in_a_mapping_is_refused() -> None:
    lines = ["m0: &m0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x, i: x, j: x}"]
    for i in range(1, 9):
        items = ", ".join(f"{k}: *m{i - 1}" for k in "abcdefghij")
        lines.append(f"m{i}: &m{i} {{{items}}}")
    tree, diags = parse("\n".join(lines) + "\n")
    assert tree is None and codes(diags) == ["E0105"]


def test_recursive_alias_is_refused() -> None:
    tree, diags = parse("a: &a [1, *a]\n")
    assert tree is None
    assert codes(diags) == ["E0105"]


def test_modest_aliases_are_fine() -> None:
    assert value("base: &b {x: 1}\ncopy: *b\nlist: [*b, *b]\n") == {
        "base": {"x": 1},
        "copy": {"x": 1},
        "list": [{"x": 1}, {"x": 1}],
    }


def test_merge_keys_are_refused() -> None:
    _tree, diags = parse("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert codes(diags) == ["E0105"]
    assert "merge" in diags[0].message


@pytest.mark.parametrize("as_bytes", [False, True])
def test_oversized_file_is_refused(as_bytes: bool) -> None:
    text = "a: " + "x" * MAX_FILE_BYTES + "\n"
    tree, diags = parse(text.encode() if as_bytes else text)
    assert tree is None
    assert codes(diags) == ["E0104"]
    assert diags[0].pos == Pos("f.yaml")


def test_file_at_the_size_limit_is_read() -> None:
    text = "a: " + "x" * (MAX_FILE_BYTES - 4) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES - 0
    tree, diags = parse(text)
    assert tree is not None and diags == []


def test_size_counts_utf8_bytes_not_characters() -> None:
    text = "a: " + "é" * (MAX_FILE_BYTES // 2) + "\n"  # fewer characters than the limit
    assert codes(parse(text)[1]) == ["E0104"]


def test_excessive_block_nesting_is_refused() -> None:
    depth = MAX_DEPTH + 5
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "leaf\n"
    tree, diags = parse(text)
    assert tree is None
    assert codes(diags) == ["E0106"]
    # the first node past the limit: depth MAX_DEPTH + 1 is the value of key k{MAX_DEPTH}
    assert diags[0].pos is not None
    assert (diags[0].pos.line, diags[0].pos.col) == (MAX_DEPTH + 2, 2 * (MAX_DEPTH + 1) + 1)


def test_excessive_flow_nesting_is_refused() -> None:
    tree, diags = parse("a: " + "[" * 100 + "]" * 100 + "\n")
    assert tree is None and codes(diags) == ["E0106"]
    # the (MAX_DEPTH + 1)th bracket, underlined up to its matching close
    i = MAX_DEPTH + 1
    assert diags[0].pos == Pos("f.yaml", 1, 3 + i, 3 + 100 + (100 - i + 1) + 1)


def test_nesting_past_the_parser_limit_is_refused_without_recursion_error() -> None:
    tree, diags = parse("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert tree is None and codes(diags) == ["E0106"]


def test_nesting_at_the_limit_is_fine() -> None:
    # root mapping is depth 0, so MAX_DEPTH - 1 brackets put the innermost at MAX_DEPTH
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert parse(text)[1] == []


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !!python/name:os.system x\n",
        "a: !custom x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!omap [{x: 1}]\n",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!thing 1\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    _tree, diags = parse(text)
    assert "E0108" in codes(diags)
    (d,) = [d for d in diags if d.code == "E0108"]
    assert d.pos is not None and d.pos.col == 4


def test_standard_string_tag_is_allowed_and_makes_a_string() -> None:
    assert value("a: !!str 5\nb: !!str true\n") == {"a": "5", "b": "true"}


@pytest.mark.parametrize(
    ("text", "pos"),
    [
        ("a: [\n", (2, 1)),
        ("a: b: c\n", (1, 5)),
        ("a: 1\n\tb: 2\n", (2, 1)),
        ("a: 'unclosed\n", (2, 1)),
        ("a: *nowhere\n", (1, 4)),
        ("a: 1\n---\nb: 2\n", (2, 1)),
    ],
)
def test_syntax_errors_have_a_place(text: str, pos: tuple[int, int]) -> None:
    tree, diags = parse(text)
    assert tree is None
    assert codes(diags) == ["E0101"]
    assert diags[0].pos is not None and (diags[0].pos.line, diags[0].pos.col) == pos


@pytest.mark.parametrize(
    ("text", "pos"),
    [("a: b\x00c\n", (1, 5)), ("é: é\nb: x\x07\n", (2, 5)), ("a: 1\nb: \x1b\n", (2, 4))],
)
def test_control_characters_are_refused_with_a_place(text: str, pos: tuple[int, int]) -> None:
    tree, diags = parse(text)
    assert tree is None and codes(diags) == ["E0101"]
    assert diags[0].pos is not None and (diags[0].pos.line, diags[0].pos.col) == pos


def test_not_utf8_is_refused() -> None:
    tree, diags = parse(b"a: \xff\xfe\n")
    assert tree is None and codes(diags) == ["E0107"]


def test_lone_surrogate_is_refused_not_raised() -> None:
    tree, diags = parse("a: \ud800\n")
    assert tree is None and codes(diags) == ["E0107"]


def test_huge_integer_is_a_diagnostic_not_an_exception() -> None:
    tree, diags = parse("a: " + "7" * 5000 + "\n")
    assert codes(diags) == ["E0204"]
    assert tree is not None and tree.to_plain() == {"a": "7" * 5000}


# -- YAML 1.2 scalars and the YAML 1.1 surprises -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("-7", -7),
        ("+3", 3),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("1.10", 1.1),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("2020-09-27", "2020-09-27"),
        ("12:30", "12:30"),
        ("1_000", "1_000"),
        ("0o17", "0o17"),
        (".inf", ".inf"),
        ("'42'", "42"),
        ('"true"', "true"),
        ("|\n  block\n", "block\n"),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, expected: Any) -> None:
    got = value(f"a: {text}\n")["a"]
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("word", ["no", "No", "yes", "on", "off", "y", "n", "NO"])
def test_yaml11_booleans_are_strings_and_flagged(word: str) -> None:
    tree, diags = parse(f"playable: {word}\n")
    assert tree is not None and tree.to_plain() == {"playable": word}
    assert codes(diags) == ["W0109"]
    assert diags[0].severity == "warning"
    assert diags[0].pos == Pos("f.yaml", 1, 11, 11 + len(word))
    assert diags[0].hint is not None and "quotes" in diags[0].hint


@pytest.mark.parametrize("text", ["'no'", '"on"', "nope", "none"])
def test_quoted_or_other_words_are_not_flagged(text: str) -> None:
    assert parse(f"a: {text}\n")[1] == []


def test_yaml11_keys_are_not_flagged() -> None:
    assert parse("no: 1\n")[1] == []


def test_yaml11_boolean_where_a_bool_is_expected_is_an_error() -> None:
    tree, _ = parse("pass_allowed: no\n")
    assert tree is not None
    diags: list[Diagnostic] = []
    with pytest.raises(Invalid):
        Converter(diags).convert(tree.value["pass_allowed"], bool)
    assert codes(diags) == ["E0201"]
    assert diags[0].hint == "'no' is a string here; write true or false"


@pytest.mark.parametrize(("text", "read_as"), [("1.10", "1.1"), ("2", "2"), ("1.0", "1.0")])
def test_unquoted_version_is_a_clear_error(text: str, read_as: str) -> None:
    tree, _ = parse(f"version: {text}\n")
    assert tree is not None
    diags: list[Diagnostic] = []
    with pytest.raises(Invalid):
        Converter(diags).convert(tree.value["version"], Version)
    (d,) = diags
    assert d.code == "E0201"
    assert d.pos == Pos("f.yaml", 1, 10, 10 + len(text))
    assert f"found {text}" in d.message
    assert d.hint is not None and f'"{text}"' in d.hint
    if read_as != text:
        assert f"reads as the number {read_as}" in d.hint


def test_quoted_version_is_fine() -> None:
    tree, _ = parse('version: "1.10"\n')
    assert tree is not None
    assert Converter([]).convert(tree.value["version"], Version) == "1.10"


# -- positions ---------------------------------------------------------------------------


POSITIONS = """\
# a comment
cards:
  peacekeepers:
    title: "Peace"
    ops: 3
    event:
      - add_forces: {actor: russia, region: STK}
      - set_flag: done
"""


def test_positions_are_one_based_and_exact() -> None:
    tree, diags = parse(POSITIONS)
    assert diags == [] and tree is not None
    assert tree.pos == Pos("f.yaml", 2, 1)
    cards = tree.value["cards"]
    assert tree.key_pos == {"cards": Pos("f.yaml", 2, 1, 6)}
    card = cards.value["peacekeepers"]
    assert cards.key_pos == {"peacekeepers": Pos("f.yaml", 3, 3, 15)}
    assert card.pos == Pos("f.yaml", 4, 5)  # a block mapping starts at its first key
    assert card.value["title"].pos == Pos("f.yaml", 4, 12, 19)  # the quotes included
    assert card.value["title"].raw is None and card.value["title"].value == "Peace"
    assert card.value["ops"].pos == Pos("f.yaml", 5, 10, 11)
    assert card.value["ops"].raw == "3"
    event = card.value["event"]
    assert event.pos == Pos("f.yaml", 7, 7)
    first = event.value[0]
    assert first.pos == Pos("f.yaml", 7, 9)
    body = first.value["add_forces"]
    assert body.pos == Pos("f.yaml", 7, 21, 49)
    assert body.value["region"].pos == Pos("f.yaml", 7, 45, 48)
    assert body.key_pos is not None and body.key_pos["region"] == Pos("f.yaml", 7, 37, 43)
    assert event.value[1].value["set_flag"].pos == Pos("f.yaml", 8, 19, 23)


def test_positions_count_characters_not_bytes() -> None:
    tree, _ = parse("ééé: [x, yé, z]\n")
    assert tree is not None
    items = tree.value["ééé"].value
    assert [i.pos.col for i in items] == [7, 10, 14]


def test_empty_and_comment_only_files_are_empty_mappings() -> None:
    for text in ("", "# nothing here\n", "---\n"):
        tree, diags = parse(text)
        assert diags == [] and tree is not None
        assert tree.to_plain() == {} or tree.to_plain() is None


def test_to_plain_gives_plain_data() -> None:
    assert value("a: [1, {b: c}]\nd: 2020-01-01\n") == {"a": [1, {"b": "c"}], "d": "2020-01-01"}


def test_an_unclosed_bracket_names_the_line_it_opened_on() -> None:
    text = "cards:\n  k1: {title: X, ops: 2\n  k2: {title: Y}\n"
    tree, diags = parse_yaml(text, "cards.yaml")
    assert tree is None and codes(diags) == ["E0101"]
    assert diags[0].pos.line == 3  # where the parser gave up
    assert "'{' opened on line 2 (k1: {title: X, ops: 2) is not closed" in (diags[0].hint or "")
    # Open at the end of the file: the error stands on the line that opened it.
    tree, diags = parse_yaml("cards:\n  k1: [a, b\n", "cards.yaml")
    assert tree is None and diags[0].pos.line == 2 and diags[0].pos.col == 7
    assert diags[0].hint == "this '[' is never closed: add ']' where its items end"


@pytest.mark.parametrize(
    ("when", "line"),
    [
        (">-\n        flag(ceasefire_signed)\n        and track(escalation) >= 2\n"
         "        and flagg(drone_war)\n", 7),
        ("|\n        flag(ceasefire_signed)\n        and track(escalation) >= 2\n"
         "        and flagg(drone_war)\n", 7),
        ("flag(ceasefire_signed)\n        and track(escalation) >= 2\n"
         "        and flagg(drone_war)\n", 6),
        ('"flag(ceasefire_signed)\n        and track(escalation) >= 2\n'
         '        and flagg(drone_war)"\n', 6),
    ],
)  # fmt: skip
def test_an_error_in_a_condition_over_several_lines_points_at_its_line(
    when: str, line: int, tmp_path: Path
) -> None:
    from game.ruleset.load import check_ruleset
    from tests.scenario_kit import DEFAULT

    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "mod.yaml").write_text(
        'id: m\nname: m\nversion: "1.0"\nformat: 2\nrequires: {scenario: caucasus-2020}\n'
    )
    (mod / "cards.yaml").write_text(f"cards:\n  kremlin_mediation:\n    patch:\n      when: {when}")
    _, diags, _ = check_ruleset(DEFAULT, [mod])
    d = next(d for d in diags if d.code == "E0404")
    assert (d.pos.line, d.pos.col, d.pos.end_col) == (line, 13, 18), d.pos  # under 'flagg'
