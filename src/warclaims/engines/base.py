"""The engines' registries: the engines themselves, and the input formats only the engines read.

* :data:`ENGINES`: ``run(inputs, out_dir, *, fmt, workers, master, mapping) -> BatchReport``,
  registered by decorator in the engine's module (:mod:`~warclaims.engines.local`,
  :mod:`~warclaims.engines.spark`); :func:`warclaims.engines.batch.run_batch` picks one by name.
* :data:`ENGINE_READERS`: formats the engines read besides the ingest formats (Parquet),
  ``read(path, mapping) -> Iterator[Item]`` for the local engine, with ``items="rows"`` when
  each row is one article and ``extensions`` detected as that format.

The ingest readers say how the engines split their inputs with the same metadata:
``items="rows"`` (CSV, JSON Lines, FA-KES) or ``items="file"`` (HTML, text, WARC: whole-file
bytes); a format without it (feeds, URLs) is read by :func:`warclaims.ingest.read_inputs`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from warclaims.engines.report import BatchReport
from warclaims.registry import Registry

ENGINES: Registry[Callable[..., BatchReport]] = Registry("engine", option="--engine", group="engines")
"""Engine name -> its run function, in registration order."""
ENGINE_READERS: Registry[Callable[..., Iterator[Any]]] = Registry("format", group="engine_readers")
"""Formats only the engines read -> ``read(path, mapping)`` (the local engine's reader)."""
