"""The server's rooms without a socket: refusals change nothing, hidden information stays in,
every accepted step is in the database before it is acknowledged, and a restart resumes."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from game.ai.determinize import determinize
from game.engine import CONTROL, OBSERVER
from game.net import protocol as p
from game.net.room import Room, public_digest
from game.net.server import Server, new_token
from game.net.store import Role, Store
from game.net.wire import view_from_wire
from game.session.replay import replay_states

V = p.PROTOCOL_VERSION


def create(server: Server, scenario: str = "georgia-2008", **kw: object) -> p.Created:
    msg = p.Create(type="create", v=V, seq=1, scenario=scenario, seed=7, **kw)  # type: ignore[arg-type]
    return server.create(msg)


@pytest.fixture
def served(tmp_path: Path) -> tuple[Server, p.Created]:
    server = Server(Store(tmp_path / "games.db"))
    return server, create(server, control=True)


def role(server: Server, made: p.Created, token: str) -> Role:
    got = server.store.role(made.game, token)
    assert got is not None
    return got


def act(room: Room, action: str, seq: int = 1, step: int | None = None,
        digest: str | None = None) -> p.Act:  # fmt: skip
    return p.Act(type="act", v=V, game=room.id, seq=seq,
                 step=room.step if step is None else step,
                 digest=room.digest if digest is None else digest, action=action)  # fmt: skip


def snapshot(room: Room) -> tuple[int, str, tuple[object, ...]]:
    return room.step, room.digest, room.session.record.steps


def test_a_token_grants_exactly_its_role(served: tuple[Server, p.Created]) -> None:
    server, made = served
    for seat, token in made.tokens.items():
        assert server.store.role(made.game, token) == Role(made.game, "seat", seat)
    assert role(server, made, made.control).role == "control"
    assert role(server, made, made.observer).role == "observer"
    assert server.store.role(made.game, "not-a-token") is None
    assert server.store.role("other-game", made.control) is None
    tokens = [*made.tokens.values(), made.control, made.observer]
    assert len(set(tokens)) == len(tokens) and all(len(t) >= 24 for t in tokens)
    # Tokens go on command lines: never one an argument parser would read as an option.
    assert all(re.fullmatch(r"[0-9a-f]{32}", new_token()) for _ in range(500))
    # Only hashes are kept.
    assert not any(t in (server.store.path.read_bytes()).decode("latin-1") for t in tokens)


def test_stale_duplicate_and_foreign_actions_are_refused_and_change_nothing(
    served: tuple[Server, p.Created],
) -> None:
    server, made = served
    room = server.rooms[made.game]
    seat = room.session.state.current_actor()
    assert seat is not None
    other = next(s for s in made.tokens if s != seat)
    me, them = role(server, made, made.tokens[seat]), role(server, made, made.tokens[other])
    watcher = role(server, made, made.observer)
    legal = [str(a) for a in room.session.state.legal_actions()]
    before = snapshot(room)
    for who, msg, code in [
        (them, act(room, legal[0]), "not-yours"),  # another seat's decision
        (watcher, act(room, legal[0]), "not-yours"),
        (me, act(room, legal[0], step=room.step - 1), "stale"),
        (me, act(room, legal[0], digest="0" * 20), "stale"),
        (me, act(room, "play no_such_card"), "illegal"),
        (me, act(room, "fly to the moon"), "illegal"),
    ]:
        out = room.handle(who, msg)
        assert [type(r) for r in out.replies] == [p.Refused] and out.replies[0].code == code
        assert not out.moved and snapshot(room) == before
    first = act(room, legal[0])
    out = room.handle(me, first)
    assert isinstance(out.replies[0], p.Ack) and out.moved and room.step > before[0]
    after = snapshot(room)
    again = room.handle(me, first)  # the same message again: it answers a position now gone
    assert again.replies[0].code == "stale" and snapshot(room) == after
    # What was acknowledged is in the database, step by step.
    assert tuple(server.store.steps(room.id)) == room.session.record.steps


def test_only_control_steps_in_undoes_and_hands_seats_to_bots(
    served: tuple[Server, p.Created],
) -> None:
    server, made = served
    room = server.rooms[made.game]
    seat = room.session.state.current_actor()
    assert seat is not None
    me, control = role(server, made, made.tokens[seat]), role(server, made, made.control)
    ref = {"type": "seat", "v": V, "game": room.id, "seq": 3, "seat": seat, "player": "random"}
    assert room.handle(me, p.decode(json.dumps(ref))).replies[0].code == "not-yours"
    bad = room.handle(control, p.decode(json.dumps({**ref, "player": "genius"})))
    assert bad.replies[0].code == "bad-bot" and "kind of bot" in bad.replies[0].reason
    out = room.handle(control, p.decode(json.dumps(ref)))
    assert isinstance(out.replies[0], p.Ack) and room.players[seat] == "random"
    assert room.bot_to_move() == seat
    refused = room.handle(me, act(room, str(room.session.state.legal_actions()[0])))
    assert refused.replies[0].code == "bot-seat"
    back = room.handle(control, p.decode(json.dumps({**ref, "player": "human"})))
    assert isinstance(back.replies[0], p.Ack) and room.bot_to_move() is None
    # A restart remembers who plays the seat.
    server2 = Server(server.store)
    server2.load_all()
    assert server2.rooms[room.id].players[seat] == "human"


def test_a_team_writes_to_control_and_control_to_one_team(
    served: tuple[Server, p.Created],
) -> None:
    server, made = served
    room = server.rooms[made.game]
    seat = next(iter(made.tokens))
    me, control = role(server, made, made.tokens[seat]), role(server, made, made.control)
    say = p.Say(type="say", v=V, game=room.id, seq=4, text="we need a recess", to="control")
    out = room.handle(me, say)
    assert [m.to for m in out.messages] == ["control"] and out.messages[0].sender == seat
    assert room.handle(me, attrs.evolve(say, to="russia")).replies[0].code == "not-yours"
    reply = room.handle(control, attrs.evolve(say, text="granted", to=seat))
    assert reply.messages[0].to == seat
    saved = [d for _, _, d in server.store.events(room.id, "message")]
    assert [d["text"] for d in saved] == ["we need a recess", "granted"]


def _play(room: Room, rng: random.Random, steps: int, roles: dict[str, Role]) -> None:
    for _ in range(steps):
        state = room.session.state
        acting = state.current_actor()
        if state.is_over() or acting is None:
            return
        legal = [str(a) for a in state.legal_actions()]
        out = room.handle(roles[acting], act(room, rng.choice(legal)))
        assert isinstance(out.replies[0], p.Ack), out.replies[0]


@pytest.mark.parametrize("scenario", ["georgia-2008", "caucasus-2020"])
def test_a_restart_resumes_every_game_at_its_last_acknowledged_step(
    tmp_path: Path, scenario: str
) -> None:
    store = Store(tmp_path / "games.db")
    server = Server(store)
    rooms = []
    for n in range(3):
        made = create(server, scenario, control=n == 0)
        room = server.rooms[made.game]
        roles = {s: role(server, made, t) for s, t in made.tokens.items()}
        roles[CONTROL] = role(server, made, made.control)
        _play(room, random.Random(n), 40 + 30 * n, roles)
        rooms.append(room)
    store.close()
    again = Server(Store(tmp_path / "games.db"))
    assert again.load_all() == 3 and not again.broken
    for room in rooms:
        back = again.rooms[room.id]
        assert back.session.record.steps == room.session.record.steps
        assert back.session.state.digest() == room.session.state.digest()
        assert back.digest == room.digest
        states = replay_states(again.record(room.id), back.rules)
        assert states[-1].digest() == room.session.state.digest()


def test_hidden_information_never_reaches_another_role(tmp_path: Path) -> None:
    """Each role's update is a function of that role's view: a world that differs only in
    what the role cannot see (other hands, the deck) gives the role the very same update."""
    server = Server(Store(tmp_path / "games.db"))
    for scenario in ("georgia-2008", "caucasus-2020"):
        made = create(server, scenario)
        room = server.rooms[made.game]
        roles = {s: role(server, made, t) for s, t in made.tokens.items()}
        watcher = role(server, made, made.observer)
        rng = random.Random(scenario)
        checked = 0
        for _ in range(12):
            _play(room, rng, rng.randrange(3, 25), roles)
            if room.session.state.is_over():
                break
            real = room.session.state
            for who in [*roles.values(), watcher]:
                viewer = room.viewer(who)
                # The observer's world: any consistent with one seat's view will do.
                seen = real.view_for(viewer if viewer != OBSERVER else real.seats[0])
                other = determinize(seen, room.rules, random.Random(checked))
                mine = room.update(who, 1, True, since=0)
                room.session.states[-1] = other  # another world, the same for this role
                theirs = room.update(who, 1, True, since=0)
                room.session.states[-1] = real
                strip = {"log"}
                assert _without(mine, strip) == _without(theirs, strip), (scenario, who)
                assert public_digest(other) == public_digest(real)
                # The log lines are the role's own: nothing private of another seat.
                full = view_from_wire(mine.view)
                assert full.hand == (() if viewer == OBSERVER else real.hands[viewer])
                for line in mine.log:
                    aud = line["audience"]
                    assert not aud or viewer in aud
                checked += 1
        assert checked >= 10


def _without(update: p.Update, keys: set[str]) -> dict[str, object]:
    data = json.loads(p.encode(update))
    return {k: v for k, v in data.items() if k not in keys}


def test_an_update_carries_exactly_the_roles_view(tmp_path: Path) -> None:
    """The server shares the public part of a view between connections: what each role gets
    is still the engine's view for that role, field for field."""
    from game.net.stack import stack_to_wire
    from game.net.wire import to_wire

    server = Server(Store(tmp_path / "games.db"))
    made = create(server, "caucasus-2020", control=True)
    room = server.rooms[made.game]
    roles = {s: role(server, made, t) for s, t in made.tokens.items()}
    roles[CONTROL] = role(server, made, made.control)
    everyone = [*roles.values(), role(server, made, made.observer)]
    rng = random.Random(3)
    undone = 0
    for n in range(8):
        _play(room, rng, rng.randrange(5, 40), roles)
        if n % 3 == 2:  # Control takes a move back: the kept wire forms must follow
            undo = p.Undo(type="undo", v=V, game=room.id, seq=1, step=room.step,
                          digest=room.digest)  # fmt: skip
            undone += isinstance(room.handle(roles[CONTROL], undo).replies[0], p.Ack)
        state = room.session.state
        for who in everyone:
            for detail in (True, False):
                got = room.update(who, 1, detail, since=None)
                view = state.view_for(room.viewer(who), with_log=detail)
                # As JSON text: Python's == takes True for 1 and 1 for 1.0, the wire does not.
                want = to_wire(attrs.evolve(view, log=()))
                assert json.dumps(got.view, sort_keys=True) == json.dumps(want, sort_keys=True)
                if detail:
                    assert list(got.log) == [to_wire(e) for e in view.log]
                assert got.stack == stack_to_wire(state.stack, room.rules)
                assert json.loads(p.encode(got))["view"] == got.view
    assert undone  # an undo was taken back and checked


