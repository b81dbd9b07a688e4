"""The protocol's JSON Schemas as files: ``schema/protocol/{client,server}-messages.schema.json``.

The schemas come from the message classes (:func:`game.net.protocol.protocol_schemas`);
this only writes them, the same way :func:`game.net.wire.write_wire_schemas` writes the
wire format's, so the committed files can be compared with what the code gives now.
"""

from __future__ import annotations

import json
from pathlib import Path

from game.net.protocol import protocol_schemas


def write_protocol_schemas(out_dir: Path | str) -> list[Path]:
    """Write the protocol schemas into ``out_dir/protocol`` (created if needed)."""
    folder = Path(out_dir) / "protocol"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in protocol_schemas().items():
        path = folder / name
        text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


__all__ = ["write_protocol_schemas"]
