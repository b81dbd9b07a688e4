"""Partial updates (hello's ``delta``): a connection that asks for them gets, after its first
update, only the fields of its view that changed; setting them over the view it holds gives,
at every step of random games, exactly the whole view a connection without them receives."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

from game.engine import CONTROL
from game.net import protocol as p
from game.net.room import changed_fields, public_digest
from game.net.server import Conn, Server
from game.net.store import Store

V = p.PROTOCOL_VERSION


class Socket:
    """What the server sends on one connection, decoded."""

    def __init__(self) -> None:
        self.got: list[dict[str, Any]] = []
        self.remote_address = ("127.0.0.1", 1)

    async def send(self, text: str) -> None:
        self.got.append(json.loads(text))

    async def close(self, code: int = 1000, reason: str = "") -> None:
        pass


def updates(sock: Socket) -> list[dict[str, Any]]:
    return [m for m in sock.got if m.get("type") == "update"]


def test_partial_updates_set_over_the_last_view_give_the_whole_view(tmp_path: Path) -> None:
    async def play() -> None:
        server = Server(Store(tmp_path / "games.db"), rate=1e6, burst=10**6)
        made = server.create(p.Create(type="create", v=V, seq=1, scenario="caucasus-2020",
                                      seed=5, control=True))  # fmt: skip
        room = server.rooms[made.game]
        seats = {s: t for s, t in made.tokens.items()}
        pairs: dict[str, tuple[Conn, Conn]] = {}
        for who, token in [*seats.items(), (CONTROL, made.control), ("observer", made.observer)]:
            for delta in (True, False):
                conn = Conn(Socket())
                hello = p.Hello(type="hello", v=V, game=room.id, token=token, delta=delta)
                await server._dispatch(conn, hello)
                pairs.setdefault(who, (conn, conn))
                pairs[who] = (conn, pairs[who][1]) if delta else (pairs[who][0], conn)
        rng = random.Random(5)
        for step in range(160):
            state = room.session.state
            if state.is_over():
                break
            actor = state.current_actor()
            assert actor is not None
            conn = pairs[actor][1] if actor in pairs else pairs[CONTROL][1]
            legal = [str(a) for a in state.legal_actions()]
            act = p.Act(type="act", v=V, game=room.id, seq=step + 10, step=room.step,
                        digest=room.digest, action=rng.choice(legal))  # fmt: skip
            await server._dispatch(conn, act)
            assert room.digest == public_digest(room.session.state)
        partial = 0
        for who, (with_delta, without) in pairs.items():
            held: dict[str, Any] | None = None
            mine, whole = updates(with_delta.ws), updates(without.ws)
            # The connection with deltas said hello first: it has the updates its partner's
            # hello (and those before) caused at the start, and then the same ones.
            offset = len(mine) - len(whole)
            assert 0 <= offset <= 12 and len(whole) > 100, who
            assert mine[0]["partial"] is False  # the first is always whole
            for i, got in enumerate(mine):
                if got["partial"]:
                    assert held is not None
                    held = {**held, **got["view"]}
                    partial += 1
                else:
                    held = got["view"]
                if i < offset:
                    continue
                want = whole[i - offset]
                assert held == want["view"], who
                assert len(got["view"]) < len(want["view"]) or not got["partial"]
                if want["reset"]:
                    continue  # the partner's own snapshot (its whole log): not a like update
                skip = ("view", "partial", "seq")
                assert {k: v for k, v in got.items() if k not in skip} == {
                    k: v for k, v in want.items() if k not in skip
                }
        assert partial > 500

    asyncio.run(play())


def test_changed_fields_are_the_fields_that_differ() -> None:
    shown = {"a": 1, "b": [1, 2], "c": {"x": 1}}
    same_c = shown["c"]
    assert changed_fields(shown, {"a": 1, "b": [1, 2], "c": same_c}) == {}
    assert changed_fields(shown, {"a": 2, "b": [1, 2], "c": {"x": 1}}) == {"a": 2}
    assert changed_fields(shown, {"a": 1, "b": [2], "c": {"x": 2}}) == {"b": [2], "c": {"x": 2}}


class FakeWire:
    """A websocket the client's pump reads from: the given texts, then a closed connection."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = list(texts)

    def recv(self, timeout: float) -> str:
        from websockets.exceptions import ConnectionClosed

        if not self.texts:
            raise ConnectionClosed(None, None)
        return self.texts.pop(0)

    def send(self, text: str) -> None:
        pass


def test_the_client_sets_partial_updates_over_its_view_and_survives_odd_ones() -> None:
    import pytest
    from websockets.exceptions import ConnectionClosed

    from game.net.client import Client, _Unusable

    def up(view: object, partial: bool) -> str:
        return json.dumps({"type": "update", "step": 1, "view": view, "partial": partial})

    client = Client("ws://127.0.0.1:9", "g", "t")
    with pytest.raises(ConnectionClosed):
        client._pump(FakeWire([
            up({"a": 1, "b": 2}, False),
            json.dumps({"type": "update", "step": 2}),  # no view: skipped, not a crash
            up("not a view", True),  # skipped
            up({"b": 3}, True),
        ]))  # fmt: skip
    got = [client.inbox.get_nowait()["view"] for _ in range(client.inbox.qsize())]
    assert got == [{"a": 1, "b": 2}, {"a": 1, "b": 3}]
    assert client.update is not None and client.update["view"] == {"a": 1, "b": 3}
    fresh = Client("ws://127.0.0.1:9", "g", "t")
    for _ in range(3):  # stray ones, each followed by a whole view: the count starts again
        with pytest.raises(ConnectionClosed):
            fresh._pump(FakeWire([up({"b": 3}, True)]))
        with pytest.raises(ConnectionClosed):
            fresh._pump(FakeWire([up({"a": 1}, False)]))
        fresh._view = None  # a new connection (as _run does at hello)
    for _ in range(3):  # a partial with nothing to set it over: connect again for a whole view
        with pytest.raises(ConnectionClosed):
            fresh._pump(FakeWire([up({"b": 3}, True)]))
    with pytest.raises(_Unusable, match="partial updates without a whole view"):
        fresh._pump(FakeWire([up({"b": 3}, True)]))


def test_a_version_refusal_says_which_side_to_update() -> None:
    import pytest

    for v, words in ((1, "update the client"), (99, "update the server")):
        with pytest.raises(p.ProtocolError) as got:
            p.decode(json.dumps({"type": "ping", "v": v, "seq": 1}))
        assert got.value.code == "version" and words in got.value.reason
