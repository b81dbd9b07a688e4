"""The command line and languages: ``near-abroad translate``, which writes or updates a
scenario's or mod's message catalogue, and ``play --language``.

What ``xgettext`` and ``msgmerge`` do for a program, for the words of a ruleset: every
text a player reads becomes an entry (with where it is used), translations already
made are kept, a translation whose English changed is kept but marked fuzzy (shown
in English until a translator checks it), and one whose English is gone is kept as
an obsolete entry. Babel does the merging, the same code ``pybabel update`` runs.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from game.cli_rules import UsageError, check_writable, load_rules, resolve_mods
from game.session.library import DEFAULT_SCENARIO


def _template(ruleset: Any, only: set[str] | None, project: tuple[str, str]) -> Any:
    """A Babel catalogue of the ruleset's words (all, or those in ``only``), each with the
    rules file and line it is written at, and where it is used as a comment; ``project``:
    the name and version its header gives (Project-Id-Version)."""
    from babel.messages.catalog import Catalog

    from game.ruleset.texts import position_of, ruleset_words

    template = Catalog(project=project[0], version=project[1])
    for text, places in ruleset_words(ruleset).items():
        if only is not None and text not in only:
            continue
        pos = position_of(ruleset, places[0])
        template.add(
            text,
            locations=[(pos.file, pos.line)] if pos is not None and pos.line else [],
            auto_comments=places[:5] + ([f"and {len(places) - 5} more"] if len(places) > 5 else []),
        )
    return template


def _existing(out: Path, language: str, scenario: str) -> Any:
    """The catalogue already at ``out`` (its translations are kept), or a new, empty one."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if out.is_file():
        try:
            return read_po(io.BytesIO(out.read_bytes()), locale=language)
        except Exception as exc:  # a hand-broken catalogue is not overwritten
            raise UsageError(
                f"{out} cannot be read ({exc}); mend it first (near-abroad validate "
                f"{scenario} shows where), nothing was written"
            ) from None
    try:
        return Catalog(locale=Locale.parse(language))
    except (UnknownLocaleError, ValueError):
        raise UsageError(f"--language {language}: not a language CLDR knows") from None


def _mod_info(folder: Path) -> Any:
    """The manifest of the mod whose catalogue is written (its id and version head it)."""
    from game.ruleset.mods import read_mod

    mod, _ = read_mod(folder)
    return mod.info if mod is not None else None


def translate(args: argparse.Namespace) -> int:
    from babel.messages.pofile import write_po

    from game.ruleset.catalogues import LOCALE_DIR, language_of
    from game.ruleset.texts import ruleset_words

    mods = resolve_mods(args.mod)
    language, problem = language_of(Path(f"{args.language}.po"))
    if problem is not None:
        raise UsageError(f"--language {args.language}: {problem.message}; {problem.hint}")
    ruleset = load_rules(args.scenario, args.mod)
    home = Path(mods[-1]) if mods else Path(args.scenario)
    out = Path(args.out) if args.out else home / LOCALE_DIR / f"{language}.po"
    check_writable(out, "--out", folder=False)
    catalogue = _existing(out, language, args.scenario)
    only = None
    project = (ruleset.manifest.title, ruleset.manifest.version)
    if mods:  # a mod's catalogue holds the mod's own words, not the scenario's again ...
        below = load_rules(args.scenario, args.mod[:-1])
        words = set(ruleset_words(ruleset))
        only = words - set(ruleset_words(below))
        # ... and the scenario's it already translates its own way (those stay current)
        only |= {m.id for m in catalogue if isinstance(m.id, str) and m.id in words and m.string}
        info = _mod_info(home)
        project = (info.id, str(info.version)) if info is not None else project
    template = _template(ruleset, only, project)
    catalogue.project = template.project
    catalogue.version = template.version
    catalogue.update(template, update_header_comment=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}-")
    with os.fdopen(fd, "wb") as fh:
        write_po(fh, catalogue, width=0, include_previous=True)
    os.replace(tmp, out)
    entries = [m for m in catalogue if m.id]
    done = sum(1 for m in entries if m.string and not m.fuzzy)
    fuzzy = sum(1 for m in entries if m.fuzzy)
    print(
        f"wrote {out}: {len(entries)} texts, {done} translated, {fuzzy} to check (fuzzy: "
        f"their English changed), {len(catalogue.obsolete)} obsolete"
    )
    return 0


def language_arg(text: str) -> str:
    """An argparse type: a language code as the settings keep it ('' for the system's)."""
    from game.session.settings import LANGUAGE

    if not LANGUAGE.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"'{text[:20]}' is not a language code such as ru, de or pt_BR ('' for the system's)"
        )
    return text


def keep_language(code: str) -> None:
    """``play --language``: kept in the settings for later launches, as the start screen's
    menu keeps it ('' follows the system's language again)."""
    import sys

    from game.session.settings import keep_settings

    try:
        keep_settings(language=code)
    except OSError as exc:
        print(f"near-abroad: the language is not kept for later launches: {exc}", file=sys.stderr)
        if code:
            os.environ["LANGUAGE"] = code  # this run speaks it all the same


def add_parser(sub: Any) -> None:
    t = sub.add_parser(
        "translate",
        help="write or update the message catalogue of a language (locale/LANG.po)",
        description="Write the catalogue a translator fills in: every text a player reads, "
        "with the translations already made kept. With --mod, the last mod's own texts "
        "go to its locale/ folder.",
    )
    t.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), help="the scenario folder")
    t.add_argument("--language", required=True, help="a language code: ru, de, pt_BR")
    t.add_argument("--mod", action="append", metavar="PATH_OR_ID", help="a mod on top")
    t.add_argument("--out", help="the catalogue to write (default: locale/LANG.po of the "
                   "scenario, or of the last mod)")  # fmt: skip
    t.set_defaults(func=translate)


__all__ = ["add_parser", "keep_language", "language_arg", "translate"]
