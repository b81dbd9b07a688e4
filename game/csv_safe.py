"""CSV files a spreadsheet opens as data, never as formulas.

Rule text ends up in the CSV files the report and the simulation write (a `say:` line, a
calendar label, an end-of-game reason). A cell that starts with `=`, `+`, `-`, `@`, a tab or
a carriage return is read by Excel, LibreOffice and Google Sheets as a formula, so a mod's text
could run one on an instructor's machine. OWASP's rule is applied to every text cell: such a
cell gets a leading `'`, which the spreadsheet shows as text. Numbers (and text that is only a
number, such as `-3`) are left as they are, so sums still work.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["FORMULA_START", "safe_cell", "writer"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: object) -> object:
    """The value with a `'` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer's writerow and writerows, each cell passed through safe_cell."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def writerow(self, row: Iterable[object]) -> Any:
        return self._inner.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh: Any, **kwargs: Any) -> _SafeWriter:
    """A csv.writer on fh (same keyword arguments) whose text cells cannot be formulas."""
    return _SafeWriter(csv.writer(fh, **kwargs))
