"""`near-abroad validate` and `near-abroad schema`: output, JSON, and exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
MINIMAL = DATA / "minimal"


def broken_copy(name: str, tmp_path: Path) -> Path:
    """A broken set without the test's expected.yaml, as a modder's folder would be."""
    folder = tmp_path / name
    folder.mkdir()
    for p in (DATA / "broken" / name).glob("*.yaml"):
        if p.name != "expected.yaml":
            shutil.copy(p, folder / p.name)
    return folder


def test_valid_scenario_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINIMAL)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: Minimal test scenario (minimal 0.1.0)")
    assert "3 actors, 5 regions, 4 cards, 2 objectives" in out


def test_errors_exit_1_with_place_line_and_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = broken_copy("unknown_region_in_condition", tmp_path)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "error[E0301 unknown-id]: unknown region 'Alfa'" in out
    assert f"--> {folder / 'cards.yaml'}:52:31" in out
    assert "52 |     condition: controls(self, Alfa)" in out
    assert "^^^^" in out
    assert out.rstrip().endswith("1 error(s), 0 warning(s)")
    assert "ok:" not in out


def test_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = broken_copy("unused_flag", tmp_path)
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "warning[W0306 unused-definition]" in out
    assert "ok: Minimal test scenario" in out


def test_json_format_for_a_valid_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINIMAL), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {"errors": 0, "warnings": 0, "diagnostics": []}


def test_json_format_lists_every_diagnostic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = broken_copy("unknown_seat", tmp_path)
    assert main(["validate", str(folder), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["errors"] == 1 and doc["warnings"] == 1
    first = doc["diagnostics"][0]
    assert first == {
        "code": "E0301",
        "name": "unknown-id",
        "severity": "error",
        "message": "unknown actor 'bleu'",
        "hint": "did you mean 'blue'?",
        "file": str(folder / "scenario.yaml"),
        "line": 8,
        "column": 14,
    }
    assert doc["diagnostics"][1]["severity"] == "warning"


def test_json_for_a_missing_manifest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = broken_copy("missing_manifest", tmp_path)
    assert main(["validate", str(folder), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [d["code"] for d in doc["diagnostics"]] == ["E0207"]


def test_missing_folder_exits_1_with_a_diagnostic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 1
    assert "E0107" in capsys.readouterr().out


def test_a_file_path_means_its_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINIMAL / "scenario.yaml")]) == 0
    assert "ok:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", str(MINIMAL), "--format", "xml"],
        ["validate", str(MINIMAL), "--bogus"],
        ["validate", str(MINIMAL), str(MINIMAL)],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_schema_command_writes_the_committed_schemas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for name in (
        "scenario.schema.json",
        "rules.schema.json",
        "wire/view.schema.json",
        "wire/decision.schema.json",
        "wire/action.schema.json",
        "wire/log-event.schema.json",
    ):
        assert f"wrote {tmp_path / name}" in out
        assert (tmp_path / name).read_text() == (REPO / "schema" / name).read_text()


def test_python_m_game_validate_never_shows_a_traceback(tmp_path: Path) -> None:
    folder = broken_copy("alias_bomb", tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    assert [d["code"] for d in doc["diagnostics"] if d["severity"] == "error"] == ["E0105"]
