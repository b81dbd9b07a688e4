"""The report as Markdown, for wikis, issue trackers and editing into a written debrief.

Same content as the HTML; images are referenced by the PNG files saved
beside the report rather than embedded.
"""

from __future__ import annotations

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


def _text(s: str) -> str:
    """Text safe inside Markdown: no accidental emphasis, links or HTML."""
    out = s.replace("\\", "\\\\")
    for ch in "*_`[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def render(doc: Document) -> str:
    lines = [f"# {_text(doc.title)}: {_text(doc.subtitle)}", "", f"> {_text(doc.audience)}", ""]
    lines += [f"- **{_text(k)}:** {_text(v)}" for k, v in doc.meta]
    lines.append("")
    lines.append("Contents: " + " · ".join(f"[{_text(s.title)}](#{s.id})" for s in doc.sections))
    for s in doc.sections:
        lines += ["", f'<a id="{s.id}"></a>', "", f"## {_text(s.title)}", ""]
        for b in s.blocks:
            lines += _block(b)
    lines += ["", "---", "", _text(doc.footer), ""]
    return "\n".join(lines)


def _cell(c: Cell | str) -> str:
    if isinstance(c, str):
        return _text(c) or " "
    text = _text(c.text) or " "
    text = f"**{text}**" if "strong" in c.cls.split() and c.text else text
    return f"{text} — {_text(c.sub)}" if c.sub else text


def _table(t: Table) -> list[str]:
    title = [f"**{_text(t.title)}**", ""] if t.title else []
    return title + _rows(t)


def _rows(t: Table) -> list[str]:
    if "kv" in t.cls.split():  # a two-column fact sheet reads better as a list
        return [f"- **{_text(r[0].text)}:** {_cell(r[1])}" for r in t.rows] + [""]
    head = "| " + " | ".join(_cell(h) for h in t.headers) + " |"
    rule = "|" + "|".join("---:" if _numeric(t, i) else "---" for i in range(len(t.headers))) + "|"
    rows = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]
    return [head, rule, *rows, ""]


def _numeric(t: Table, i: int) -> bool:
    return bool(t.rows) and all("num" in row[i].cls.split() for row in t.rows if i < len(row))


def _block(b: Block) -> list[str]:
    if isinstance(b, Para):
        text = _text(b.text)
        return [
            f"**{text}**" if b.cls == "callout" else (f"*{text}*" if b.cls == "note" else text),
            "",
        ]
    if isinstance(b, Sub):
        meta = f" ({_text(b.meta)})" if b.meta else ""
        return [f"### {_text(b.title)}{meta}", ""]
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Bullets):
        out = [f"**{_text(b.title)}**", ""] if b.title else []
        out += [
            f"{i}. {_text(x)}" if b.ordered else f"- {_text(x)}" for i, x in enumerate(b.items, 1)
        ]
        return [*out, ""]
    if isinstance(b, Image):
        out = [f"![{_text(b.alt)}]({b.file})", ""]
        return out + ([f"*{_text(b.caption)}*", ""] if b.caption else [])
    if isinstance(b, Details):
        out = [f"<details><summary>{_text(b.summary)}</summary>", ""]
        for x in b.blocks:
            out += _block(x)
        return [*out, "</details>", ""]
    if isinstance(b, Links):
        return [f"- [{name}]({name}): {_text(what)}" for name, what in b.items] + [""]
    raise TypeError(f"unknown block {b!r}")  # pragma: no cover - every block is handled
