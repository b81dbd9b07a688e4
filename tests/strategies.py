"""Shared Hypothesis strategies: rule sets, and the mistakes people make when editing them.

The mutations work on file texts, the way a modder's editor changes them: a
line dropped, an id renamed, a value of the wrong type, junk pasted in, a file
cut short, a line doubled. The loader must answer every result with a ruleset
or with diagnostics, never with an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "data" / "minimal"


def scenario_folders() -> list[Path]:
    """Every shipped scenario (rules/*/ with a manifest) and the small test base."""
    shipped = sorted(p.parent for p in (REPO / "rules").glob("*/scenario.yaml"))
    return [*shipped, MINIMAL]


@cache
def rule_files(folder: Path) -> dict[str, str]:
    """A scenario's rule files by bare name (read once per test run)."""
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.yaml"))
        if p.name != "expected.yaml"
    }


_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)\s*:(?:\s|$)")
_SCALAR_LINE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*\s*:\s+)([^\s{\[|>#&*!][^#]*?)\s*$")
_DEFINITION = re.compile(r"^  ([A-Za-z_][\w-]*)\s*:", re.M)

# Values of every YAML type, and the ones people get wrong.
SCALARS = [
    "3",
    "-1",
    "0",
    "1.5",
    "1.10",
    "true",
    "no",
    "on",
    "null",
    "~",
    "''",
    '"text"',
    "word",
    "[]",
    "{}",
    "[a, b]",
    "{x: 1}",
    "2020-13-45",
    "#aabbcc",
    "self",
    "target",
    "track(nothing) > 1",
    "influence(self, target",
    "__import__('os')",
    "9" * 5000,
    "not " * 600 + "true",
    "-" * 1990 + "1",
    "&a [*a]",
    "!!python/object:os.system x",
]
JUNK = st.one_of(
    st.sampled_from(
        [
            ":",
            "- ",
            "  ",
            "\t",
            "{",
            "]",
            "'",
            '"',
            "&x",
            "*x",
            "!!",
            "<<: ",
            "? ",
            "---\n",
            "...\n",
            "%YAML 1.1\n",
            "\n  junk: [",
            "\nactors: 3\n",
            "\ncards:\n  x: {}\n",
            "\x00",
            "\ufeff",
            "é",
        ]
    ),
    st.text(max_size=12),
)

Mutation = Callable[[st.DataObject, str], str]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def drop_key(data: st.DataObject, text: str) -> str:
    """Delete a `key:` line and the block indented under it."""
    lines = _lines(text)
    keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    if not keyed:
        return text
    i = data.draw(st.sampled_from(keyed), label="drop key at line")
    indent = len(lines[i]) - len(lines[i].lstrip(" -"))
    end = i + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    return "\n".join(lines[:i] + lines[end:])


def rename_id(data: st.DataObject, text: str) -> str:
    """Rename one occurrence of a defined id (the definition or a use of it)."""
    ids = sorted(set(_DEFINITION.findall(text)))
    if not ids:
        return text
    ident = data.draw(st.sampled_from(ids), label="id")
    spots = [m.start() for m in re.finditer(rf"\b{re.escape(ident)}\b", text)]
    at = data.draw(st.sampled_from(spots), label="occurrence")
    new = data.draw(
        st.sampled_from([ident + "x", ident[:-1] or "x", ident.upper(), "self", "1", "a b"]),
        label="new name",
    )
    return text[:at] + new + text[at + len(ident) :]


def change_scalar(data: st.DataObject, text: str) -> str:
    """Replace a `key: value` line's value with a value of another type."""
    lines = _lines(text)
    spots = [i for i, line in enumerate(lines) if _SCALAR_LINE.match(line)]
    if not spots:
        return text
    i = data.draw(st.sampled_from(spots), label="change value at line")
    m = _SCALAR_LINE.match(lines[i])
    assert m is not None
    lines[i] = m.group(1) + data.draw(st.sampled_from(SCALARS), label="new value")
    return "\n".join(lines)


def insert_junk(data: st.DataObject, text: str) -> str:
    """Paste a bit of junk anywhere."""
    at = data.draw(st.integers(0, len(text)), label="junk at")
    return text[:at] + data.draw(JUNK, label="junk") + text[at:]


def truncate(data: st.DataObject, text: str) -> str:
    """Cut the file short, as an interrupted save would."""
    return text[: data.draw(st.integers(0, len(text)), label="cut at")]


def duplicate_line(data: st.DataObject, text: str) -> str:
    """Paste a line twice (a duplicate key, item or definition)."""
    lines = _lines(text)
    i = data.draw(st.integers(0, max(0, len(lines) - 1)), label="line")
    return "\n".join(lines[: i + 1] + lines[i:])


MUTATIONS: dict[str, Mutation] = {
    "drop_key": drop_key,
    "rename_id": rename_id,
    "change_scalar": change_scalar,
    "insert_junk": insert_junk,
    "truncate": truncate,
    "duplicate_line": duplicate_line,
}


def mutate(
    data: st.DataObject, files: dict[str, str], kinds: list[str], count: int
) -> dict[str, str]:
    """``count`` mutations of the given kinds, each on a file drawn at random."""
    out = dict(files)
    for _ in range(count):
        name = data.draw(st.sampled_from(sorted(out)), label="file")
        kind = data.draw(st.sampled_from(kinds), label="mutation")
        out[name] = MUTATIONS[kind](data, out[name])
    return out


def scenarios() -> st.SearchStrategy[Path]:
    return st.sampled_from(scenario_folders())
