"""The report as one self-contained HTML file: inline CSS, images as data: URIs, no script.

One file can be mailed, put on a shared drive or opened offline in a
classroom; nothing in it fetches anything. It prints as a handout (sections
start on a new page, the folded logs stay folded).
"""

from __future__ import annotations

import base64
from html import escape as _escape
from pathlib import Path

from game.report.doc import (
    Block,
    Bullets,
    Cell,
    Details,
    Document,
    Image,
    Links,
    Para,
    Sub,
    Table,
)


def escape(text: str) -> str:
    """Text for an element or a quoted attribute: &, < and > and double quotes only, so
    apostrophes stay readable in the source (every attribute here is double-quoted)."""
    return _escape(text, quote=False).replace('"', "&quot;")


CSS = """
:root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --band:#1f2937; --accent:#0f4c81;
  --good:#166534; --good-bg:#dcfce7; --bad:#991b1b; --bad-bg:#fee2e2; --paper:#ffffff; }
* { box-sizing: border-box; }
body { margin:0; background:#f3f4f6; color:var(--ink);
  font: 15px/1.5 "Noto Sans","Segoe UI","Helvetica Neue",Arial,sans-serif; }
main { max-width: 1120px; margin: 0 auto; background: var(--paper); padding: 0 40px 40px;
  box-shadow: 0 0 24px rgba(0,0,0,.08); }
header.top { background: var(--band); color: #fff; margin: 0 -40px 24px; padding: 28px 40px 22px; }
header.top .kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 12px;
  color: #9ca3af; margin: 0; }
header.top h1 { margin: 4px 0 2px; font-size: 30px; }
header.top .sub { font-size: 18px; color: #e5e7eb; margin: 0; }
.audience { border-left: 4px solid var(--accent); background: #eff6ff; padding: 10px 14px;
  margin: 0 0 18px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0 0 8px; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
nav.toc { margin: 14px 0 8px; font-size: 14px; }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 14px; white-space: nowrap; }
section { margin-top: 30px; }
h2 { font-size: 22px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin: 0 0 12px; }
h3 { font-size: 17px; margin: 22px 0 6px; }
h3 .meta { color: var(--muted); font-weight: normal; font-size: 14px; margin-left: 8px; }
h4 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
  margin: 12px 0 4px; }
p.note { color: var(--muted); font-size: 13.5px; }
p.callout { font-size: 19px; font-weight: 600; background: #f9fafb; border: 1px solid var(--line);
  border-left: 6px solid var(--accent); padding: 12px 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
th { text-align: left; background: #f3f4f6; border-bottom: 2px solid #d1d5db; padding: 6px 8px;
  font-weight: 600; }
td { border-bottom: 1px solid var(--line); padding: 5px 8px; vertical-align: top; }
tbody tr:nth-child(even) td { background: #fafafa; }
table.compact td, table.compact th { padding: 3px 6px; font-size: 13px; }
table.wide { display: block; overflow-x: auto; }
table.kv td:first-child { width: 160px; }
table.kv thead { display: none; }
table.log td { font-size: 12.5px; }
table.series { width: auto; min-width: 55%; }
table.series td, table.series th { padding-left: 14px; }
table.compact td:nth-child(2).muted { white-space: nowrap; }
table.objectives, table.plays { table-layout: fixed; }
table.objectives th:nth-child(1) { width: 42%; } table.objectives th:nth-child(2) { width: 11%; }
table.objectives th:nth-child(3) { width: 6%; } table.objectives th:nth-child(4) { width: 10%; }
table.objectives th:nth-child(5) { width: 8%; } table.objectives th:nth-child(6) { width: 9%; }
table.plays th:nth-child(1) { width: 7%; } table.plays th:nth-child(2) { width: 27%; }
table.plays th:nth-child(3) { width: 30%; } table.plays th:nth-child(4) { width: 12%; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.strong { font-weight: 600; } .muted { color: var(--muted); } .nowrap { white-space: nowrap; }
a { color: var(--accent); }
div.sub { color: var(--muted); font-size: 12.5px; font-weight: normal; margin-top: 2px; }
td.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; letter-spacing: .1em; }
td.good { color: var(--good); font-weight: 600; } td.bad { color: var(--bad); }
td.good:not(:empty), td.bad:not(:empty) { white-space: nowrap; }
.chip { display: inline-block; width: .85em; height: .85em; border-radius: 2px; margin-right: 6px;
  border: 1px solid rgba(0,0,0,.45); vertical-align: -1px; }
figure { margin: 10px 0 18px; } figure img { max-width: 100%; height: auto;
  border: 1px solid var(--line); } figcaption { color: var(--muted); font-size: 13px; }
ul, ol { margin: 4px 0 10px; padding-left: 22px; } li { margin: 2px 0; }
details { margin: 4px 0 14px; } summary { cursor: pointer; color: var(--accent); font-size: 14px; }
footer { margin-top: 36px; border-top: 1px solid var(--line); padding-top: 10px;
  color: var(--muted); font-size: 12.5px; }
@media print { body { background: #fff; } main { box-shadow: none; max-width: none; }
  section { break-before: page; } section#result { break-before: auto; }
  tr, figure { break-inside: avoid; } }
"""


