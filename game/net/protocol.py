"""The network protocol: the messages a client and the server exchange, checked at the door.

Every message is one JSON object with a protocol version (``v``) and a ``type``. A
client's messages carry its own sequence number (``seq``) and the game's id; an
action also names the decision it answers by the number of steps taken so far
(``step``) and the digest of the state the client saw (``digest``), so a stale
or replayed action is refused instead of being applied to a later position.

Decoding never trusts the peer: size, nesting, types, unknown keys, string
lengths, number ranges and text that cannot be stored (lone surrogates) all
give a :class:`ProtocolError` with a code and a reason, which the server sends
back; no input raises anything else. The classes below are also the source of
the messages' JSON Schemas (:func:`game.net.schemas.protocol_schemas`), written by the same
generator as the wire schemas, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import json
import typing
from typing import Any, Literal

import attrs
import cattrs

PROTOCOL_VERSION = 2
"""Bump when a message changes shape; a client of another version is refused at hello."""
MAX_MESSAGE_BYTES = 64 * 1024
"""The largest message a client may send (the server's websocket refuses larger frames)."""
MAX_SEQ = 2**53
MAX_STEP = 10_000_000
_TEXT = {"action": 200, "text": 2000, "reason": 500, "token": 200, "game": 64, "seat": 64}
"""The longest string each field may hold; any other string field: 200 characters."""
_DEPTH = 8
"""The deepest nesting a client message may have (none needs more than 3)."""


class ProtocolError(Exception):
    """A message the server cannot take: ``code`` for programs, ``reason`` for people."""

    def __init__(self, code: str, reason: str):
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


# -- a client's messages ----------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class Hello:
    """Join a game with a token: the reply is ``welcome`` and a snapshot of the role's view."""

    type: Literal["hello"]
    v: int
    game: str
    token: str
    seq: int = 0
    detail: bool = True
    """True for people (the log, refusals and objectives' status in every view); bots send
    False and get the leaner view a bot gets at the table, with the new log entries."""
    delta: bool = False
    """True: after the first, each update's ``view`` holds only the fields that changed
    since this connection's previous update (``partial``); merge them over the view kept.
    A fifth of the bytes on average, for the server to encode and compress and the network
    to carry. False (the default): every update holds the whole view."""


@attrs.frozen(kw_only=True)
class Act:
    """A seat's decision, or Control's answer when Control is asked (odds, approve...)."""

    type: Literal["act"]
    v: int
    game: str
    seq: int
    step: int
    """How many steps the game had taken in the view this decision answers."""
    digest: str
    """The digest of that view's state (from the last ``update``)."""
    action: str
    """The action's text form, as in the view's ``legal`` list ("target BAK")."""
    text: str = ""
    """A matrix argument's case, in the seat's words."""
    reason: str = ""


@attrs.frozen(kw_only=True)
class Intervene:
    """Control steps in (fire, skip, delay, adjust, influence, forces, vp), with a reason."""

    type: Literal["intervene"]
    v: int
    game: str
    seq: int
    step: int
    digest: str
    action: str
    reason: str


@attrs.frozen(kw_only=True)
class Undo:
    """Control takes back the last decision (refused when dice or a draw came after it)."""

    type: Literal["undo"]
    v: int
    game: str
    seq: int
    step: int
    digest: str


@attrs.frozen(kw_only=True)
class Seat:
    """Control (or the creator's Control token) hands a seat to a bot, or gives it back."""

    type: Literal["seat"]
    v: int
    game: str
    seq: int
    seat: str
    player: str
    """``human``, or a bot: ``random``, ``heuristic``, ``ismcts`` or ``KIND:DOCTRINE``."""


@attrs.frozen(kw_only=True)
class Pause:
    """Control pauses the game (no seat and no server bot moves, the timer stands still) or
    resumes it."""

    type: Literal["pause"]
    v: int
    game: str
    seq: int
    paused: bool


@attrs.frozen(kw_only=True)
class Timer:
    """Control sets the phase timer: seconds per seat's turn (0 switches it off). The
    acting seat's countdown starts afresh, so sending the same seconds again gives a seat
    whose time ran out a new countdown."""

    type: Literal["timer"]
    v: int
    game: str
    seq: int
    seconds: int


@attrs.frozen(kw_only=True)
class Say:
    """A short private message: a team to Control, or Control to one team (``to``)."""

    type: Literal["say"]
    v: int
    game: str
    seq: int
    text: str
    to: str = "control"


@attrs.frozen(kw_only=True)
class Create:
    """Create a game (no token needed): the reply is ``created`` with the tokens."""

    type: Literal["create"]
    v: int
    seq: int
    scenario: str
    """A shipped scenario's id, or a folder on the server."""
    mods: tuple[str, ...] = ()
    seed: int | None = None
    control: bool = False
    seats: dict[str, str] = attrs.field(factory=dict)
    """Seat -> ``human`` or a bot spec; seats not named are people."""


@attrs.frozen(kw_only=True)
class Export:
    """Control asks for the game as a save (the reply is ``exported``)."""

    type: Literal["export"]
    v: int
    game: str
    seq: int


@attrs.frozen(kw_only=True)
class Ping:
    """Are you there? (the reply is ``pong``)."""

    type: Literal["ping"]
    v: int
    seq: int = 0


CLIENT_MESSAGES: dict[str, type] = {
    "hello": Hello,
    "act": Act,
    "intervene": Intervene,
    "undo": Undo,
    "seat": Seat,
    "pause": Pause,
    "timer": Timer,
    "say": Say,
    "create": Create,
    "export": Export,
    "ping": Ping,
}
ClientMessage = Hello | Act | Intervene | Undo | Seat | Pause | Timer | Say | Create | Export | Ping

# -- the server's messages ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Welcome:
    """The token was good: who this connection is. An ``update`` with a snapshot follows."""

    type: Literal["welcome"]
    v: int
    game: str
    role: Literal["seat", "control", "observer"]
    seat: str
    """The seat played (``control`` or ``observer`` for those roles)."""
    scenario: str
    ruleset_digest: str
    mods: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Update:
    """The game moved on (or a snapshot, with ``reset``): the role's view and new log lines."""

    type: Literal["update"]
    v: int
    game: str
    seq: int
    """The number of updates this connection has received (1 for the first)."""
    step: int
    digest: str
    reset: bool
    """True: ``log`` is the whole log this role sees (a snapshot); False: only new lines."""
    view: Any
    """The role's View in the wire format (schema/wire/view.schema.json), without its log."""
    log: tuple[Any, ...]
    """Log events (schema/wire/log-event.schema.json) this role may read."""
    stack: Any
    """The decision stack by reference to the rules (for bots that rebuild a state)."""
    players: dict[str, str]
    """Who plays each seat now: ``human``, or the bot the server runs for it."""
    online: tuple[str, ...]
    """The seats with a connection now."""
    timer: float | None
    """Seconds left for the acting seat (None without a phase timer)."""
    timer_seconds: int
    """The phase timer's seconds per seat's turn (0: no timer), as Control last set it."""
    paused: bool
    """Control has paused the game: only Control acts until it resumes."""
    partial: bool = False
    """True: ``view`` holds only the fields that changed since this connection's previous
    update (it said ``delta: true`` in hello): set each one over the view kept. False: the
    whole view (always the first update after hello, and every snapshot)."""


@attrs.frozen(kw_only=True)
class Ack:
    """The message ``ref`` was accepted and saved; ``step`` and ``digest`` are now."""

    type: Literal["ack"]
    v: int
    game: str
    ref: int
    step: int
    digest: str


@attrs.frozen(kw_only=True)
class Refused:
    """The message ``ref`` was refused and changed nothing; ``reason`` says why. The type is
    ``error`` for a message that could not be read or named no game."""

    type: Literal["refused", "error"]
    v: int
    game: str
    ref: int
    code: str
    reason: str


@attrs.frozen(kw_only=True)
class Created:
    """A new game: give each team its seat's token, keep the Control token."""

    type: Literal["created"]
    v: int
    game: str
    ref: int
    seed: int
    tokens: dict[str, str]
    """Seat -> join token, for every seat (a seat a bot plays can be handed back to a person
    by Control, who then joins with it)."""
    control: str
    observer: str


@attrs.frozen(kw_only=True)
class Message:
    """A private message passed on by the server."""

    type: Literal["message"]
    v: int
    game: str
    sender: str
    to: str
    text: str
    at: str


@attrs.frozen(kw_only=True)
class Exported:
    """The game as a save (the same JSON as ``near-abroad play --save`` writes)."""

    type: Literal["exported"]
    v: int
    game: str
    ref: int
    save: Any
    journal: tuple[Any, ...]
    """The session log's lines (JSON objects), for ``near-abroad report``."""


@attrs.frozen(kw_only=True)
class Pong:
    type: Literal["pong"]
    v: int
    ref: int


SERVER_MESSAGES: dict[str, type] = {
    c.__name__.lower(): c for c in (Welcome, Update, Ack, Refused, Created, Message, Exported, Pong)
}
SERVER_MESSAGES["error"] = Refused  # the same shape, for messages that name no game


# -- decoding ---------------------------------------------------------------------------------
_CONVERTER = cattrs.Converter(forbid_extra_keys=True)


def _depth(value: Any, limit: int) -> None:
    stack = [(value, 1)]
    while stack:
        item, d = stack.pop()
        if d > limit:
            raise ProtocolError("too-deep", f"the message nests deeper than {limit} levels")
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)


