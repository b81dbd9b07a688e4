"""Reading the message catalogues of a scenario and its mods: ``locale/<language>.po``.

Catalogues are gettext PO files, the format every translation tool (Poedit,
Weblate, Crowdin, Lokalize) reads and writes, parsed with Babel, the catalogue
library Sphinx and Flask use. Each layer (the scenario, then each mod in load
order) may bring a catalogue per language; a later layer's translation of a text
wins, so a mod can translate its own cards and correct the scenario's words.

Babel reads leniently (a line it cannot read can be dropped without a word), so a
line-by-line check runs first and reports such lines with their place, like the
YAML loader does. Catalogues are never part of the rules' digest: a translation
added or changed leaves every save and network game as it was.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import PoFileError, read_po

from game.ruleset.diagnostics import Diagnostic, Pos
from game.ruleset.limits import MAX_FILE_BYTES, read_bounded
from game.ruleset.texts import LOCALE_DIR, Catalogue

_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2}|_\d{3})?$")
_LINE = re.compile(
    r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$'
)


def language_of(path: Path) -> tuple[str, Diagnostic | None]:
    """The language a catalogue file is for (its name: ``ru.po``), or why it is not one."""
    code = path.stem
    problem = None
    if not _CODE.fullmatch(code):
        problem = f"'{path.name}' is not named for a language"
    else:
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            problem = f"'{code}' is not a language code CLDR knows"
    if problem is None:
        return code, None
    return code, Diagnostic(
        "E0701",
        problem,
        Pos(str(path)),
        "name a catalogue for its language's code: ru.po, de.po, pt_BR.po",
    )


def _syntax(text: str, name: str) -> list[Diagnostic]:
    """Lines Babel would skip or misread (an unclosed quote, a word that is no keyword), and
    a text given twice (Babel keeps one of the two without a word)."""
    out = []
    seen: dict[tuple[str, str], int] = {}
    key: list[str] = ["", ""]  # the msgctxt and msgid being read (their quoted parts)
    reading, started = "", 0
    lines = [*text.splitlines(), ""]
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#~") or (stripped.startswith("#") and not reading):
            continue
        if stripped and not stripped.startswith("#") and not _LINE.match(stripped):
            out.append(
                Diagnostic(
                    "E0701",
                    "this line of the catalogue cannot be read",
                    Pos(name, number, 1),
                    'each line is a keyword and a quoted text (msgid "...", msgstr "..."), '
                    'a quoted text continuing the one above ("..."), or a # comment; '
                    'a " inside a text is written \\"',
                )
            )
            continue
        word = stripped.split(" ", 1)[0] if stripped[:1] not in ('"', "") else ""
        if word in ("msgctxt", "msgid"):
            if word == "msgctxt" or reading != "msgctxt":
                key = ["", ""]
            reading, started = word, number
        elif word:
            if reading == "msgid" and key[1]:
                if tuple(key) in seen:
                    out.append(
                        Diagnostic(
                            "E0701",
                            "this text is translated twice in the catalogue",
                            Pos(name, started, 1),
                            f"keep one of the two entries (the other is at line "
                            f"{seen[(key[0], key[1])]})",
                        )
                    )
                seen.setdefault((key[0], key[1]), started)
            reading = word
        if reading in ("msgctxt", "msgid") and '"' in stripped:  # the text inside the quotes
            key[0 if reading == "msgctxt" else 1] += stripped[stripped.index('"') + 1 : -1]
    return out


def read_catalogue(text: str, name: str, language: str) -> tuple[Catalogue, list[Diagnostic]]:
    """One PO file's translations (untranslated and fuzzy entries left out, as gettext does)."""
    diags = _syntax(text, name)
    messages: dict[str, str] = {}
    positions: dict[str, Pos] = {}
    if diags:
        return Catalogue(language, messages, positions, (name,)), diags
    try:
        read = read_po(io.BytesIO(text.encode("utf-8")), abort_invalid=True)
    except (PoFileError, ValueError, LookupError) as exc:  # LookupError: an unknown charset
        line = getattr(exc, "lineno", 0) or 0
        return Catalogue(language, messages, positions, (name,)), [
            Diagnostic(
                "E0701",
                f"the catalogue cannot be read: {exc}",
                Pos(name, line + 1 if line else 0, 1 if line else 0),
                "check it with msgfmt --check, or open and save it in a PO editor",
            )
        ]
    charset = (read.charset or "utf-8").lower().replace("_", "-")
    if charset not in ("utf-8", "utf8"):  # the file was read as UTF-8: say so, or it garbles
        return Catalogue(language, messages, positions, (name,)), [
            Diagnostic(
                "E0701",
                f"the catalogue says its charset is {read.charset}; catalogues are UTF-8",
                Pos(name, 1, 1),
                'save it as UTF-8 and write "Content-Type: text/plain; charset=UTF-8\\n" '
                "in its header",
            )
        ]
    for message in read:
        if not message.id or not isinstance(message.id, str):
            continue  # the header, and plural entries (rule texts have no plurals)
        positions[message.id] = Pos(name, message.lineno or 0, 1 if message.lineno else 0)
        if isinstance(message.string, str) and message.string and not message.fuzzy:
            messages[message.id] = message.string
    return Catalogue(language, messages, positions, (name,)), diags


def read_catalogues(
    roots: Sequence[str],
) -> tuple[dict[str, Catalogue], dict[str, str], list[Diagnostic]]:
    """Every layer's catalogues merged per language (later layers win), the files' texts (to
    show diagnostics with their lines), and the problems found."""
    merged: dict[str, Catalogue] = {}
    texts: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for root in roots:
        if not root:
            continue
        folder = Path(root) / LOCALE_DIR
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.po")):
            language, problem = language_of(path)
            if problem is not None:
                diags.append(problem)
                continue
            text, problem = _read_text(path)
            if problem is not None:
                diags.append(problem)
                continue
            texts[str(path)] = text
            catalogue, found = read_catalogue(text, str(path), language)
            diags += found
            before = merged.get(language)
            if before is not None:
                catalogue = Catalogue(
                    language,
                    {**before.messages, **catalogue.messages},
                    {**before.positions, **catalogue.positions},
                    before.files + catalogue.files,
                )
            merged[language] = catalogue
    return merged, texts, diags


def _read_text(path: Path) -> tuple[str, Diagnostic | None]:
    """A catalogue's text, within the size limit every rules file has."""
    try:
        if not path.is_file():
            raise OSError(0, "not a regular file")
        data = read_bounded(path)
        if data is None:
            return "", Diagnostic(
                "E0104",
                f"catalogue is over the limit of {MAX_FILE_BYTES:,} bytes",
                Pos(str(path)),
                "split the translation between the scenario and its mods",
            )
        return data.decode("utf-8-sig"), None  # a byte-order mark (Notepad) is no error
    except UnicodeDecodeError as exc:
        why = f"is not UTF-8 text ({exc.reason})"
        fix = "save it as UTF-8 (and say charset=UTF-8 in its header)"
    except OSError as exc:
        why = f"cannot be read: {exc.strerror}"
        fix = "check the file's permissions"
    return "", Diagnostic("E0701", f"the catalogue {why}", Pos(str(path)), fix)


__all__ = ["LOCALE_DIR", "language_of", "read_catalogue", "read_catalogues"]
