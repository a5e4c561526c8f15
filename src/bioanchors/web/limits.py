"""The web app's work budget, input checks and bounded concurrency.

Three guards keep one request (or fifty) from taking the server down:

- :func:`check_tree` walks request data (overrides, parsed uploaded TOML) before
  the schema sees it: nesting depth, finite numbers, integers in int64 range.
- :func:`check_cost` bounds a request's work before it runs: Monte Carlo
  ``samples x years x hypotheses`` per forecast (summed over a report's
  overlays); :func:`check_scenario_size` bounds the requirement build size and
  the hypothesis count.
- :class:`WorkGate` runs heavy work on at most ``workers`` threads with a short
  queue; a request that finds the queue full gets 503 with ``Retry-After``.
  When the gate goes idle, freed heap memory is handed back to the OS.

Every limit is a :class:`WebSettings` field, read from ``BIOANCHORS_WEB_*``
environment variables (docs/web.md, docs/limits.md).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import math
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Monte Carlo peaks at about 12 bytes per (sample, year, hypothesis) cell in a
# chunk (measured: 100,000 samples x 76 years x 6 hypotheses -> +540 MB), and
# takes about 35 ns per cell on one core. 30 M cells: < 400 MB and ~1 s.
BYTES_PER_CELL = 12


@dataclasses.dataclass(frozen=True)
class WebSettings:
    """Limits of the web app; every field is ``BIOANCHORS_WEB_<NAME>`` in the environment."""

    workers: int = 2  # heavy requests (Monte Carlo, reports, views) running at once (threads)
    queue: int = 8  # heavy requests waiting for a worker; beyond that, 503
    light_workers: int = 4  # exact forecasts running at once (~3 ms; ~0.8 s and ~30 MB on a new requirement build)
    light_queue: int = 256  # exact forecasts waiting; beyond that, 503
    queue_wait_s: float = 20.0  # a queued request waits at most this long, then 503
    retry_after_s: int = 2  # the Retry-After header of a 503
    work_budget: int = 30_000_000  # work units per request (Cotra's Monte Carlo: samples x years x hypotheses)
    max_samples: int = 200_000  # Monte Carlo samples per forecast
    max_hypotheses: int = 12  # hypotheses in an uploaded or edited scenario
    max_build_samples: int = 400_000  # requirements.build_samples (the schema's default)
    max_compare: int = 3  # scenarios overlaid in one /api/report
    max_depth: int = 32  # nesting depth of JSON bodies and uploaded TOML

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> WebSettings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(f"BIOANCHORS_WEB_{f.name.upper()}")
            if raw is None:
                continue
            is_float = f.type in (float, "float")
            try:
                val = float(raw) if is_float else int(raw)
            except ValueError:
                kind = "a number" if is_float else "a whole number"
                raise ValueError(f"BIOANCHORS_WEB_{f.name.upper()}={raw!r}: expected {kind}") from None
            low = 0 if f.name.endswith("queue") else 1
            if not (math.isfinite(val) and val >= low):
                raise ValueError(f"BIOANCHORS_WEB_{f.name.upper()}={raw!r}: must be a finite number >= {low}")
            values[f.name] = val
        return cls(**values)


class LimitError(Exception):
    """Input over a limit: ``field`` names the request field, ``status`` is 4xx or 503."""

    def __init__(self, field: str | None, message: str, status: int = 422, retry_after: int | None = None):
        super().__init__(message)
        self.field, self.message, self.status, self.retry_after = field, message, status, retry_after


# ---------------------------------------------------------------- request data

INT64 = 2**63


def check_tree(obj: Any, field: str, max_depth: int) -> None:
    """Reject nesting deeper than ``max_depth``, NaN/inf and integers outside int64.

    Iterative, so a 2,000-deep body cannot reach Python's recursion limit here.
    """
    stack = [(obj, field, 0)]
    while stack:
        node, where, depth = stack.pop()
        if depth > max_depth:
            raise LimitError(field, f"{field}: nested deeper than {max_depth} levels")
        if isinstance(node, bool) or node is None or isinstance(node, str):
            continue
        if isinstance(node, float) and not math.isfinite(node):
            raise LimitError(where, f"{where}: {node} is not a finite number; give a finite value")
        if isinstance(node, int) and not -INT64 < node < INT64:
            raise LimitError(where, f"{where}: integer out of range; give a number below 9.2e18")
        if isinstance(node, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k), depth + 1) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, where, depth + 1) for v in node)


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')  # a JSON string literal, escapes included (unrolled)
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")  # every byte but the four brackets


def json_depth(body: bytes) -> int:
    """Maximum bracket depth of a JSON text, ignoring brackets inside strings (no parsing, no recursion).

    Strings are cut out by a regular expression and the depth is a running sum
    in numpy, so a 256 KB body takes about a millisecond and never blocks the
    event loop for long.
    """
    import numpy as np

    brackets = _JSON_STRING.sub(b"", body).translate(None, _BRACKETS)
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


# ---------------------------------------------------------------- work budget


def forecast_cells(sc, method: str, samples: int | None, start_year: int | None, end_year: int | None) -> int:
    """Work units of one forecast (the model's ``cost``; Cotra's: samples x years x hypotheses for
    Monte Carlo); 0 for the exact method.

    ``auto`` and a missing ``samples`` resolve exactly as :func:`bioanchors.forecast.resolve_method` does.
    """
    from ..errors import BioanchorsError
    from ..forecast import resolve_method
    from ..models import model_for

    try:
        resolved, samples = resolve_method(sc, method, samples)
    except BioanchorsError:  # e.g. exact on uncertain trends: forecast() itself answers with the 4xx
        return 0
    if resolved == "exact":
        return 0
    y0 = sc.spec.years.start if start_year is None else start_year
    y1 = sc.spec.years.end if end_year is None else end_year
    model = model_for(sc)  # each model states its own cost (issue 20 item 4); a mixture sums its members'
    return int(model.cost(sc, resolved, samples, max(y1 - y0 + 1, 1)))


def hypothesis_count(sc) -> int:
    """Cotra's hypotheses in a scenario; 0 for other models (they have no hypotheses)."""
    return len(getattr(sc.spec, "hypotheses", None) or {})


