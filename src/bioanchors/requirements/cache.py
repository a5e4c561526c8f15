"""On-disk cache of built requirement tables (the hypotheses' CDFs on the grid).

Building the six hypotheses samples 400,000 values each (~0.6 s); the result
depends only on the requirement part of the scenario and on the code that
builds it. So the tables are stored as one ``.npy`` file per key:

- location: ``$BIOANCHORS_CACHE_DIR``, else ``$XDG_CACHE_HOME/bioanchors``,
  else ``~/.cache/bioanchors``; ``BIOANCHORS_NO_CACHE=1`` turns it off;
- key: SHA-256 of the requirement part of the scenario (the JSON that also keys
  the in-process cache), the source code of the modules that build the tables,
  and the numpy version (its random streams define the samples); so editing
  the code or upgrading numpy never reads a stale table;
- written atomically (a temporary file, then ``os.replace``), read with
  ``allow_pickle=False`` and checked for shape and range; any I/O or format
  problem means "not cached" and the tables are rebuilt. Never an error.

Clear it by deleting the directory (``rm -rf ~/.cache/bioanchors``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from .distribution import GRID

FORMAT = "1"  # bump when the file layout changes
# Modules whose code shapes the tables: a change to any of them changes every key.
_SOURCES = ("anchors.py", "build.py", "distribution.py", "update.py", "../distributions.py", "../schema.py")


def cache_dir() -> Path | None:
    """Directory of the cache, or None when ``BIOANCHORS_NO_CACHE`` is set (to anything but 0/empty)."""
    if os.environ.get("BIOANCHORS_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("BIOANCHORS_CACHE_DIR"):
        return Path(os.environ["BIOANCHORS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bioanchors"


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    h = hashlib.sha256(f"{FORMAT} numpy {np.__version__}".encode())
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        try:
            h.update((here / name).read_bytes())
        except OSError:  # e.g. a zipped install: fall back to no cache rather than a stale one
            return ""
    return h.hexdigest()


def _path(key: str) -> Path | None:
    d, code = cache_dir(), _code_fingerprint()
    if d is None or not code:
        return None
    return d / f"requirements-{hashlib.sha256((code + key).encode()).hexdigest()[:32]}.npy"


def load(key: str, n_hypotheses: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(cdfs (hypotheses, grid), removed_by_update (hypotheses,)) from disk, or None."""
    path = _path(key)
    if path is None:
        return None
    try:
        table = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if table.shape != (n_hypotheses, GRID.size + 1) or table.dtype != np.float64:
        return None
    cdf = table[:, :-1]
    if not (np.all(np.isfinite(table)) and np.all(cdf[:, -1] == 1.0) and np.all(np.diff(cdf, axis=1) >= 0)):
        return None
    return cdf.copy(), table[:, -1].copy()


def store(key: str, cdfs: np.ndarray, removed: np.ndarray) -> None:
    """Write the tables atomically; silently give up on any I/O error (the cache is optional)."""
    path = _path(key)
    if path is None:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", suffix=".npy", delete=False) as f:
            tmp = f.name
            np.save(f, np.column_stack([cdfs, removed]))
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