def _check_values(msg: Any) -> None:
    for a in attrs.fields(type(msg)):
        value = getattr(msg, a.name)
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, tuple):
            texts = [v for v in value if isinstance(v, str)]
        if isinstance(value, dict):
            texts = [str(k) for k in value] + [v for v in value.values() if isinstance(v, str)]
        limit = _TEXT.get(a.name, 200)
        for t in texts:
            if len(t) > limit:
                raise ProtocolError("too-long", f"'{a.name}' is longer than {limit} characters")
            try:
                t.encode("utf-8")
            except UnicodeEncodeError:
                raise ProtocolError(
                    "bad-text", f"'{a.name}' holds text that is not Unicode"
                ) from None
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            top = MAX_STEP if a.name == "step" else MAX_SEQ
            if not 0 <= value <= top:
                raise ProtocolError("out-of-range", f"'{a.name}' must be from 0 to {top}")
    if isinstance(msg, (Create,)) and len(msg.seats) > 32:
        raise ProtocolError("too-long", "'seats' names more than 32 seats")


def decode(raw: str | bytes) -> ClientMessage:
    """A client's message, checked; raises :class:`ProtocolError` (and nothing else)."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_MESSAGE_BYTES:
            raise ProtocolError("too-big", f"messages are at most {MAX_MESSAGE_BYTES} bytes")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("not-json", "the message is not UTF-8 text") from None
    if len(raw) > MAX_MESSAGE_BYTES:
        raise ProtocolError("too-big", f"messages are at most {MAX_MESSAGE_BYTES} bytes")
    try:
        data = json.loads(raw)
    except RecursionError:
        raise ProtocolError("too-deep", "the message nests too deeply") from None
    except ValueError as e:
        raise ProtocolError("not-json", f"the message is not JSON ({e})") from None
    _depth(data, _DEPTH)
    if not isinstance(data, dict):
        raise ProtocolError("not-an-object", "a message is a JSON object with a 'type'")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in CLIENT_MESSAGES:
        known = ", ".join(CLIENT_MESSAGES)
        raise ProtocolError("unknown-type", f"unknown message type {kind!r}; known: {known}")
    v = data.get("v")
    if v != PROTOCOL_VERSION:
        newer = type(v) is int and v > PROTOCOL_VERSION  # the client is the newer one
        fix = "update the server (or use a client of its version)" if newer else "update the client"
        raise ProtocolError(
            "version",
            f"this server speaks protocol version {PROTOCOL_VERSION}, not {v!r}: {fix}",
        )
    cls = CLIENT_MESSAGES[kind]
    try:
        _strict_types(data, cls)
        msg: ClientMessage = _CONVERTER.structure(data, cls)
    except ProtocolError:
        raise
    except Exception as e:  # cattrs' class-validation errors and their causes
        raise ProtocolError("bad-fields", f"{kind}: {_fields_error(e)}") from None
    _check_values(msg)
    return msg


def type_name(tp: Any) -> str:
    """A field's type as written ('int', 'tuple[str, ...]'), whether attrs still holds the
    annotation's text or cattrs has resolved it to the type itself."""
    if isinstance(tp, str):
        return tp
    return tp.__name__ if isinstance(tp, type) and not typing.get_args(tp) else str(tp)


