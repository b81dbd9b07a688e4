"""The protocol's JSON Schemas as files: ``schema/protocol/{client,server}-messages.schema.json``.

The schemas come from the message classes (:func:`protocol_schemas`) and are written the
same way :func:`game.net.wire.write_wire_schemas` writes the wire format's, so the
committed files can be compared with what the code gives now. Kept apart from
:mod:`game.net.protocol`: the server decodes and encodes messages, only tools and tests
need their schemas.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import attrs

from game.net.protocol import CLIENT_MESSAGES, PROTOCOL_VERSION, SERVER_MESSAGES
from game.net.wire import _Schemas
from game.schema_gen import SCHEMA_BASE, write_json_files


# -- schemas ----------------------------------------------------------------------------------
class _MessageSchemas(_Schemas):
    """Like the wire schemas, but a field with a default is optional."""

    optional: ClassVar[bool] = True

    def object(self, cls: type) -> Any:
        out = super().object(cls)
        if attrs.has(cls) and cls in CLIENT_MESSAGES.values():
            out["required"] = [a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING]
        return out


def protocol_schemas() -> dict[str, Any]:
    """One JSON Schema for the client's messages and one for the server's, by file name."""
    out = {}
    for name, table in (("client", CLIENT_MESSAGES), ("server", SERVER_MESSAGES)):
        gen = _MessageSchemas()
        refs = [gen.of(cls) for cls in dict.fromkeys(table.values())]
        out[f"{name}-messages.schema.json"] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}protocol/v{PROTOCOL_VERSION}/{name}-messages.schema.json",
            "title": f"Near Abroad protocol v{PROTOCOL_VERSION}: the {name}'s messages",
            "description": f"Every message a {name} may send, one object each.",
            "oneOf": refs,
            "$defs": dict(sorted(gen.defs.items())),
        }
    return out


def write_protocol_schemas(out_dir: Path | str) -> list[Path]:
    """Write the protocol schemas into ``out_dir/protocol`` (created if needed)."""
    return write_json_files(Path(out_dir) / "protocol", protocol_schemas())


__all__ = ["protocol_schemas", "write_protocol_schemas"]
