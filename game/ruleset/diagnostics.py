"""Diagnostics: every problem found in rules, saves or arguments, with a place and a hint.

A load never stops at the first problem: it collects them all, so a modder fixes
a file in one pass. Each diagnostic has a stable code (tests and tools key on
it), a severity, the file:line:col it points at and, where we can guess, a hint.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

Severity = Literal["error", "warning"]


@attrs.frozen(order=True)
class Pos:
    """A place in a source file. Lines and columns count from 1."""

    file: str
    """Path of the file as given to the loader (relative where possible)."""
    line: int = 0
    """1-based line; 0 when the problem concerns the whole file."""
    col: int = 0
    """1-based column; 0 when the problem concerns the whole line or file."""
    end_col: int = 0
    """Column just past the offending text, for the caret underline (0: one caret)."""
    lines: tuple[tuple[int, int, int], ...] = attrs.field(default=(), eq=False, repr=False)
    """For a value written over several lines (``when: >-``): (offset in the value, line,
    column) where each source line's text starts, so :meth:`shifted` lands on the line."""

    def __str__(self) -> str:
        if self.line == 0:
            return self.file
        if self.col == 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.col}"

    def shifted(self, cols: int, width: int = 0) -> Pos:
        """The place ``cols`` columns to the right (within an expression string); in a value
        written over several lines, on the line that holds that character."""
        line, col = self.line, self.col + cols
        for offset, at_line, at_col in self.lines:
            if offset <= cols:
                line, col = at_line, at_col + cols - offset
        return Pos(self.file, line, col, col + width if width else 0)


# Every code with its short name. Codes are stable: tools and tests key on them.
CODES: dict[str, str] = {
    # E01xx: the YAML source itself
    "E0101": "yaml-syntax",
    "E0102": "duplicate-key",
    "E0103": "non-string-key",
    "E0104": "file-too-large",
    "E0105": "alias-expansion",
    "E0106": "nesting-too-deep",
    "E0107": "file-unreadable",
    "E0108": "yaml-tag",
    "W0109": "yaml11-ambiguous",
    # E02xx: shape and types
    "E0201": "wrong-type",
    "E0202": "missing-field",
    "E0203": "unknown-field",
    "E0204": "bad-value",
    "E0205": "unknown-collection",
    "E0206": "unknown-effect",
    "E0207": "missing-manifest",
    "E0208": "unsupported-format",
    # E03xx: references between definitions
    "E0301": "unknown-id",
    "E0302": "duplicate-id",
    "E0303": "asymmetric-adjacency",
    "E0304": "out-of-range",
    "E0305": "bad-reference-context",
    "W0306": "unused-definition",
    "E0307": "bad-calendar",
    "E0308": "bad-roll-table",
    "E0310": "layer-missing-id",
    "E0311": "layer-bad-operation",
    "E0312": "layer-list-remove",
    "E0313": "template-cycle",
    "W0314": "old-format",
    "E0315": "mod-manifest",
    "E0316": "mod-requires",
    "E0317": "mod-incompatible",
    "E0318": "mod-order",
    "W0319": "inject-audience",
    "W0320": "threshold-loop",
    "W0321": "mod-load-after-absent",
    "W0322": "mod-conflict",
    # E04xx: the condition language
    "E0401": "expr-syntax",
    "E0402": "expr-forbidden",
    "E0403": "expr-unknown-name",
    "E0404": "expr-unknown-function",
    "E0405": "expr-arity",
    "E0406": "expr-arg-type",
    "E0407": "expr-type",
    # E05xx: saves and records
    "E0501": "save-unreadable",
    "E0502": "save-corrupt",
    "E0503": "save-version",
    "E0504": "save-ruleset-mismatch",
    "E0505": "save-replay-diverged",
    # E06xx: command line
    "E0601": "bad-argument",
    # E07xx: translations (message catalogues)
    "E0701": "catalogue-unreadable",
    "W0702": "catalogue-missing",
    "W0703": "catalogue-unused",
}


