"""Hypothesis against the server's door: whatever arrives, the decoder raises only its own
error, the handlers answer without crashing, and no game changes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.net import protocol as p
from game.net.server import Conn, Server
from game.net.store import Store

LEAF = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
JSON = st.recursive(
    LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
WORDS = st.sampled_from(
    ["pass", "done", "event", "ops", "play mig29", "target TBI", "georgia", "russia", "control",
     "separatists", "random", "heuristic", "human", "adjust escalation:+1", "fire x", ""]
)  # fmt: skip
BY_TYPE: dict[str, st.SearchStrategy[Any]] = {
    "int": st.integers(-3, 10**6) | st.integers(0, 400),
    "str": WORDS | st.text(max_size=40),
    "bool": st.booleans(),
    "int | None": st.none() | st.integers(-3, 10**9),
    "tuple[str, ...]": st.lists(WORDS, max_size=3),
    "dict[str, str]": st.dictionaries(WORDS, WORDS, max_size=3),
}


def typed() -> st.SearchStrategy[dict[str, Any]]:
    """Well-formed messages of every type with plausible and implausible values, now and
    then with a field dropped or of the wrong type."""

    def one(kind: str) -> st.SearchStrategy[dict[str, Any]]:
        cls = p.CLIENT_MESSAGES[kind]
        fields = {
            a.name: BY_TYPE.get(p.type_name(a.type), JSON)
            for a in attrs.fields(cls)
            if a.name not in ("type", "v")
        }
        base = st.fixed_dictionaries({"type": st.just(kind), "v": st.just(p.PROTOCOL_VERSION),
                                      **fields})  # fmt: skip
        return st.one_of(
            base,
            st.builds(lambda d, k, v: {**d, k: v}, base, st.sampled_from(FIELDS), JSON),
        )

    return st.sampled_from(sorted(p.CLIENT_MESSAGES)).flatmap(one)


FIELDS = sorted({a.name for cls in p.CLIENT_MESSAGES.values() for a in attrs.fields(cls)})


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_the_decoder_raises_only_its_own_error_on_any_text(raw: str | bytes) -> None:
    try:
        p.decode(raw)
    except p.ProtocolError as e:
        assert e.code and e.reason


def message() -> st.SearchStrategy[dict[str, Any]]:
    """Objects that look like messages: a known type, the version, and some fields."""
    return st.builds(
        lambda kind, v, fields: {"type": kind, "v": v, **fields},
        st.sampled_from([*p.CLIENT_MESSAGES, "nonsense"]),
        st.sampled_from([p.PROTOCOL_VERSION, p.PROTOCOL_VERSION, 0, "1", None]),
        st.dictionaries(st.sampled_from(FIELDS), JSON | st.integers(-5, 10**7), max_size=8),
    )


@given(message())
def test_the_decoder_checks_every_field(data: dict[str, Any]) -> None:
    try:
        msg = p.decode(json.dumps(data))
    except p.ProtocolError:
        return
    assert type(msg) is p.CLIENT_MESSAGES[data["type"]]
    for a in attrs.fields(type(msg)):  # what got through has the declared types
        value = getattr(msg, a.name)
        if p.type_name(a.type) in ("int", "str", "bool"):
            assert type(value).__name__ == p.type_name(a.type)


class FakeWS:
    """A connection that keeps what the server sends."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send(self, text: str) -> None:
        self.sent.append(json.loads(text))

    async def close(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Server, p.Created]:
    server = Server(Store(tmp_path_factory.mktemp("fuzz") / "games.db"))
    made = server.create(
        p.Create(type="create", v=p.PROTOCOL_VERSION, seq=1, scenario="georgia-2008", seed=4)
    )
    return server, made


def _fill(data: dict[str, Any], made: p.Created, token: int) -> dict[str, Any]:
    """Point some fuzzed messages at the real game with a real token, so they get past hello
    to the handlers (a digest that is not the game's keeps every action off the board)."""
    out = dict(data)
    if "game" in out and token % 4:
        out["game"] = made.game
    if out.get("type") == "hello":
        out["token"] = [made.observer, *made.tokens.values(), "nope"][token % 6]
    if "digest" in out:
        out["digest"] = "not the digest"
    out.pop("scenario", None)  # creating games is tested elsewhere; keep the fuzz fast
    return out


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.integers(0, 6),
    st.lists(st.tuples(typed() | message(), st.integers(0, 11)), min_size=1, max_size=6),
)
def test_the_handlers_answer_anything_and_change_no_game(
    world: tuple[Server, p.Created], first: int, batch: list[tuple[dict[str, Any], int]]
) -> None:
    """A connection says hello with a real token (Control's, a seat's, the observer's) or
    none, then sends anything at all."""
    server, made = world
    room = server.rooms[made.game]
    before = (room.step, room.digest, dict(room.players), len(server.rooms))
    ws = FakeWS()
    conn = Conn(ws)
    tokens = [made.control, made.observer, *made.tokens.values()]

    async def go() -> None:
        if first < len(tokens):
            hello = {"type": "hello", "v": 2, "game": made.game, "token": tokens[first]}
            await server._message(conn, json.dumps(hello))
        for data, token in batch:
            await server._message(conn, json.dumps(_fill(data, made, token)))

    asyncio.run(go())
    server._leave(conn)
    assert (room.step, room.digest, len(server.rooms)) == before[:2] + before[3:]
    if first != 0:  # only Control may hand seats to bots
        assert dict(room.players) == before[2]
    room.players.update(before[2])
    known = {*p.SERVER_MESSAGES}
    for reply in ws.sent:
        assert reply["type"] in known
        if reply["type"] in ("error", "refused"):
            assert reply["code"] != "internal", reply
    assert tuple(server.store.steps(room.id)) == room.session.record.steps


@given(st.binary(min_size=1, max_size=200))
def test_raw_bytes_get_an_error_reply(raw: bytes) -> None:
    try:
        p.decode(raw)
    except p.ProtocolError as e:
        known = {"not-json", "not-an-object", "unknown-type", "version", "bad-fields"}
        assert e.code in known | {"too-deep", "too-long", "bad-text", "out-of-range", "too-big"}


def test_oversized_and_deep_messages_are_refused_by_size_and_depth(tmp_path: Path) -> None:
    big = json.dumps({"type": "say", "v": 2, "game": "g", "seq": 1, "text": "x" * 70_000})
    with pytest.raises(p.ProtocolError, match="at most"):
        p.decode(big)
    deep = '{"type": "ping", "v": 2, "x": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(p.ProtocolError) as e:
        p.decode(deep)
    assert e.value.code == "too-deep"
