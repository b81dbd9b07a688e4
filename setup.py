"""Build hook: a wheel carries the shipped scenarios, mods, assets and schemas.

They live beside ``game/`` in the repository (where modders and the tests read
them); a built wheel gets copies inside the package as ``game/_shipped/``, which
``game.shipped`` finds through importlib.resources. Editable installs read the
repository's folders directly, so nothing is copied for them. Everything else
about the package is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("rules", "mods", "assets", "schema")


class BuildWithShippedData(build_py):
    """build_py, plus the shipped folders copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "game" / "_shipped"
        for name in SHIPPED:
            shutil.copytree(
                ROOT / name,
                target / name,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"),
            )


setup(cmdclass={"build_py": BuildWithShippedData})
