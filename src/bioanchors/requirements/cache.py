"""On-disk cache of built requirement tables (the hypotheses' CDFs on the grid).

The tables are the *prior* builds, before any transform (the update against
low values is applied after loading, :mod:`.build`), so changing a
transform's parameters never invalidates them.

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
  problem means "not cached" and the tables are rebuilt (and rewritten). Never an
  error, and never a hang: only a regular file of the expected size is read (a FIFO
  or device in its place is opened non-blocking and skipped), and its header must
  claim the expected shape before any data is read (a corrupt header claiming a
  huge array allocates nothing);
- temporary files a killed process left behind (``.tmp-*.npy``, older than
  :data:`ABANDONED_SECONDS`) are deleted when the cache is pruned.

Clear it by deleting the directory (``rm -rf ~/.cache/bioanchors``).

Its size is bounded: after each write, the least recently used tables beyond
``$BIOANCHORS_CACHE_MAX_MB`` (default 200 MB, ~400 requirement sets of ~0.5 MB)
are deleted, so a long-running dashboard whose users edit the ingredients cannot
fill the disk. A read refreshes a table's modification time (its "last used").
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import tempfile
import time
from pathlib import Path

import numpy as np

from .distribution import GRID

FORMAT = "2"  # bump when the file layout changes (2: prior CDFs only, no removed-mass column)
# Modules whose code shapes the tables: a change to any of them changes every key.
# (update.py and transforms.py are not here: transforms are applied after the cache.)
_SOURCES = ("anchors.py", "build.py", "distribution.py", "../distributions.py", "../schema.py")
DEFAULT_MAX_MB = 200.0
MAX_HEADER_BYTES = 4096  # a .npy header of a 2-D float64 array is 128 bytes; anything longer is not ours
ABANDONED_SECONDS = 3600.0  # a temporary file this old is from a killed write (a write takes < 1 s)


def max_bytes() -> int:
    """The cache's size bound [bytes]: ``$BIOANCHORS_CACHE_MAX_MB`` [MB], default 200 (a bad value: the default)."""
    try:
        mb = float(os.environ.get("BIOANCHORS_CACHE_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(max(mb, 0.0) * 1e6) if np.isfinite(mb) else int(DEFAULT_MAX_MB * 1e6)


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


def load(key: str, n_hypotheses: int) -> np.ndarray | None:
    """The prior CDFs (hypotheses, grid) from disk, or None."""
    path = _path(key)
    if path is None:
        return None
    try:
        table = _read_table(path, (n_hypotheses, GRID.size))
    except (OSError, ValueError, EOFError):
        return None
    if table is None:
        return None
    if not (np.all(np.isfinite(table)) and np.all(table[:, -1] == 1.0) and np.all(np.diff(table, axis=1) >= 0)
            and np.all(table >= 0)):
        return None
    try:
        os.utime(path)  # last used: pruning deletes the least recently used tables first
    except OSError:
        pass
    return table


def _read_table(path: Path, shape: tuple[int, int]) -> np.ndarray | None:
    """The float64 array of ``shape`` in the .npy file ``path``, or None if the file is anything else.

    Opened non-blocking (a FIFO never blocks), and only a regular file no larger than the
    expected array plus a header is read; the header must claim ``shape`` before the data is read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        data_bytes = shape[0] * shape[1] * 8
        if not stat.S_ISREG(st.st_mode) or not data_bytes < st.st_size <= data_bytes + MAX_HEADER_BYTES:
            return None
        version = np.lib.format.read_magic(f)
        read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                       else np.lib.format.read_array_header_2_0)
        claimed, fortran, dtype = read_header(f)
        if tuple(claimed) != shape or fortran or dtype != np.dtype("<f8"):
            return None
        f.seek(0)
        return np.load(f, allow_pickle=False)


def store(key: str, cdfs: np.ndarray) -> None:
    """Write the tables atomically; silently give up on any I/O error (the cache is optional)."""
    path = _path(key)
    if path is None:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", suffix=".npy", delete=False) as f:
            tmp = f.name
            np.save(f, cdfs)
        os.replace(tmp, path)
        prune(path.parent, max_bytes())
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def prune(directory: Path, limit: int) -> None:
    """Delete the least recently used tables in ``directory`` until they total <= ``limit`` bytes, and
    temporary files abandoned by killed writes (older than :data:`ABANDONED_SECONDS`)."""
    old = time.time() - ABANDONED_SECONDS
    for p in directory.glob(".tmp-*.npy"):
        try:
            if p.lstat().st_mtime < old:
                p.unlink()
        except OSError:
            pass
    files = []
    for p in directory.glob("requirements-*.npy"):
        try:
            st = p.stat()
        except OSError:
            continue
        files.append((st.st_mtime, st.st_size, p))
    total = sum(size for _, size, _ in files)
    for _, size, p in sorted(files):
        if total <= limit:
            break
        try:
            p.unlink()
            total -= size
        except OSError:
            pass