def _strict_types(data: dict[str, Any], cls: type) -> None:
    """cattrs turns "3" into 3 and 1.5 into 1; a peer's message gets no such favours."""
    hints = attrs.fields_dict(cls)
    for name, value in data.items():
        if name not in hints:
            continue  # cattrs names the unknown key
        tp = type_name(hints[name].type)
        if tp == "int" and (not isinstance(value, int) or isinstance(value, bool)):
            raise ProtocolError("bad-fields", f"'{name}' must be a whole number")
        if (
            tp == "int | None"
            and value is not None
            and (not isinstance(value, int) or isinstance(value, bool))
        ):
            raise ProtocolError("bad-fields", f"'{name}' must be a whole number or null")
        if tp == "str" and not isinstance(value, str):
            raise ProtocolError("bad-fields", f"'{name}' must be a string")
        if tp == "bool" and not isinstance(value, bool):
            raise ProtocolError("bad-fields", f"'{name}' must be true or false")
        if tp.startswith("tuple[str") and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise ProtocolError("bad-fields", f"'{name}' must be a list of strings")
        if tp.startswith("dict[str, str]") and not (
            isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        ):
            raise ProtocolError("bad-fields", f"'{name}' must map names to strings")


def _fields_error(e: BaseException) -> str:
    msgs = cattrs.transform_error(e) if isinstance(e, cattrs.BaseValidationError) else [str(e)]
    return "; ".join(msgs)[:300]


_NAMES: dict[type, tuple[str, ...]] = {}


def encode(msg: Any, **changes: Any) -> str:
    """A server message (one of the classes above) as its JSON text, with ``changes`` set
    over its fields (a broadcast sends one update to many connections, each with its own
    sequence number: cheaper than a copy of the message each). Every field already holds
    JSON data (views come converted by game.net.wire), so the fields are written as they
    are: no second walk through a view of thousands of values."""
    cls = type(msg)
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(a.name for a in attrs.fields(cls))
    data = {name: getattr(msg, name) for name in names}
    if changes:
        unknown = changes.keys() - data.keys()
        if unknown:  # a misspelt field would go out as an extra one, the real one unchanged
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        data.update(changes)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
