"""The `near-abroad` command line: validate rules, write schemas, play, replay, simulate.

Every bad argument or input ends in a clear message and an exit code, never a
traceback: 0 success, 1 the input has errors, 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_SCENARIO = Path(__file__).resolve().parent.parent / "rules" / "caucasus-2020"


class UsageError(Exception):
    """A command used wrongly: exit code 2 with the message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}\n(see '{self.prog} --help')")


def _validate(args: argparse.Namespace) -> int:
    from game.ruleset.diagnostics import render_all, to_json
    from game.ruleset.load import check_ruleset

    ruleset, diags, files = check_ruleset(args.path)
    if args.format == "json":
        print(to_json(diags))
    else:
        if diags:
            print(render_all(diags, files))
        if ruleset is not None:
            print(
                f"ok: {ruleset.manifest.title} ({ruleset.id} {ruleset.manifest.version}): "
                f"{len(ruleset.actors)} actors, {len(ruleset.regions)} regions, "
                f"{len(ruleset.cards)} cards, {len(ruleset.objectives)} objectives"
            )
    return 0 if ruleset is not None else 1


def _schema(args: argparse.Namespace) -> int:
    from game.ruleset.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="near-abroad", description="Near Abroad: a policy strategy board game.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    v = sub.add_parser("validate", help="check a scenario's rule files and report every problem")
    v.add_argument(
        "path",
        nargs="?",
        default=str(DEFAULT_SCENARIO),
        help="the scenario folder (default: the Caucasus 2020 scenario)",
    )
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.set_defaults(func=_validate)
    s = sub.add_parser("schema", help="write the JSON Schemas of the rule files")
    s.add_argument("--out", default="schema", help="folder to write into (default: schema)")
    s.set_defaults(func=_schema)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"near-abroad: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