def test_a_restart_checks_every_step_when_the_kept_digest_differs(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "games.db"
    server = Server(Store(db))
    made = [create(server, "georgia-2008") for _ in range(3)]
    for n, m in enumerate(made):
        roles = {s: role(server, m, t) for s, t in m.tokens.items()}
        _play(server.rooms[m.game], random.Random(n), 30, roles)
    want = {m.game: server.rooms[m.game].session.state.digest() for m in made}
    server.store.close()
    with sqlite3.connect(db) as con:  # a wrong digest, then a step that was never legal
        con.execute("UPDATE heads SET digest = 'x' WHERE game = ?", (made[0].game,))
        con.execute("UPDATE steps SET action = 'play nothing' WHERE game = ? AND n = 20",
                    (made[1].game,))  # fmt: skip
    again = Server(Store(db))
    assert again.load_all() == 2
    assert again.rooms[made[0].game].session.state.digest() == want[made[0].game]
    assert made[1].game in again.broken and "cannot be replayed" in again.broken[made[1].game]
    assert again.rooms[made[2].game].session.state.digest() == want[made[2].game]


def test_control_pauses_the_game_and_resumes_it(served: tuple[Server, p.Created]) -> None:
    server, made = served
    room = server.rooms[made.game]
    seat = room.session.state.current_actor()
    assert seat is not None
    me, control = role(server, made, made.tokens[seat]), role(server, made, made.control)
    pause = p.Pause(type="pause", v=V, game=room.id, seq=7, paused=True)
    assert room.handle(me, pause).replies[0].code == "not-yours" and not room.paused
    out = room.handle(control, pause)
    assert isinstance(out.replies[0], p.Ack) and out.moved and room.paused
    assert room.update(me, 1, False, None).paused
    legal = str(room.session.state.legal_actions()[0])
    before = snapshot(room)
    assert room.handle(me, act(room, legal)).replies[0].code == "paused"
    assert snapshot(room) == before
    room.players[seat] = "random"  # a server bot waits too
    assert room.bot_to_move() is None
    room.players[seat] = "human"
    room.handle(control, attrs.evolve(pause, paused=False))
    assert not room.paused and isinstance(room.handle(me, act(room, legal)).replies[0], p.Ack)


def test_pause_and_the_timer_outlive_a_restart(tmp_path: Path) -> None:
    """Control's pause and its phase timer are kept in the store, so a server killed while
    the game is paused comes back paused, with the seconds Control set."""
    server = Server(Store(tmp_path / "games.db"))
    made = create(server, control=True)
    room = server.rooms[made.game]
    seat = room.session.state.current_actor()
    assert seat is not None
    me, control = role(server, made, made.tokens[seat]), role(server, made, made.control)
    timer = p.Timer(type="timer", v=V, game=room.id, seq=3, seconds=90)
    assert room.handle(me, timer).replies[0].code == "not-yours" and room.timer.seconds == 0
    for bad in (-1, 24 * 3600 + 1):
        out = room.handle(control, attrs.evolve(timer, seconds=bad))
        assert out.replies[0].code == "bad-timer" and room.timer.seconds == 0
    assert isinstance(room.handle(control, timer).replies[0], p.Ack) and room.timer.enabled
    up = room.update(me, 1, False, None)
    assert up.timer_seconds == 90 and up.timer is not None and 89 <= up.timer <= 90
    room.handle(control, p.Pause(type="pause", v=V, game=room.id, seq=4, paused=True))
    server.store.close()

    again = Server(Store(tmp_path / "games.db"))
    assert again.load_all() == 1
    back = again.rooms[made.game]
    assert back.paused and back.timer.seconds == 90 and back.timer.paused
    legal = str(back.session.state.legal_actions()[0])
    assert back.handle(me, act(back, legal)).replies[0].code == "paused"
    back.handle(control, p.Pause(type="pause", v=V, game=back.id, seq=5, paused=False))
    back.handle(control, attrs.evolve(timer, seconds=0, seq=6))
    again.store.close()
    third = Server(Store(tmp_path / "games.db"))
    third.load_all()
    assert not third.rooms[made.game].paused and not third.rooms[made.game].timer.enabled
    third.store.close()


def test_the_creation_quota_forgets_addresses_quiet_for_an_hour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    from types import SimpleNamespace

    from game.net import server as server_mod

    monkeypatch.setattr(server_mod, "_ADDRESSES_KEPT", 3)
    server = Server(Store(tmp_path / "games.db"), creates_per_hour=1)

    def conn(address: str) -> Any:
        return SimpleNamespace(ws=SimpleNamespace(remote_address=(address, 1)))

    async def go() -> None:
        for a in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
            assert server._quota(conn(a)) is None
        assert "try again in" in (server._quota(conn("10.0.0.1")) or "")  # one an hour
        for a in server._created:  # an hour later for those three
            server._created[a] = [t - 3601.0 for t in server._created[a]]
        assert server._quota(conn("10.0.0.4")) is None
        assert set(server._created) == {"10.0.0.4"}  # the quiet ones are forgotten

    asyncio.run(go())
    server.store.close()
