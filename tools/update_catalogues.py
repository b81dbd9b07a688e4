"""Update the program's message catalogues (assets/locale/*.po) from the code.

    .venv/bin/python tools/update_catalogues.py [--check]

Every text marked ``_("...")`` or ``N_("...")`` under game/ is collected (Babel's
extractor, what ``pybabel extract`` runs); each catalogue keeps its translations,
gains the new texts untranslated, marks fuzzy a translation whose English changed
and keeps a removed one as obsolete (``pybabel update``). ``--check`` writes
nothing and exits 1 when a catalogue is out of date (the tests run the same check).
A new language: copy an existing catalogue to ``assets/locale/<code>.po``, empty its
translations, and run this.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def template() -> object:
    """A catalogue of every marked text of the program, with the files they are in."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    out = Catalog(project="Near Abroad")
    found = extract_from_dir(
        str(ROOT / "game"),
        method_map=[("**.py", "python")],
        keywords=keywords,
        comment_tags=("TRANSLATORS:",),
    )
    for filename, lineno, message, comments, context in found:
        out.add(message, None, [(f"game/{filename}", lineno)], auto_comments=comments,
                context=context)  # fmt: skip
    return out


def updated(path: Path, tmpl: object) -> bytes:
    """``path``'s catalogue merged with the template, as it would be written."""
    from babel.messages.pofile import read_po, write_po

    catalogue = read_po(io.BytesIO(path.read_bytes()), locale=path.stem)
    catalogue.update(tmpl, update_header_comment=False)  # type: ignore[arg-type]
    out = io.BytesIO()
    write_po(out, catalogue, width=0, omit_header=False, sort_by_file=True, include_lineno=False,
             ignore_obsolete=False, include_previous=True)  # fmt: skip
    return _without_dates(out.getvalue())


def _without_dates(po: bytes) -> bytes:
    """The header's creation date changes on every run; a check must not see it as a change."""
    lines = po.split(b"\n")
    return b"\n".join(line for line in lines if not line.startswith(b'"POT-Creation-Date:'))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    tmpl = template()
    stale = []
    for path in sorted((ROOT / "assets" / "locale").glob("*.po")):
        new = updated(path, tmpl)
        if new != _without_dates(path.read_bytes()):
            stale.append(path)
            if not args.check:
                path.write_bytes(new)
    verb = "out of date" if args.check else "updated"
    for path in stale:
        print(f"{verb}: {path.relative_to(ROOT)}")
    if args.check and stale:
        print("run: .venv/bin/python tools/update_catalogues.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
