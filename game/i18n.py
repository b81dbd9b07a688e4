"""The player's language: the program's own words, and a scenario's, in it.

Two kinds of words are translated, both with gettext PO catalogues:

- the program's (the start screen, the menus): ``assets/locale/<language>.po``,
  looked up with ``_("Start the game")`` through the standard library's gettext
  (Babel compiles the PO file in memory, so no build step makes ``.mo`` files);
- a scenario's and its mods' (titles, card texts, names): their own
  ``locale/<language>.po``, applied by :func:`in_language` to a loaded ruleset.

The language is the user's setting (game.session.settings), else the system's
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English; a text with no
translation shows in English. Words never change play, so seats in different
languages play one game (the rules' digest does not include catalogues).

The language is process-wide, as gettext's is: a front end sets it once at start
(and again when the player picks another), before it builds its screens.
"""

from __future__ import annotations

import io
import sys
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from game.shipped import shipped

ENGLISH = "en"
UI_CATALOGUES = shipped("assets", "locale")
"""The program's catalogues, one PO file per language."""

_state: dict[str, Any] = {"language": ENGLISH, "translations": NullTranslations()}


def _(text: str) -> str:
    """``text`` (English, as written in the code) in the player's language."""
    out: str = _state["translations"].gettext(text)
    return out


def N_(text: str) -> str:
    """Marks a text to translate where it is defined (a table of labels), returned as it
    is; it is translated with ``_`` where it is shown (``_(label)``)."""
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` (Russian has three), in the player's language."""
    out: str = _state["translations"].ngettext(singular, plural, n)
    return out


def language() -> str:
    """The language the program's words are in now ('en' when nothing is translated)."""
    return str(_state["language"])


def system_language() -> str:
    """The language the system asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), or English."""
    from babel.core import default_locale

    code = default_locale(("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"))
    if not code or code.split("_")[0] in ("C", "POSIX", "en"):
        return ENGLISH
    return code


def chosen_language() -> str:
    """The user's setting, or the system's language when there is none."""
    from game.session.settings import load_settings

    settings, _problem = load_settings()
    return settings.language or system_language()


def ui_languages() -> list[str]:
    """English and each language the program's words are translated into."""
    found = sorted(p.stem for p in Path(UI_CATALOGUES).glob("*.po"))
    return [ENGLISH, *(c for c in found if c != ENGLISH)]


def language_name(code: str) -> str:
    """A language's name in itself ('русский' for 'ru'), for a menu of languages."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code)
    except (UnknownLocaleError, ValueError):
        return code
    return (name[:1].upper() + name[1:]) if name else code


def set_language(code: str) -> str:
    """Use ``code`` for the program's words from now on; returns a problem to tell the user
    ('' when fine). A language the program has no catalogue for keeps English words (a
    scenario may still be translated into it)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    from game.ruleset.texts import best_language

    _state.update(language=code or ENGLISH, translations=NullTranslations())
    offered = {p.stem: p for p in Path(UI_CATALOGUES).glob("*.po")}
    best = best_language(code, offered) if code else ""
    if not best or best == ENGLISH:
        return ""
    try:
        catalogue = read_po(io.BytesIO(offered[best].read_bytes()), locale=best)
        compiled = io.BytesIO()
        write_mo(compiled, catalogue)
        compiled.seek(0)
        _state["translations"] = Translations(fp=compiled)
    except Exception as exc:  # a damaged catalogue must not stop the game: English words
        return f"the {best} words of the program could not be read ({exc}); showing English"
    return ""


def use_chosen_language() -> None:
    """At start: the user's (or the system's) language for the program's words."""
    problem = set_language(chosen_language())
    if problem:
        print(f"near-abroad: {problem}", file=sys.stderr)


def in_language(ruleset: Any) -> Any:
    """The ruleset with its words in the current language where its catalogues give them."""
    from game.ruleset.texts import localised

    return localised(ruleset, language())


__all__ = [
    "ENGLISH",
    "N_",
    "_",
    "chosen_language",
    "in_language",
    "language",
    "language_name",
    "ngettext",
    "set_language",
    "system_language",
    "ui_languages",
    "use_chosen_language",
]
