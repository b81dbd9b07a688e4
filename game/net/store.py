"""The server's memory: every game, its tokens and every accepted step, in SQLite.

SQLite (the standard library's ``sqlite3``) is the whole database: one file, no
server to run, and in WAL mode a committed transaction survives the process
being killed, which is the promise the server makes before it acknowledges an
action. ``synchronous=NORMAL`` keeps that promise across a crash of the process
(only a power cut can lose the last commits) at a fraction of the cost of an
fsync per action. A game is its creation row and its steps: the server rebuilds
each one by replaying them, exactly as ``near-abroad replay`` does with a save.

Tokens are kept only as SHA-256 hashes; the server compares hashes with
:func:`hmac.compare_digest`, so neither the database nor the timing of a
refusal gives a token away.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from game.session.record import Annotation, Step

_SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    meta TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    game TEXT NOT NULL REFERENCES games(id),
    hash TEXT NOT NULL,
    role TEXT NOT NULL,
    seat TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tokens_game ON tokens(game);
CREATE TABLE IF NOT EXISTS steps (
    game TEXT NOT NULL REFERENCES games(id),
    n INTEGER NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (game, n)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    game TEXT NOT NULL REFERENCES games(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_game ON events(game);
CREATE TABLE IF NOT EXISTS heads (
    game TEXT PRIMARY KEY REFERENCES games(id),
    steps INTEGER NOT NULL,
    digest TEXT NOT NULL
);
"""
_HEAD = "INSERT OR REPLACE INTO heads VALUES (?, ?, ?)"
"""How many steps a game has and the engine's digest of its state after them: a restart
replays the steps without checking each again, then compares the digest (and replays
checking every step if it differs)."""


class StoreError(Exception):
    """The database cannot be opened or used; the message says which file and why."""


@attrs.frozen
class Role:
    """What a token grants: a seat, Control, or the public board."""

    game: str
    role: str
    """``seat``, ``control`` or ``observer``."""
    seat: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class Store:
    """One SQLite file holding every game of a server."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=5000")
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as e:
            raise StoreError(
                f"{self.path}: cannot use it as the server's database ({e}); give another "
                "file with --db (a new file is created)"
            ) from None

    def close(self) -> None:
        self.db.close()

    def _tx(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Run ``statements`` in one transaction: all of them are kept, or none."""
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for sql, args in statements:
                cur.execute(sql, args)
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")

    # -- games ------------------------------------------------------------------------------
    def create(
        self,
        game: str,
        created: str,
        meta: dict[str, Any],
        roles: list[tuple[str, Role]],
        steps: tuple[Step, ...] = (),
        digest: str = "",
    ) -> None:
        """A new game with its tokens (plain tokens in, only their hashes kept) and the steps
        chance took before anyone decided (the opening deal)."""
        rows: list[tuple[str, tuple[Any, ...]]] = [
            ("INSERT INTO games VALUES (?, ?, ?)", (game, created, json.dumps(meta)))
        ]
        rows += [
            ("INSERT INTO tokens VALUES (?, ?, ?, ?)", (game, token_hash(t), r.role, r.seat))
            for t, r in roles
        ]
        rows += [
            (
                "INSERT INTO steps VALUES (?, ?, ?, ?, ?, ?, ?)",
                (game, n, s.action, s.actor, s.at, s.reason, s.text),
            )
            for n, s in enumerate(steps)
        ]
        rows.append((_HEAD, (game, len(steps), digest)))
        self._tx(rows)

    def games(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every game's id and creation data, oldest first."""
        for gid, meta in self.db.execute("SELECT id, meta FROM games ORDER BY rowid"):
            yield gid, json.loads(meta)

    def role(self, game: str, token: str) -> Role | None:
        """The role ``token`` grants in ``game``, comparing hashes in constant time."""
        want = token_hash(token)
        found = None
        for h, role, seat in self.db.execute(
            "SELECT hash, role, seat FROM tokens WHERE game = ?", (game,)
        ):
            if hmac.compare_digest(h, want):
                found = Role(game, role, seat)
        return found

    # -- steps ------------------------------------------------------------------------------
    def append(self, game: str, first: int, steps: list[Step], digest: str = "") -> None:
        """Keep ``steps`` as steps ``first``, ``first + 1``... of ``game``, all or none, with
        the digest of the state after them."""
        rows: list[tuple[str, tuple[Any, ...]]] = [
            (
                "INSERT INTO steps VALUES (?, ?, ?, ?, ?, ?, ?)",
                (game, first + i, s.action, s.actor, s.at, s.reason, s.text),
            )
            for i, s in enumerate(steps)
        ]
        rows.append((_HEAD, (game, first + len(steps), digest)))
        self._tx(rows)

    def truncate(
        self, game: str, keep: int, at: str, data: dict[str, Any], digest: str = ""
    ) -> None:
        """An undo: forget the steps after the first ``keep``, and say so in the events."""
        self._tx(
            [
                ("DELETE FROM steps WHERE game = ? AND n >= ?", (game, keep)),
                (
                    "INSERT INTO events (game, at, kind, data) VALUES (?, ?, 'undo', ?)",
                    (game, at, json.dumps(data)),
                ),
                (_HEAD, (game, keep, digest)),
            ]
        )

    def head(self, game: str) -> tuple[int, str] | None:
        """(steps, digest) as last kept, or None for a game without (an older database)."""
        row = self.db.execute("SELECT steps, digest FROM heads WHERE game = ?", (game,)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def steps(self, game: str) -> list[Step]:
        rows = self.db.execute(
            "SELECT action, actor, at, reason, text FROM steps WHERE game = ? ORDER BY n", (game,)
        )
        return [Step(*row) for row in rows]

    # -- events: messages, seat changes, notes ------------------------------------------------
    def event(self, game: str, at: str, kind: str, data: dict[str, Any]) -> None:
        self._tx(
            [
                (
                    "INSERT INTO events (game, at, kind, data) VALUES (?, ?, ?, ?)",
                    (game, at, kind, json.dumps(data)),
                )
            ]
        )

    def events(self, game: str, kind: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
        """(at, kind, data) of a game's events, oldest first; only ``kind`` if given."""
        rows = self.db.execute(
            "SELECT at, kind, data FROM events WHERE game = ? ORDER BY id", (game,)
        )
        return [(at, k, json.loads(d)) for at, k, d in rows if kind is None or k == kind]

    def annotations(self, game: str) -> tuple[Annotation, ...]:
        return tuple(Annotation(**d) for _, _, d in self.events(game, "annotation"))
