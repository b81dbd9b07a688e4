"""Time loading and validating rule sets in a warm process, and refusing hostile files.

The target (issue 2): load + validate the default scenario in under 200 ms warm.
"Warm" means the interpreter and modules are loaded and one load has run; each
figure is the median of N runs. The file-reading step is included (load_ruleset
reads the folder each time), as the game does at start-up.

    .venv/bin/python bench/bench_load.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from game.ruleset.load import build_ruleset, load_ruleset, read_folder  # noqa: E402
from game.ruleset.source import MAX_FILE_BYTES, parse_yaml  # noqa: E402

TARGET_MS = 200.0


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up: imports, caches, first-time costs
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def refused(text: str, code: str) -> Callable[[], object]:
    def run() -> object:
        tree, diags = parse_yaml(text, "hostile.yaml")
        assert tree is None and [d.code for d in diags] == [code], diags
        return diags

    return run


def main() -> int:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rows: list[tuple[str, str, float, str]] = []
    scenarios = sorted(p.parent for p in (REPO / "rules").glob("*/scenario.yaml"))
    scenarios.append(REPO / "tests" / "data" / "minimal")
    for folder in scenarios:
        files, _ = read_folder(folder)
        size = sum(len(t.encode()) for t in files.values())
        label = str(folder.relative_to(REPO))
        rows.append(
            (
                f"load_ruleset {label}",
                f"{len(files)} files, {size:,} B",
                median_ms(lambda f=folder: load_ruleset(f), repeat),
                "< 200 ms",
            )
        )
        rows.append(
            (
                f"  build_ruleset (in memory) {label}",
                "",
                median_ms(lambda f=files: build_ruleset(f), repeat),
                "",
            )
        )
    bomb = billion_laughs()
    rows.append(
        (
            "refuse alias bomb (10^9 nodes)",
            f"{len(bomb):,} B",
            median_ms(refused(bomb, "E0105"), repeat),
            "well under 1 s",
        )
    )
    big = "a: " + "x" * MAX_FILE_BYTES + "\n"
    rows.append(
        (
            "refuse oversized file (str)",
            f"{len(big):,} B",
            median_ms(refused(big, "E0104"), repeat),
            "well under 1 s",
        )
    )
    deep = "a: " + "[" * 10_000 + "]" * 10_000 + "\n"
    rows.append(
        (
            "refuse deep nesting (10,000)",
            f"{len(deep):,} B",
            median_ms(refused(deep, "E0106"), repeat),
            "well under 1 s",
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"median of {repeat} warm runs, Python {sys.version.split()[0]}")
    print(f"{'what':<{width}}  {'input':>20}  {'median':>10}  target")
    for what, size_text, ms, target in rows:
        print(f"{what:<{width}}  {size_text:>20}  {ms:>7.2f} ms  {target}")
    default = next((r for r in rows if "caucasus-2020" in r[0]), None)
    if default is not None:
        verdict = "meets" if default[2] < TARGET_MS else "MISSES"
        print(f"default scenario: {default[2]:.1f} ms, {verdict} the {TARGET_MS:.0f} ms target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
