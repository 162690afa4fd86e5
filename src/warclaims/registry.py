"""Named registries at the extension points: readers, exporters, engines, reference formats.

A module adds a format by decorating its function (or adding its object) under a name; the
package that owns the registry imports its own modules, so their decorators run on import:

    >>> from warclaims.registry import Registry
    >>> GREETERS = Registry("greeter", option="--greeter")
    >>> @GREETERS.register("hello", punctuation="!")
    ... def hello(name: str) -> str:
    ...     return "hello " + name
    >>> GREETERS.get("hello")("you"), GREETERS.meta("hello")["punctuation"], GREETERS.names()
    ('hello you', '!', ('hello',))

Another installed package can add one without touching warclaims through an entry point in
the group ``warclaims.<group>`` (``[project.entry-points."warclaims.readers"] pdf =
"mypkg.pdf:read_pdf"``); entry points are looked up only for a name not registered here, so
the common path never scans the installed distributions.

A registry is a read-only mapping (name -> object) in registration order; :meth:`Registry.view`
is a live tuple-like sequence of the names, which the packages export as their ``FORMATS``.
spaCy's ``catalogue`` offers the same decorator, but it scans every installed distribution's
entry points when imported (about 60 ms measured), keeps no metadata and raises no coded error;
this module is what warclaims needs of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from warclaims._lazy import require
from warclaims.errors import E, WarclaimsError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

T = TypeVar("T")


class Registry(Mapping[str, T], Generic[T]):
    """Objects registered by name, in registration order, with metadata; a read-only mapping."""

    def __init__(self, kind: str, *, option: str = "--format", group: str | None = None) -> None:
        """``kind`` names an entry in messages ("input format"); ``option`` is the option an unknown
        name is reported against; ``group`` is the entry-point group suffix (``warclaims.<group>``)."""
        self.kind = kind
        self.option = option
        self.group = f"warclaims.{group}" if group else None
        self._items: dict[str, T] = {}
        self._meta: dict[str, Mapping[str, Any]] = {}
        self._entry_points: dict[str, EntryPoint] | None = None

    def register(self, name: str, **meta: Any) -> Callable[[T], T]:
        """Return a decorator that registers its function (or class) under ``name`` with ``meta``."""

        def decorate(obj: T) -> T:
            return self.add(name, obj, **meta)

        return decorate

    def add(self, name: str, obj: T, **meta: Any) -> T:
        """Register ``obj`` under ``name`` with ``meta`` and return it.

        Raises ValueError when ``name`` already holds another object (a module reloaded
        re-registers its own function, which is allowed).
        """
        old = self._items.get(name)
        if old is not None and old is not obj and _origin(old) != _origin(obj):
            raise ValueError(f"{self.kind} {name!r} is already registered ({_origin(old)})")
        self._items[name] = obj
        self._meta[name] = MappingProxyType(dict(meta))
        return obj

    def remove(self, name: str) -> None:
        """Unregister ``name`` (a plugin unloaded, a test cleaning up); nothing when it is absent."""
        self._items.pop(name, None)
        self._meta.pop(name, None)

    def get(self, name: str) -> T:  # type: ignore[override]
        """Return the object registered under ``name``; raise W902 naming the choices when unknown."""
        if name not in self:
            raise self.unknown(name)
        return self._items[name]

    def meta(self, name: str) -> Mapping[str, Any]:
        """Return the metadata ``name`` was registered with (W902 when unknown)."""
        self.get(name)
        return self._meta[name]

    def names(self, **where: Any) -> tuple[str, ...]:
        """Return the registered names in order, only those whose metadata matches ``where``."""
        return tuple(n for n in self._items if all(self._meta[n].get(k) == v for k, v in where.items()))

    def view(self, **where: Any) -> Names:
        """Return a live sequence of :meth:`names` (``where`` filters by metadata)."""
        return Names(self, where)

    def unknown(self, name: str) -> WarclaimsError:
        """Return the W902 error for an unknown ``name``, listing the registered choices."""
        reason = f"unknown {self.kind} {name!r}; choose one of {', '.join(self._items)}"
        return WarclaimsError(E.W902, option=self.option, reason=reason)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self._items or self._load_entry_point(name))

    def __getitem__(self, name: str) -> T:
        if name not in self:
            raise KeyError(name)
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(tuple(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {list(self._items)})"

    def _load_entry_point(self, name: str) -> bool:
        """Register ``name`` from an installed entry point, if one exists; return whether it did."""
        if self.group is None:
            return False
        if self._entry_points is None:  # scanned once, and only when a name is not registered
            # importlib.metadata (with zipfile, email...) takes ~15 ms to import: not on the common path.
            metadata = require("importlib.metadata")
            self._entry_points = {ep.name: ep for ep in metadata.entry_points(group=self.group)}
        entry = self._entry_points.get(name)
        if entry is None:
            return False
        obj = entry.load()  # importing its module may register it by decorator already
        if name not in self._items:
            self.add(name, obj)
        return True


class Names(Sequence[str]):
    """A live, tuple-like view of registered names (what the packages export as ``FORMATS``).

    It reads its registries on every use, so a format registered later is listed; ``+`` with a
    tuple gives a tuple, and :meth:`union` joins the views of several registries.
    """

    def __init__(self, registry: Registry[Any], where: Mapping[str, Any]) -> None:
        self._parts: tuple[tuple[Registry[Any], dict[str, Any]], ...] = ((registry, dict(where)),)

    def union(self, *others: Names) -> Names:
        """Return a view of this view's names, then each of ``others``' not already listed."""
        joined = Names.__new__(Names)
        joined._parts = self._parts + tuple(part for other in others for part in other._parts)
        return joined

    def _names(self) -> tuple[str, ...]:
        names = (name for registry, where in self._parts for name in registry.names(**where))
        return tuple(dict.fromkeys(names))

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        # A whole registry is asked, so a name from an entry point counts too.
        return any(name in registry if not where else name in registry.names(**where)
                   for registry, where in self._parts)

    def __add__(self, other: Sequence[str]) -> tuple[str, ...]:
        return self._names() + tuple(other)

    def __radd__(self, other: Sequence[str]) -> tuple[str, ...]:
        return tuple(other) + self._names()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (tuple, list, Names)) and self._names() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._names())

    def __repr__(self) -> str:
        return repr(self._names())


def _origin(obj: object) -> str:
    """Return ``module.qualname`` of a registered object (to tell a reload from a clash)."""
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', type(obj).__qualname__)}"
