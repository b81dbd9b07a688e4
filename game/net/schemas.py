"""The protocol's JSON Schemas as files: ``schema/protocol/{client,server}-messages.schema.json``.

The schemas come from the message classes (:func:`game.net.protocol.protocol_schemas`);
this only writes them, the same way :func:`game.net.wire.write_wire_schemas` writes the
wire format's, so the committed files can be compared with what the code gives now.
"""

from __future__ import annotations

from pathlib import Path

from game.net.protocol import protocol_schemas
from game.schema_gen import write_json_files


def write_protocol_schemas(out_dir: Path | str) -> list[Path]:
    """Write the protocol schemas into ``out_dir/protocol`` (created if needed)."""
    return write_json_files(Path(out_dir) / "protocol", protocol_schemas())


__all__ = ["write_protocol_schemas"]
