"""Data vintages: which snapshot of the public datasets a run used (issue 25; docs/data.md).

A *vintage* is one set of downloaded exports, stored in the user cache with a manifest,
or ``bundled``, the snapshot shipped inside the package (always present, the default).

Layout of the cache (``BIOANCHORS_DATA_DIR``, else ``$XDG_CACHE_HOME/bioanchors/data``,
else ``~/.cache/bioanchors/data``)::

    vintages/<id>/manifest.json      one entry per dataset: address, retrieval time, sha256, rows,
    vintages/<id>/<file>             latest date, licence, attribution
    pinned                           the id ``data pin`` chose (absent: bundled)

A vintage directory is written under a temporary name and renamed into place in one
step (:mod:`bioanchors.datasets.pull`), so a vintage listed here is always complete. This
module only reads: stdlib only, so the scenario schema can check ``data_vintage`` cheaply.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError

BUNDLED = "bundled"
MANIFEST = "manifest.json"
#: A vintage id is the UTC time of its pull, e.g. 2026-12-07T031503Z (a suffix -2, -3 on a clash).
VINTAGE_ID = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?$")


def cache_dir() -> Path:
    """Where pulled vintages live (created on first pull, never by a read)."""
    env = os.environ.get("BIOANCHORS_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "bioanchors" / "data"


def vintages_dir() -> Path:
    return cache_dir() / "vintages"


@dataclass(frozen=True)
class Vintage:
    """A vintage: its id, its folder (None for bundled) and its manifest (dataset -> entry)."""

    name: str
    path: Path | None
    datasets: dict
    created: str = ""

    @property
    def is_bundled(self) -> bool:
        return self.name == BUNDLED

    def file(self, dataset: str) -> Path | None:
        """The stored file of ``dataset`` in this vintage, or None when the vintage lacks it."""
        entry = self.datasets.get(dataset)
        if entry is None or self.path is None:
            return None
        return self.path / entry["file"]

    def verify(self, dataset: str) -> Path:
        """The file of ``dataset``, its sha256 checked against the manifest (a one-line error if it changed)."""
        path = self.file(dataset)
        if path is None:
            raise DataError(f"vintage {self.name}: has no dataset '{dataset}'; run 'bioanchors data pull {dataset}'.")
        try:
            digest = sha256_file(path)
        except OSError as exc:
            raise DataError(f"vintage {self.name}: cannot read {path.name} ({exc.strerror or exc}); "
                            f"pull '{dataset}' again.") from None
        expected = self.datasets[dataset].get("sha256")
        if expected is not None and digest != expected:  # bundled files ship with the package: no stored sum
            raise DataError(f"vintage {self.name}: {path.name} changed since it was pulled (sha256 mismatch); "
                            f"pull '{dataset}' again.")
        return path


def package_data_dir() -> Path:
    from importlib import resources

    return Path(str(resources.files("bioanchors") / "data"))


@functools.lru_cache(maxsize=1)
def dataset_specs() -> dict[str, dict]:
    """The datasets ``data pull`` knows (``data/datasets.toml``): address, format, licence, attribution, layout."""
    import tomllib

    doc = tomllib.loads((package_data_dir() / "datasets.toml").read_text(encoding="utf-8"))
    return {name: {"name": name, **spec} for name, spec in doc.items()}


def get_spec(name: str) -> dict:
    """The registry entry of dataset ``name``; an unknown name is one line with a did-you-mean."""
    specs = dataset_specs()
    if name not in specs:
        close = difflib.get_close_matches(name, list(specs), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise DataError(f"unknown dataset '{name}'; {hint}choose from: {', '.join(specs)}.")
    return specs[name]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def pulled_ids() -> list[str]:
    """Ids of the complete vintages in the cache, oldest first (temporary folders are ignored)."""
    root = vintages_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if VINTAGE_ID.match(p.name) and (p / MANIFEST).is_file())


def all_ids() -> list[str]:
    return [BUNDLED, *pulled_ids()]


def _unknown(name: str) -> DataError:
    ids = all_ids()
    close = difflib.get_close_matches(name, ids, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return DataError(f"unknown data vintage '{name}'; {hint}choose one of: {', '.join(ids)} "
                     "(bioanchors data list; bioanchors data pull makes a new one).")


def check_vintage(name: str) -> str:
    """``name`` if it is bundled or a vintage in the cache, else a one-line :class:`DataError`."""
    if name != BUNDLED and name not in pulled_ids():
        raise _unknown(name)
    return name


def load_vintage(name: str) -> Vintage:
    """The vintage called ``name`` with its manifest."""
    if name == BUNDLED:
        entries = {n: {"file": s["bundled"], "sha256": None, "licence": s["licence"],
                       "attribution": s["attribution"], "address": f"bioanchors/data/{s['bundled']}"}
                   for n, s in dataset_specs().items() if s.get("bundled")}
        return Vintage(BUNDLED, package_data_dir(), entries, "")
    check_vintage(name)
    path = vintages_dir() / name
    try:
        doc = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"vintage {name}: its manifest cannot be read ({exc}); pull again.") from None
    return Vintage(name, path, dict(doc.get("datasets", {})), str(doc.get("created", "")))


def pinned() -> str | None:
    """The pinned vintage id, or None. A pin whose vintage was deleted is an error, not a silent fallback."""
    f = cache_dir() / "pinned"
    if not f.is_file():
        return None
    name = f.read_text(encoding="utf-8").strip()
    if name and name != BUNDLED and name not in pulled_ids():
        raise DataError(f"the pinned data vintage '{name}' is no longer in {vintages_dir()}; "
                        "run 'bioanchors data pin bundled' or pin another (bioanchors data list).")
    return name or None


def default_vintage() -> str:
    """The vintage a command uses when none is named: the pinned one, else bundled (offline by default)."""
    return pinned() or BUNDLED


def resolve(name: str | None) -> tuple[str, str]:
    """(vintage id, why it was chosen: 'given', 'pinned' or 'default')."""
    if name is not None:
        return check_vintage(name), "given"
    pin = pinned()
    return (pin, "pinned") if pin else (BUNDLED, "default")


def write_pin(name: str) -> Path:
    """Pin ``name`` (atomic replace of the ``pinned`` file)."""
    check_vintage(name)
    root = cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".pinned.{os.getpid()}.tmp"
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, root / "pinned")
    return root / "pinned"


def manifest_record(scenario_vintage: str | None) -> dict:
    """What a forecast's output manifest records about the data: the vintage, why, each dataset's sha256.

    A forecast reads the scenario's ``data_vintage``, else bundled: never the pin, so that its numbers
    depend on the scenario file alone (the pin is for the data commands; it is recorded as
    ``pinned`` for information). Bundled files ship with the package: their entry is the package file.
    """
    name, why = (check_vintage(scenario_vintage), "scenario") if scenario_vintage else (BUNDLED, "default")
    v = load_vintage(name)
    try:
        pin = pinned()
    except DataError:
        pin = None
    return {"name": name, "chosen": why, "pinned": pin,
            "datasets": {d: e.get("sha256") or e.get("address") for d, e in sorted(v.datasets.items())}}
