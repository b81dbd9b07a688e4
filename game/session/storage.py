"""Saving and loading records: atomic writes, and a clear error for every bad file.

A save is JSON. It is written to a temporary file in the same folder, flushed
to disk, then renamed over the old file, so a crash mid-write leaves the old
save whole. Loading checks the JSON, the format version, the fields and the
ruleset digest, then replays (replay.py) and checks the state digests.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import cattrs

from game.ruleset.diagnostics import Diagnostic, Pos
from game.session.file_schemas import save_problems
from game.session.record import RECORD_FORMAT, Record, from_data, to_data

_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
"""A JSON escape of a surrogate (``\\ud800``): only such a save can hold text that
cannot be written back, so only then is the parsed save encoded string by string
(doing it for every save was 1.4 ms of a 38 ms caucasus-2020 load, issue 17)."""

MAX_SAVE_BYTES = 50_000_000


class SaveError(Exception):
    """A save file that cannot be used; ``diagnostic`` says what, where and how to fix it."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        where = f" ({diagnostic.pos})" if diagnostic.pos else ""
        hint = f"\n  hint: {diagnostic.hint}" if diagnostic.hint else ""
        super().__init__(f"error[{diagnostic.code}]: {diagnostic.message}{where}{hint}")


def dumps(record: Record) -> str:
    return json.dumps(to_data(record), indent=1, ensure_ascii=False) + "\n"


def save(record: Record, path: str | Path) -> Path:
    """Write ``record`` to ``path`` atomically (temp file, fsync, rename)."""
    return write_text_atomic(Path(path), dumps(record))


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a file so that a crash leaves either the old or the new text, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return path


def kept_autosaves(autosave: Path) -> list[Path]:
    """The games :func:`set_aside` kept, newest first (by the stamp in their names)."""
    folder = autosave.parent / "saves"
    if not folder.is_dir():
        return []
    return sorted(folder.glob("autosave-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)


def set_aside(autosave: Path, stamp: str) -> Path | None:
    """Before a new game writes the autosave: keep the game there (it may be unfinished) as
    ``saves/autosave-STAMP.json`` beside it, so starting a new game never loses one in
    progress. Returns where it went, or None when there was nothing to keep."""
    if not autosave.is_file() or autosave.stat().st_size == 0:
        return None
    folder = autosave.parent / "saves"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"autosave-{stamp}.json"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"autosave-{stamp}-{n}.json"
    os.replace(autosave, target)
    return target


def _fail(code: str, msg: str, file: str, hint: str, line: int = 0, col: int = 0) -> SaveError:
    return SaveError(Diagnostic(code, msg, Pos(file, line, col), hint))


def loads(text: str, file: str = "<save>") -> Record:
    """Parse a save's text into a Record; raises :class:`SaveError` naming the problem."""
    try:
        data: Any = json.loads(text)
    except RecursionError:
        raise _fail(
            "E0502",
            "the save nests deeper than any save does",
            file,
            "the file is damaged or not a save; load an earlier save or the autosave",
        ) from None
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) - 1
        raise _fail(
            "E0502",
            f"the save is not valid JSON: {exc.msg}"
            + (" (the file looks truncated)" if truncated else ""),
            file,
            "the file is damaged; load an earlier save or the autosave",
            exc.lineno,
            exc.colno,
        ) from None
    except ValueError as exc:  # e.g. a number of thousands of digits
        raise _fail(
            "E0502", f"the save holds a value no save has: {exc}", file,
            "the file is damaged; load an earlier save or the autosave",
        ) from None  # fmt: skip
    if not isinstance(data, dict) or data.get("app") != "near-abroad":
        raise _fail(
            "E0502",
            "this is not a Near Abroad save file",
            file,
            'choose a file saved by Near Abroad (it starts with "app": "near-abroad")',
        )
    fmt = data.get("format")
    if not isinstance(fmt, int) or fmt > RECORD_FORMAT or fmt < 1:
        raise _fail(
            "E0503",
            f"save format {fmt!r} is not one this version reads (1..{RECORD_FORMAT})",
            file,
            "open it with the version of Near Abroad that wrote it",
        )
    try:  # no text that cannot be saved: a lone surrogate, literal or escaped
        text.encode("utf-8")
        if _ESCAPED_SURROGATE.search(text):  # rare: then the text each escape made
            json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise _fail(
            "E0502", "the save holds text that is not Unicode (a lone surrogate)", file,
            "the file was edited or corrupted; load an earlier save",
        ) from None  # fmt: skip
    problems = save_problems(data)
    if problems:
        one = len(problems) == 1
        raise _fail(
            "E0502",
            "the save's contents are damaged:" + (" " if one else "\n  - ")
            + "\n  - ".join(problems),
            file,
            "the file was edited or corrupted (schema/save.schema.json says what a save "
            "holds); load an earlier save or the autosave",
        )  # fmt: skip
    try:
        return from_data(data)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        detail = (
            "; ".join(cattrs.transform_error(exc))
            if isinstance(exc, cattrs.BaseValidationError)
            else str(exc)
        )
        raise _fail(
            "E0502",
            f"the save's contents are damaged: {detail}",
            file,
            "the file was edited or corrupted; load an earlier save",
        ) from None


def load(path: str | Path) -> Record:
    """Read a save file; raises :class:`SaveError` for a missing, foreign or damaged file."""
    path = Path(path)
    if path.exists() and not path.is_dir() and not path.is_file():
        raise _fail("E0501", "this is not a regular file (a pipe or a device?)", str(path),
                    "give the path of a .json save")  # fmt: skip
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise _fail(
                "E0501",
                f"the file is {size:,} bytes, too large for a save",
                str(path),
                "choose a save written by Near Abroad",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail("E0501", "no such file", str(path), "check the path") from None
    except IsADirectoryError:
        raise _fail(
            "E0501", "this is a folder, not a save file", str(path), "give the path of a .json save"
        ) from None
    except OSError as exc:
        raise _fail(
            "E0501",
            f"cannot read the file: {exc.strerror}",
            str(path),
            "check the file's permissions",
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(
            "E0502", "the save is not UTF-8 text", str(path), "choose a file saved by Near Abroad"
        ) from None
    return loads(text, str(path))
