"""A tiny document model, so the HTML and the Markdown reports say exactly the same thing.

The report's content is built once as sections of blocks (paragraphs, tables,
lists, images, foldable details); html.py and markdown.py only render it.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Cell:
    """A table cell: text, optionally with an actor's colour chip and data for analysts."""

    text: str
    colour: str = ""
    """An actor's colour: shown as a chip before the text."""
    cls: str = ""
    """A style hint: good, bad, muted, num, strong."""
    data: tuple[tuple[str, str], ...] = ()
    """HTML data attributes (data-key="vp:russia"): lets scripts read the numbers back."""
    sub: str = ""
    """A second, quieter line under the text."""
    title: str = ""
    """A tooltip (the full name behind a short label)."""


def cell(value: object, **kw: object) -> Cell:
    return value if isinstance(value, Cell) else Cell(str(value), **kw)  # type: ignore[arg-type]


@attrs.frozen
class Para:
    text: str
    cls: str = ""
    """note, lead, callout, good, bad, muted."""


@attrs.frozen
class Table:
    headers: tuple[Cell | str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    cls: str = ""
    """compact, kv (a two-column fact sheet), objectives, plays, log: style hints."""
    title: str = ""
    """A small heading above the table."""


@attrs.frozen
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False
    title: str = ""


@attrs.frozen
class Image:
    file: str
    """The PNG's file name beside the report."""
    alt: str
    caption: str = ""


@attrs.frozen
class Details:
    """A block folded away by default (the full log of a turn)."""

    summary: str
    blocks: tuple[Block, ...]


@attrs.frozen
class Sub:
    """A sub-heading inside a section."""

    title: str
    id: str = ""
    meta: str = ""
    """A muted note beside the heading (a date)."""


@attrs.frozen
class Links:
    """Links to the files written beside the report."""

    items: tuple[tuple[str, str], ...]
    """(file name, what it holds)."""


Block = Para | Table | Bullets | Image | Details | Sub | Links


@attrs.frozen
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]


@attrs.frozen
class Document:
    title: str
    subtitle: str
    audience: str
    """Whose report this is, and what it holds."""
    meta: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    footer: str
