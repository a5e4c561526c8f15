"""Reusing unchanged work between forecasts in one process (issue 24 item 5: dashboard edits).

An edit in the dashboard re-runs the forecast with one input changed. With the same seed, every
draw of every other input is the same (the parameter space draws its uniforms in a fixed
dimension order), so the parts of the curves that depend only on unchanged inputs come out the
same, bit for bit. :class:`ArrayMemo` keeps the last few such parts, keyed by a digest of the
exact bytes of their inputs: a hit is, by construction, the array the computation would return.

Two reuses use this module's switch: the ensemble's member forecasts
(:data:`bioanchors.models.ensemble.MEMBER_CACHE`) and Cotra's algorithmic progress per draw
(:data:`TRAJECTORY_MEMO`: her algorithmic progress, FLOP/$ and spending per draw, of which an
edit of one input leaves most unchanged; progress is the largest part of her conditional
estimator's time). ``BIOANCHORS_NO_REUSE=1`` turns both off (the benchmark's
reference path, ``benchmarks/bench_edit_speed.py``).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np


def reuse_enabled() -> bool:
    """False when ``BIOANCHORS_NO_REUSE`` is set (to anything but 0 or empty)."""
    return os.environ.get("BIOANCHORS_NO_REUSE", "") in ("", "0")


def digest(*values) -> bytes:
    """A digest of the exact values, shapes and dtypes of ``values`` (arrays, numbers, strings, None;
    blake2b, 16 bytes). Two inputs with the same digest give a deterministic function the same output."""
    h = hashlib.blake2b(digest_size=16)
    for v in values:
        if v is None or isinstance(v, str):
            h.update(repr(v).encode() + b"\0")
            continue
        a = np.ascontiguousarray(v)
        if a.dtype.kind not in "biuf":
            raise TypeError(f"cannot digest a {a.dtype} array")
        h.update(f"{a.dtype.str}{a.shape}".encode())
        h.update(a.tobytes())
    return h.digest()


class LRU:
    """At most ``max_size`` of stored values (each of size ``size_of(value)``), least recently used
    first out; thread-safe (the web app's workers). ``hits`` and ``misses`` count the look-ups."""

    def __init__(self, max_size: int, size_of: Callable[[Any], int] = lambda _: 1) -> None:
        self.max_size, self.size_of, self.hits, self.misses = max_size, size_of, 0, 0
        self._entries: OrderedDict[Any, Any] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        """The value stored under ``key`` (now the most recent), or None."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return value

    def put(self, key: Any, value: Any) -> None:
        """Store ``value`` (a miss), dropping the least recently used until the bound holds."""
        if self.size_of(value) > self.max_size:
            return
        with self._lock:
            self.misses += 1
            if key not in self._entries:
                self._size += self.size_of(value)
            self._entries[key] = value
            self._entries.move_to_end(key)
            while self._size > self.max_size:
                self._size -= self.size_of(self._entries.popitem(last=False)[1])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0
            self.hits = self.misses = 0


class ArrayMemo(LRU):
    """At most ``max_bytes`` of computed arrays, keyed by a digest of their inputs.

    :meth:`memo` returns the array ``compute()`` gave for inputs with the same digest, read-only
    (so no caller can change what another will be handed), or computes and keeps it.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, size_of=lambda a: a.nbytes)

    def call(self, fn: Callable[..., np.ndarray], *args) -> np.ndarray:
        """``fn(*args)``, reused for the same function and the same argument values."""
        return self.memo((f"{fn.__module__}.{fn.__qualname__}", *args), lambda: fn(*args))

    def memo(self, inputs: tuple, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``compute()``, reused while ``inputs`` (which must determine it) have the same values."""
        if not reuse_enabled():
            return compute()
        key = digest(*inputs)
        out = self.get(key)
        if out is None:
            out = compute()
            out.flags.writeable = False
            self.put(key, out)
        return out


#: Cotra's trajectories per draw: algorithmic progress (draw, hypothesis, year), FLOP/$ and spending
#: (draw, year). 64 MB holds every chunk of a 10,000-draw conditional forecast over 76 years (48 MB).
TRAJECTORY_MEMO = ArrayMemo(max_bytes=64_000_000)
