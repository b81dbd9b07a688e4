"""Making the engine's small frozen records without attrs' frozen ``__init__``.

A step of the game makes a few log entries, effect contexts and effect frames. They
are attrs-frozen slotted classes, and a frozen class's ``__init__`` stores each field
through ``object.__setattr__`` (it must get past the ``__setattr__`` that refuses
changes): about a microsecond for a record of five to eight fields, a tenth of a
replayed step in all (issue 17). :func:`maker` gives a function that fills a plain
twin of the class (the same slots, no refusing ``__setattr__``) with plain stores
and then makes it an instance of the class: a third of the cost, and the same
instance, equal, hashed, printed and pickled as one made by the class.

It is for the engine's hot paths, which pass every field; anything else goes on
calling the class. The class must be slotted without a weakref slot (so the twin's
layout is the same) and have nothing its ``__init__`` would run besides the stores:
no validator, no converter, no ``__attrs_post_init__``. That is checked here, when a
maker is made, so a field given a validator later fails at import, not silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

T = TypeVar("T")

_set_class = object.__dict__["__class__"].__set__


def maker(cls: type[T]) -> Callable[..., T]:
    """A function of all of ``cls``'s fields, in order, that makes an instance of ``cls``
    (see the module's docstring); raises TypeError when ``cls`` does not allow it."""
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    slots = getattr(cls, "__slots__", ())
    if tuple(slots) != names or cls.__bases__ != (object,):
        raise TypeError(f"{cls.__name__}: its slots must be its fields alone (weakref_slot=False)")
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        raise TypeError(f"{cls.__name__}: its __init__ runs more than stores")
    for f in fields:
        if f.validator is not None or f.converter is not None or f.alias != f.name:
            raise TypeError(f"{cls.__name__}.{f.name}: a validator, converter or alias")
    twin = type(f"_{cls.__name__}Filling", (object,), {"__slots__": slots})
    args = ", ".join(names)
    stores = "".join(f"\n    f.{n} = {n}" for n in names)
    source = (
        f"def make_{cls.__name__}({args}):\n"
        f"    f = _new(_twin){stores}\n    _set(f, _cls)\n    return f\n"
    )
    namespace: dict[str, Any] = {
        "_new": object.__new__,
        "_twin": twin,
        "_set": _set_class,
        "_cls": cls,
    }
    exec(compile(source, f"<make {cls.__name__}>", "exec"), namespace)  # from field names only
    make: Callable[..., T] = namespace[f"make_{cls.__name__}"]
    make.__doc__ = f"A {cls.__name__} from all of its fields in order (game.engine.fastmake)."
    return make
