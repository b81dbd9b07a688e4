"""Regenerate the reference section of docs/modding.md from the model."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.ruleset.reference import splice  # noqa: E402

DOC = ROOT / "docs" / "modding.md"

if __name__ == "__main__":
    DOC.write_text(splice(DOC.read_text()))
    print(f"updated {DOC.relative_to(ROOT)}")