@attrs.frozen
class Diagnostic:
    """One problem: what, where, and how to fix it."""

    code: str
    """Stable code such as ``E0301``; the name is in :data:`CODES`."""
    message: str
    """One sentence saying what is wrong."""
    pos: Pos | None = None
    """Where it is, when it has a place."""
    hint: str | None = None
    """How to fix it, when we can tell (``did you mean 'YER'?``)."""

    @property
    def severity(self) -> Severity:
        return "warning" if self.code.startswith("W") else "error"

    @property
    def name(self) -> str:
        return CODES.get(self.code, "unknown")

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }
        if self.pos is not None:
            out.update(file=self.pos.file, line=self.pos.line, column=self.pos.col)
        return out


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a misspelt id, or None when nothing is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"did you mean '{lowered[word.lower()]}'?"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        close = [lowered[c] for c in difflib.get_close_matches(word.lower(), lowered, 1, 0.6)]
    return f"did you mean '{close[0]}'?" if close else None


class RulesetError(Exception):
    """A rule set that cannot be loaded; carries every diagnostic of the load."""

    def __init__(self, diagnostics: Sequence[Diagnostic], sources: dict[str, str] | None = None):
        self.diagnostics = list(diagnostics)
        self.sources = sources or {}
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = errors[0] if errors else (self.diagnostics[0] if self.diagnostics else None)
        summary = f"{len(errors)} error(s)"
        if first is not None:
            where = f" at {first.pos}" if first.pos else ""
            summary += f"; first: {first.code} {first.message}{where}"
        super().__init__(summary)

    def render(self) -> str:
        return render_all(self.diagnostics, self.sources)


def render(diag: Diagnostic, sources: dict[str, str] | None = None) -> str:
    """Render one diagnostic the way compilers do: header, arrow, line and caret."""
    head = f"{diag.severity}[{diag.code} {diag.name}]: {diag.message}"
    lines = [head]
    pos = diag.pos
    if pos is None:
        if diag.hint:
            lines.append(f"  = hint: {diag.hint}")
        return "\n".join(lines)
    lines.append(f"  --> {pos}")
    text = (sources or {}).get(pos.file)
    if text is not None and pos.line > 0:
        src_lines = text.splitlines()
        if pos.line <= len(src_lines):
            src = src_lines[pos.line - 1]
            num = str(pos.line)
            pad = " " * len(num)
            lines.append(f"{pad} |")
            lines.append(f"{num} | {src}")
            if pos.col > 0:
                width = max(1, (pos.end_col - pos.col) if pos.end_col > pos.col else 1)
                caret = " " * (pos.col - 1) + "^" * width
                tail = f" {diag.hint}" if diag.hint else ""
                lines.append(f"{pad} | {caret}{tail}")
                return "\n".join(lines)
    if diag.hint:
        lines.append(f"  = hint: {diag.hint}")
    return "\n".join(lines)


def render_all(diags: Sequence[Diagnostic], sources: dict[str, str] | None = None) -> str:
    """Render a list of diagnostics followed by a one-line count."""
    parts = [render(d, sources) for d in diags]
    n_err = sum(d.severity == "error" for d in diags)
    n_warn = len(diags) - n_err
    parts.append(f"{n_err} error(s), {n_warn} warning(s)")
    return "\n\n".join(parts)


def to_json(diags: Sequence[Diagnostic]) -> str:
    """The same diagnostics for tools: a JSON document with a list and counts."""
    n_err = sum(d.severity == "error" for d in diags)
    doc = {
        "errors": n_err,
        "warnings": len(diags) - n_err,
        "diagnostics": [d.to_json() for d in diags],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    if d.pos is None:
        return ("", 0, 0, d.code)
    return (d.pos.file, d.pos.line, d.pos.col, d.code)