def check_scenario_size(sc, settings: WebSettings, field: str) -> None:
    """Hypothesis count and requirement build size of a resolved scenario (an ensemble: of each member)."""
    for i, member in enumerate(sc.members):
        check_scenario_size(member, settings, f"{field}.models.{i}")
    n = hypothesis_count(sc)
    if n > settings.max_hypotheses:
        raise LimitError(field, f"{field}: {n} hypotheses; the web app takes at most {settings.max_hypotheses} "
                                "(run it with the CLI instead)")
    requirements = getattr(sc.spec, "requirements", None)  # Cotra's model only
    build = 0 if requirements is None else requirements.build_samples
    if build > settings.max_build_samples:
        raise LimitError(f"{field}.requirements.build_samples",
                         f"requirements.build_samples = {build:,}: the web app builds at most "
                         f"{settings.max_build_samples:,}; lower it or use the CLI")


def sample_limit(sc, settings: WebSettings, method: str = "monte-carlo", start_year: int | None = None,
                 end_year: int | None = None) -> dict:
    """The most samples one ``method`` forecast of ``sc`` may use here, in samples (issue 24 item 5):
    ``{"samples": N, "years": [first, last], "text": "at most 65,000 samples for 2025-2100"}``.

    N is the work budget over the work one sample costs (the model's own ``cost``, through
    :func:`forecast_cells`), rounded down to a thousand (so the stated number itself passes), and at
    most ``max_samples``; a method that samples nothing has only ``max_samples``.
    """
    y0 = sc.spec.years.start if start_year is None else start_year
    y1 = sc.spec.years.end if end_year is None else end_year
    probe = 10_000
    per_sample = forecast_cells(sc, method, probe, start_year, end_year) / probe
    n = settings.max_samples if per_sample <= 0 else min(settings.max_samples, int(settings.work_budget // per_sample))
    n = n // 1000 * 1000 if n >= 1000 else n
    return {"samples": n, "years": [y0, y1], "text": f"at most {n:,} samples for {y0}-{y1}"}


def check_cost(cells: int, settings: WebSettings, what: str = "samples", limit: dict | None = None) -> None:
    """Refuse work over the budget; ``limit`` (:func:`sample_limit`) says it in samples for the window."""
    if cells > settings.work_budget:
        stated = f"{limit['text']} on this server" if limit else "fewer samples or years"
        raise LimitError(what, f"this request needs {cells:,} work units (samples x years x the model's cost per "
                               f"draw-year) and the work budget is {settings.work_budget:,}: use {stated}")


# ---------------------------------------------------------------- bounded concurrency


def _libc_trim():
    name = ctypes.util.find_library("c")
    try:
        fn = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc: nothing to do
        return lambda: None
    return (lambda: fn(0)) if fn is not None else (lambda: None)


release_memory = _libc_trim()


class WorkGate:
    """At most ``workers`` requests run at once; ``queue`` more may wait; the rest get 503."""

    def __init__(self, settings: WebSettings, workers: int | None = None, queue: int | None = None):
        self.settings = settings
        self.workers = settings.workers if workers is None else workers
        self.queue = settings.queue if queue is None else queue
        self._slots = threading.BoundedSemaphore(self.workers)
        self._lock = threading.Lock()
        self._admitted = 0  # running + waiting

    def _busy(self, why: str) -> LimitError:
        return LimitError(None, f"the server is busy ({why}); retry in {self.settings.retry_after_s} s",
                          status=503, retry_after=self.settings.retry_after_s)

    @contextmanager
    def slot(self) -> Iterator[None]:
        s = self.settings
        with self._lock:
            if self._admitted >= self.workers + self.queue:
                raise self._busy(f"{self.workers} running, {self.queue} queued")
            self._admitted += 1
        try:
            if not self._slots.acquire(timeout=s.queue_wait_s):
                raise self._busy(f"waited {s.queue_wait_s:g} s for a worker")
            try:
                yield
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._admitted -= 1
                idle = self._admitted == 0
            if idle:  # give the Monte Carlo chunks' heap back to the OS
                release_memory()
