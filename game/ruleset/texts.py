"""The words of a ruleset a player reads, and the same ruleset in another language.

A scenario is written in English; its titles, card texts, labels and notes (the
model's fields marked ``words``) may be given in other languages in gettext
message catalogues beside the rules (``locale/ru.po``; read by
game.ruleset.catalogues). The gettext way is followed: the English text is the
message id, so a translation whose English changed no longer applies (it is
reported unused, and the English shows) instead of saying something the rules no
longer say.

Words never change play: :func:`localised` returns a copy of the ruleset with its
words replaced and everything else (digest included) the same object, and that copy
names its original, which the engine plays on (game.engine.index_for): the words the
engine itself puts in a position (an option's prompt is its card's title, a sudden
end's reason its condition's title) stay the rules' own, so a game played, saved or
joined over the network in Russian is the same game, digest for digest, as in English.
The shells show the copy's words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Set
from pathlib import Path
from typing import Any, cast

import attrs

from game.ruleset.diagnostics import Diagnostic, Pos

ENGLISH = "en"
"""The language rules are written in, and the fallback for every missing translation."""

LOCALE_DIR = "locale"
"""The folder of a scenario or mod that holds its catalogues (game.ruleset.catalogues)."""


@attrs.frozen
class Catalogue:
    """One language's translations of a ruleset's words, merged over its layers."""

    language: str
    """A language code as gettext and CLDR write it: 'ru', 'pt_BR'."""
    messages: Mapping[str, str]
    """English text -> its translation (untranslated and fuzzy entries are left out)."""
    positions: Mapping[str, Pos] = attrs.field(factory=dict, eq=False)
    """Where each message id stands in its catalogue file (for 'unused' warnings)."""
    files: tuple[str, ...] = ()
    """The catalogue files merged, scenario first, then each mod in load order."""


def _is_rule_class(value: object) -> bool:
    module = type(value).__module__
    return attrs.has(type(value)) and module in ("game.ruleset.model", "game.ruleset.effects")


def words_of(value: object, key: str) -> Iterator[tuple[str, str]]:
    """Every text a player reads in ``value`` (a definition, an effect, a list of them),
    as ``(where, text)``; ``where`` names it like the rule positions do ('cards.x.title')."""
    if _is_rule_class(value):
        for f in attrs.fields(cast(Any, type(value))):
            item = getattr(value, f.name)
            if f.metadata.get("words"):
                if isinstance(item, str) and item.strip():
                    yield f"{key}.{f.name}", item
            else:
                yield from words_of(item, f"{key}.{f.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from words_of(item, f"{key}.{i}")
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from words_of(item, f"{key}.{name}")


def ruleset_words(ruleset: Any) -> dict[str, list[str]]:
    """Every distinct text of a ruleset -> where it is used (manifest first, then each
    collection in the model's order), the set a catalogue of it should translate."""
    from game.ruleset.model import COLLECTIONS

    found: dict[str, list[str]] = {}
    sources = [("scenario", ruleset.manifest)] + [
        (coll, getattr(ruleset, coll)) for coll in COLLECTIONS
    ]
    for key, value in sources:
        for where, text in words_of(value, key):
            found.setdefault(text, []).append(where)
    return found


def _translate(value: Any, tr: Callable[[str], str]) -> Any:
    if _is_rule_class(value):
        changes = {}
        for f in attrs.fields(type(value)):
            item = getattr(value, f.name)
            if f.metadata.get("words"):
                new = tr(item) if isinstance(item, str) and item else item
            else:
                new = _translate(item, tr)
            if new is not item:
                changes[f.name] = new
        return attrs.evolve(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = [_translate(v, tr) for v in value]
        return tuple(items) if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        pairs = {k: _translate(v, tr) for k, v in value.items()}
        return pairs if any(pairs[k] is not value[k] for k in value) else value
    return value


def localised(ruleset: Any, language: str) -> Any:
    """The ruleset with its words in ``language`` where its catalogues give them, English
    elsewhere; the ruleset itself when there is nothing to translate. Play is unchanged:
    only fields marked ``words`` differ, and the digest is the same."""
    from game.ruleset.model import COLLECTIONS

    catalogue = ruleset.catalogues.get(best_language(language, ruleset.catalogues))
    if catalogue is None or not catalogue.messages:
        return ruleset.original or ruleset
    messages = catalogue.messages

    def tr(text: str) -> str:
        return messages.get(text) or text

    base = ruleset.original or ruleset
    changes = {coll: _translate(getattr(base, coll), tr) for coll in COLLECTIONS}
    changes["manifest"] = _translate(base.manifest, tr)
    return attrs.evolve(base, **changes, original=base, translation=dict(messages))


def shown(ruleset: Any, text: str) -> str:
    """``text``, words of the rules the engine put in a position (a turn's name, a sudden
    end's reason, an option's words: the engine plays on the original's words), in the
    words of ``ruleset`` when it is a translation."""
    got: str = ruleset.translation.get(text) or text
    return got


def best_language(wanted: str, offered: Mapping[str, object] | Any) -> str:
    """The offered language that serves ``wanted`` best: itself, else its base language
    ('pt' for 'pt_BR'), else English; '' when none of them is offered."""
    code = wanted.replace("-", "_")
    for candidate in (code, code.split("_")[0]):
        if candidate in offered:
            return str(candidate)
    return ENGLISH if ENGLISH in offered else ""


def unused_messages(
    ruleset: Any, files: Set[str] | None = None, installed: Mapping[str, Path] | None = None
) -> list[Diagnostic]:
    """W0703 for each translation of a text the ruleset does not have: its English was
    changed or removed (the translation no longer applies), or it was misspelt. ``files``:
    only the entries of these catalogue files (None: all); ``installed``: see
    translate_command."""
    words = ruleset_words(ruleset)
    out: list[Diagnostic] = []
    mods = mod_layers(ruleset)

    def owner(pos: Pos) -> str:  # the catalogue's layer: its folder holds locale/
        return str(Path(pos.file).parent.parent)

    for catalogue in ruleset.catalogues.values():
        for msgid, pos in catalogue.positions.items():
            if msgid in words or (files is not None and pos.file not in files):
                continue
            out.append(
                Diagnostic(
                    "W0703",
                    f"the {catalogue.language} catalogue translates a text the rules do not "
                    f"have: {_short(msgid)!r}",
                    pos,
                    "the English text was changed or removed; update the catalogue with: "
                    + translate_command(ruleset, catalogue.language, owner(pos), mods, installed)
                    + " (it keeps this as an obsolete entry)",
                )
            )
    return out


def missing_messages(
    ruleset: Any, language: str, installed: Mapping[str, Path] | None = None
) -> list[Diagnostic]:
    """W0702 for each text the ``language`` catalogue does not translate (shown in English),
    at the text's place in the rules; asked for by ``validate --language``. ``installed``:
    see translate_command."""
    code = best_language(language, ruleset.catalogues)
    if code in ("", ENGLISH):
        code = language  # none yet: the file to write is named for the language asked
    catalogue = ruleset.catalogues.get(code)
    language = code
    have = catalogue.messages if catalogue is not None else {}
    out = []
    mods = mod_layers(ruleset)
    for text, places in ruleset_words(ruleset).items():
        if text in have:
            continue
        where = places[0]
        pos = position_of(ruleset, where)
        folder = str(Path(pos.file).parent) if pos is not None else ""
        home = folder if _mod_at(mods, folder) else (ruleset.root or ".")
        out.append(
            Diagnostic(
                "W0702",
                f"no {language} translation of {where} ({_short(text)!r})"
                + (f" nor of its {len(places) - 1} other use(s)" if len(places) > 1 else ""),
                pos,
                f"add it to {Path(home, LOCALE_DIR, language + '.po')}, or write the catalogue "
                "with: "
                f"{translate_command(ruleset, language, folder, mods, installed)}",
            )
        )
    return out


def mod_layers(ruleset: Any) -> list[tuple[str, str]]:
    """The mods of a ruleset in load order, each as (id, folder): the folder is read off
    where the mod's definitions are written (a mod's rules files lie in its folder), ''
    for a mod that defines nothing (a catalogue only)."""
    ids = [layer.split(" ")[0] for layer in ruleset.layers]
    folders: dict[str, str] = {}
    for steps in ruleset.history.values():
        for layer, _, pos in steps:
            if layer in ids and layer not in folders and pos.file:
                folders[layer] = str(Path(pos.file).parent)
    return [(ident, folders.get(ident, "")) for ident in ids]


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def _mod_at(mods: list[tuple[str, str]], folder: str) -> int:
    """How many mods load up to and including the one whose folder is ``folder`` (0: the
    folder is no mod's, so the scenario's)."""
    if not folder:
        return 0
    for n, (_, root) in enumerate(mods, start=1):
        if root and _same(root, folder):
            return n
    return 0


def translate_command(
    ruleset: Any,
    language: str,
    folder: str,
    mods: list[tuple[str, str]] | None = None,
    installed: Mapping[str, Path] | None = None,
) -> str:
    """The ``near-abroad translate`` line that writes the catalogue of the layer whose
    folder is ``folder``: the scenario's, or a mod's (``--mod`` for it and, before it, each
    mod loaded under it, since translate writes the last mod's own words into its
    locale/). A mod is named by its id where ``--mod ID`` finds that very folder, by its
    folder otherwise. ``installed``: the mods ``--mod ID`` finds by id (the shell's
    ``game.session.library.mod_folders()``; the rules do not know where mods are
    installed), None for none but folders of that name in the working folder."""
    mods = mod_layers(ruleset) if mods is None else mods
    line = f"near-abroad translate {ruleset.root or 'SCENARIO'} --language {language}"
    upto = _mod_at(mods, folder)
    if folder and not upto and not _same(folder, ruleset.root or "."):
        return f"{line} --mod {folder}"  # a mod with a catalogue and no rules of its own
    return line + "".join(
        f" --mod {_mod_name(ident, root, installed or {})}" for ident, root in mods[:upto]
    )


def _mod_name(ident: str, folder: str, installed: Mapping[str, Path]) -> str:
    """``ident`` when ``--mod ident`` would load ``folder`` (a folder of that name in the
    working folder, else an installed or shipped mod with that id), else the folder."""
    if Path(ident).is_dir():
        return ident if _same(ident, folder) else folder
    found = installed.get(ident)
    return ident if found is not None and _same(found, folder) else folder


def position_of(ruleset: Any, where: str) -> Pos | None:
    """Where a text stands: its own position when the loader kept one, else its entry's
    (the manifest's texts: its file)."""
    if where.startswith("scenario."):
        root = ruleset.root.rstrip("/")
        return Pos(f"{root}/scenario.yaml" if root else "scenario.yaml")
    parts = where.split(".")
    for n in range(len(parts), 1, -1):
        pos: Pos | None = ruleset.positions.get(".".join(parts[:n]))
        if pos is not None:
            return pos
    return None


def _short(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


__all__ = [
    "ENGLISH",
    "LOCALE_DIR",
    "Catalogue",
    "best_language",
    "localised",
    "missing_messages",
    "mod_layers",
    "position_of",
    "ruleset_words",
    "shown",
    "translate_command",
    "unused_messages",
    "words_of",
]
