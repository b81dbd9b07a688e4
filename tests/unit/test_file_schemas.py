"""Issue 15, deliver 2: saves and session logs are checked against a schema before use,
with one message per problem, saying where it stands."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.file_schemas import file_schemas, line_problems, save_problems, where
from game.session.journal import Journal, JournalError, read
from game.session.session import Session
from tests.scenario_kit import ROOT, TINY

SAVES = sorted((ROOT / "tests" / "data" / "saves").glob("*-*.json"))


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """A seminar game of the small scenario with Control, notes and an undo, and its log."""
    folder = tmp_path_factory.mktemp("game")
    session = Session(load_ruleset(TINY), seed=4, control=True)
    log = folder / "session.jsonl"
    session.attach_journal(Journal(log))
    rng = random.Random(4)
    for n in range(10_000):
        if session.state.is_over():
            break
        session.act(rng.choice(session.state.legal_actions()))
        if n == 3:
            session.annotate("control", "a note", tag="friction")
            session.undo()
    return json.loads(storage.dumps(session.record)), log


def test_the_committed_schemas_are_the_generated_ones_and_valid() -> None:
    for name, doc in file_schemas().items():
        jsonschema.Draft202012Validator.check_schema(doc)
        committed = ROOT / "schema" / name
        assert committed.exists(), f"run: near-abroad schema --out schema ({name})"
        assert json.loads(committed.read_text(encoding="utf-8")) == doc, f"schema/{name} is stale"


def test_what_the_game_writes_passes_and_both_validators_agree(
    played: tuple[dict[str, Any], Path],
) -> None:
    data, log = played
    docs = file_schemas()
    check_save = jsonschema.Draft202012Validator(docs["save.schema.json"])
    check_line = jsonschema.Draft202012Validator(docs["session-log-line.schema.json"])
    for doc in [data, *(json.loads(p.read_text(encoding="utf-8")) for p in SAVES)]:
        assert save_problems(doc) == [] and check_save.is_valid(doc)
    lines = list(read(log))
    assert {e["kind"] for e in lines} >= {"session", "decision", "chance", "annotation", "undo"}
    for e in lines:
        assert line_problems(e) == [] and check_line.is_valid(e), e


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda d: d.update(ruleset_id="../../etc"), 'ruleset_id: "../../etc" is not an id'),
        (lambda d: d["seats"][0].update(kind="bot", bot="genius"), 'seats[0].bot: "genius"'),
        (lambda d: d.update(seats=[]), "seats: [] has less than 1 item"),
        (lambda d: d.update(checkpoints={}), 'checkpoints: "0" is a required property'),
        (lambda d: d["steps"][3].update(action=5), 'steps[3].action: 5 is not of type "string"'),
        (lambda d: d["steps"][2].update(extra=1), "steps[2]: Additional properties"),
        (lambda d: d.update(seed="7"), 'seed: "7" is not of type "integer"'),
        (lambda d: d.update(format=99), "format: 99 is greater than the maximum of 1"),
    ],
)
def test_each_problem_is_named_where_it_stands(
    played: tuple[dict[str, Any], Path], damage: Any, said: str
) -> None:
    data = json.loads(json.dumps(played[0]))
    damage(data)
    problems = save_problems(data)
    assert any(p.startswith(said) for p in problems), problems
    if "format" not in data or data["format"] == 1:  # a newer format is refused before
        with pytest.raises(storage.SaveError, match="damaged"):
            storage.loads(json.dumps(data), "game.json")


def test_several_problems_are_each_on_a_line_of_their_own(
    played: tuple[dict[str, Any], Path],
) -> None:
    data = json.loads(json.dumps(played[0]))
    data["steps"][1]["actor"], data["steps"][4]["reason"] = 3, None
    data["annotations"][0]["step"] = -1
    with pytest.raises(storage.SaveError) as info:
        storage.loads(json.dumps(data), "game.json")
    text = str(info.value)
    for place in ("steps[1].actor", "steps[4].reason", "annotations[0].step"):
        assert f"\n  - {place}: " in text, text


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ({"kind": "undo", "count": -5}, "count: -5 is less than the minimum of 1"),
        ({"kind": "undo", "count": 10**12}, "count: 1000000000000 is greater than"),
        ({"kind": "branch", "step": -1}, "step: -1 is less than the minimum of 0"),
        ({"kind": "decision", "actor": "red", "action": 5}, "action: 5 is not of type"),
        ({"kind": "session", "seed": None}, '"ruleset_id" is a required property'),
        ({"kind": "wormhole"}, 'kind: "wormhole" is not one of'),
    ],
)
def test_a_damaged_log_line_is_named_by_its_line_number(
    played: tuple[dict[str, Any], Path], tmp_path: Path, line: dict[str, Any], said: str
) -> None:
    lines = played[1].read_text(encoding="utf-8").splitlines()
    lines.insert(3, json.dumps(line))
    log = tmp_path / "damaged.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(JournalError) as info:
        list(read(log))
    assert f"{log}:4: " in str(info.value) and said in str(info.value), str(info.value)


def test_where_reads_like_a_path() -> None:
    assert where(["steps", 5, "action"]) == "steps[5].action"
    assert where([]) == "the top level" and where([2]) == "[2]"


def test_replay_reads_a_session_log_and_checks_its_digests(
    played: tuple[dict[str, Any], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.cli import main

    log = played[1]
    assert main(["replay", str(log), "--scenario", str(TINY)]) == 0
    assert "result:" in capsys.readouterr().out
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    last = max(i for i, e in enumerate(lines) if "digest" in e)
    lines[last]["digest"] = "0" * 32
    bad = tmp_path / "tampered.jsonl"
    bad.write_text("".join(json.dumps(e) + "\n" for e in lines), encoding="utf-8")
    assert main(["replay", str(bad), "--scenario", str(TINY)]) == 1
    err = capsys.readouterr().err
    assert "E0505" in err and "Traceback" not in err, err


def test_an_unknown_actor_as_a_key_is_refused_at_load() -> None:
    """Found by bench/fuzz.py: a region's starting influence or forces keyed by an actor
    that does not exist ('self', a typo) validated, and the game could not start."""
    import yaml

    from game.ruleset.load import build_ruleset
    from tests.scenario_kit import BASE_MANIFEST, BASE_RULES, merge

    for key in ("self", "rde"):
        rules = merge(BASE_RULES, {"regions": {"A": {"influence": {key: 2}, "forces": {key: 1}}}})
        files = {
            "scenario.yaml": yaml.safe_dump(BASE_MANIFEST),
            "rules.yaml": yaml.safe_dump(rules),
        }
        built, diags = build_ruleset(files)
        said = [d.message for d in diags if d.code == "E0301"]
        assert built is None and said == [f"unknown actor '{key}'"] * 2, diags