def render(doc: Document, out_dir: Path) -> str:
    """The HTML text of ``doc``; images are read from ``out_dir`` and embedded."""
    toc = " ".join(f'<a href="#{s.id}">{escape(s.title)}</a>' for s in doc.sections)
    meta = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in doc.meta)
    body = "".join(
        f'<section id="{s.id}"><h2>{escape(s.title)}</h2>'
        + "".join(_block(b, out_dir) for b in s.blocks)
        + "</section>"
        for s in doc.sections
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(doc.title)} — {escape(doc.subtitle)}</title>"
        f"<style>{CSS}</style></head><body><main>"
        f'<header class="top"><p class="kicker">Near Abroad · policy wargame</p>'
        f'<h1>{escape(doc.title)}</h1><p class="sub">{escape(doc.subtitle)}</p></header>'
        f'<p class="audience">{escape(doc.audience)}</p>'
        f'<dl class="meta">{meta}</dl><nav class="toc">{toc}</nav>'
        f"{body}<footer>{escape(doc.footer)}</footer></main></body></html>\n"
    )


def _cell(c: Cell | str, tag: str = "td", numeric: bool = False) -> str:
    if isinstance(c, str):
        c = Cell(c)
    classes = c.cls + (" num" if numeric and "num" not in c.cls.split() else "")
    cls = f' class="{escape(classes.strip())}"' if classes.strip() else ""
    data = "".join(f' data-{escape(k)}="{escape(v)}"' for k, v in c.data)
    title = f' title="{escape(c.title)}"' if c.title else ""
    chip = f'<span class="chip" style="background:{escape(c.colour)}"></span>' if c.colour else ""
    sub = f'<div class="sub">{escape(c.sub)}</div>' if c.sub else ""
    return f"<{tag}{cls}{data}{title}>{chip}{escape(c.text)}{sub}</{tag}>"


def _numeric(t: Table, i: int) -> bool:
    """A column of numbers only: its heading is right-aligned like its cells."""
    return bool(t.rows) and all(i < len(r) and "num" in r[i].cls.split() for r in t.rows)


def _block(b: Block, out_dir: Path) -> str:
    if isinstance(b, Para):
        cls = f' class="{b.cls}"' if b.cls else ""
        return f"<p{cls}>{escape(b.text)}</p>"
    if isinstance(b, Sub):
        id_ = f' id="{escape(b.id)}"' if b.id else ""
        meta = f'<span class="meta">{escape(b.meta)}</span>' if b.meta else ""
        return f"<h3{id_}>{escape(b.title)}{meta}</h3>"
    if isinstance(b, Table):
        cls = f' class="{b.cls}"' if b.cls else ""
        head = "".join(_cell(h, "th", _numeric(b, i)) for i, h in enumerate(b.headers))
        rows = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in b.rows)
        title = f"<h4>{escape(b.title)}</h4>" if b.title else ""
        return f"{title}<table{cls}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(b, Bullets):
        tag = "ol" if b.ordered else "ul"
        title = f"<h4>{escape(b.title)}</h4>" if b.title else ""
        items = "".join(f"<li>{escape(i)}</li>" for i in b.items)
        return f"{title}<{tag}>{items}</{tag}>"
    if isinstance(b, Image):
        raw = (out_dir / b.file).read_bytes()
        src = "data:image/png;base64," + base64.b64encode(raw).decode("ascii")
        cap = f"<figcaption>{escape(b.caption)}</figcaption>" if b.caption else ""
        return f'<figure><img src="{src}" alt="{escape(b.alt)}">{cap}</figure>'
    if isinstance(b, Details):
        inner = "".join(_block(x, out_dir) for x in b.blocks)
        return f"<details><summary>{escape(b.summary)}</summary>{inner}</details>"
    if isinstance(b, Links):
        items = "".join(
            f'<li><a href="{escape(name)}">{escape(name)}</a> — {escape(what)}</li>'
            for name, what in b.items
        )
        return f"<ul>{items}</ul>"
    raise TypeError(f"unknown block {b!r}")  # pragma: no cover - every block is handled
