"""docs/protocol.md as a client writer reads it: its example bot is the file in docs/examples
and plays a real game to the end on 127.0.0.1; the committed protocol schemas are what the
code gives now; every JSON example on the page is a message the schemas accept; every
refusal code the server can send is in the page's table. Every wait is bounded in time."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
from websockets.sync.client import connect

from game.net.protocol import CLIENT_MESSAGES, SERVER_MESSAGES
from game.net.schemas import protocol_schemas, write_protocol_schemas
from tests.net_kit import ServerProcess, create, export, replayed

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
BOT = ROOT / "docs" / "examples" / "example_bot.py"
SCHEMAS = ROOT / "schema" / "protocol"


def validator(side: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{side}-messages.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def examples() -> list[tuple[str, str]]:
    """(side, JSON text) of every ```json block in the page, side from the comment above it."""
    found = re.findall(r"(?:<!-- (\w+) -->\n)?```json\n(.*?)```", DOC, re.S)
    return [(side, body) for side, body in found]


# -- (a) the bot on the page is the file ---------------------------------------------------
def test_the_bot_in_the_page_is_the_example_file_and_short() -> None:
    blocks = re.findall(
        r"<!-- example-bot:begin -->\n```python\n(.*?)```\n<!-- example-bot:end -->", DOC, re.S
    )
    assert len(blocks) == 1, "docs/protocol.md embeds the bot once, between its markers"
    source = BOT.read_text(encoding="utf-8")
    assert blocks[0] == source, "docs/protocol.md and docs/examples/example_bot.py differ"
    assert len(source.splitlines()) < 80
    imports = re.findall(r"^(?:from|import) (\w+)", source, re.M)
    assert set(imports) <= {"json", "random", "sys", "time", "websockets"}, imports


# -- (b) the bot plays a whole game on a real server ---------------------------------------
def _observe(url: str, game: str, token: str) -> list[dict[str, Any]]:
    """What an observer gets on hello: welcome and a snapshot."""
    with connect(url, open_timeout=10, max_size=2**24) as ws:
        ws.send(json.dumps({"type": "hello", "v": 2, "game": game, "token": token}))
        return [json.loads(ws.recv(timeout=20)) for _ in range(2)]


def test_the_example_bot_plays_a_whole_game_on_a_real_server(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "games.db").start()
    try:
        bots = {"separatists": "random", "georgia": "random", "russia": "random"}
        made = create(server.url, "georgia-2008", seed=3, seats=bots)
        (mine,) = set(made["tokens"]) - set(bots)
        t0 = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(BOT), server.url, made["game"], made["tokens"][mine]],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        assert done.returncode == 0, (done.stdout, done.stderr)
        assert f"playing {mine} in game {made['game']}" in done.stdout
        assert "game over: " in done.stdout, done.stdout
        assert time.monotonic() - t0 < 120

        exported = export(server.url, made["game"], made["control"])
        assert validator("server").is_valid(exported)
        steps = exported["save"]["steps"]
        assert any(s["actor"] == mine for s in steps), "the example bot made decisions"
        assert replayed(exported).is_over()

        welcome, update = _observe(server.url, made["game"], made["observer"])
        for msg in (welcome, update):
            errors = [e.message for e in validator("server").iter_errors(msg)]
            assert not errors, (msg["type"], errors[:3])
        assert welcome["role"] == "observer" and update["reset"] is True
        assert update["view"]["result"] is not None and update["step"] == len(steps)
    finally:
        server.stop()


# -- (c) the committed schemas are what the code gives --------------------------------------
def test_the_committed_protocol_schemas_equal_freshly_generated(tmp_path: Path) -> None:
    fresh = protocol_schemas()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(fresh)
    for name, schema in fresh.items():
        assert json.loads((SCHEMAS / name).read_text(encoding="utf-8")) == schema, (
            f"schema/protocol/{name} is stale: write it again with "
            "game.net.schemas.write_protocol_schemas('schema')"
        )
    for path in write_protocol_schemas(tmp_path):
        assert path.read_bytes() == (SCHEMAS / path.name).read_bytes(), path.name


# -- (d) every example on the page is a message the schemas accept ---------------------------
def test_every_json_example_in_the_page_validates_against_its_side() -> None:
    found = examples()
    assert all(side in ("client", "server") for side, _ in found), [s for s, _ in found]
    sides = [side for side, _ in found]
    assert sides.count("client") >= 9 and sides.count("server") >= 9
    kinds: dict[str, set[str]] = {"client": set(), "server": set()}
    for side, body in found:
        msg = json.loads(body)
        errors = [e.message for e in validator(side).iter_errors(msg)]
        assert not errors, (side, body[:80], errors[:3])
        kinds[side].add(msg["type"])
    assert kinds["client"] == set(CLIENT_MESSAGES), "an example for every client message"
    assert kinds["server"] == set(SERVER_MESSAGES), "an example for every server message"


def test_a_wrong_example_would_be_caught() -> None:
    act = {"type": "act", "v": 2, "game": "g", "seq": 1, "step": 0, "digest": "d"}
    assert not validator("client").is_valid(act)  # no action
    assert not validator("server").is_valid({**act, "action": "pass"})  # not a server message


def test_every_refusal_code_the_server_sends_is_in_the_table() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "game" / "net").glob("*.py"))
    pattern = r'(?:refuse\([^"()]*?|_error\(\s*|ProtocolError\(\s*)"([a-z-]+)"'
    codes = set(re.findall(pattern, source))
    assert {"stale", "not-yours", "bad-token", "rate-limited", "version"} <= codes, codes
    table = set(re.findall(r"^\| `([a-z-]+)` \|", DOC, re.M))
    assert codes <= table, f"codes missing from docs/protocol.md: {sorted(codes - table)}"


def test_the_example_bot_slows_down_when_the_server_says_it_is_over_the_rate(
    tmp_path: Path,
) -> None:
    """With a limit of 4 messages a second (bursts of 4) the bot is over it within its first
    decisions: it must wait, send the dropped action again and still finish the game."""
    from tests.net_kit import server_thread

    with server_thread(tmp_path / "games.db", rate=4.0, burst=4) as (server, url, _loop):
        bots = {"separatists": "random", "georgia": "random", "russia": "random"}
        made = create(url, "georgia-2008", seed=3, seats=bots)
        (mine,) = set(made["tokens"]) - set(bots)
        done = subprocess.run(
            [sys.executable, str(BOT), url, made["game"], made["tokens"][mine]],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert done.returncode == 0, (done.stdout, done.stderr)
        assert "game over: " in done.stdout, done.stdout
        assert server.rooms[made["game"]].session.state.is_over()
