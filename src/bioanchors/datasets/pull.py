"""``bioanchors data pull``: download exports into a new vintage, all or nothing (issue 25).

Steps, for the datasets named (default: every dataset in ``data/datasets.toml``):

1. **Download** each with bounded waits: ``timeout`` seconds for any one network wait
   (connect or read) and ``deadline`` seconds for the whole file, at most :data:`MAX_BYTES`.
   A body shorter than its ``Content-Length`` is a truncated download.
2. **Check** each (:func:`~bioanchors.datasets.inspect.describe`): the served type, HTML
   pages, ZIP members, required columns, cut-short rows, YAML layout.
3. **Write** only when every download passed: into ``vintages/.tmp-<id>``, each file's sha256
   re-read from disk and compared with the bytes received, then the folder is renamed to
   ``vintages/<id>`` in one step. A failure at any step leaves no vintage and removes the
   temporary folder: the vintage in use stays in use.

Datasets not named are carried into the new vintage from the vintage in use when that is a
pulled one (their manifest entry says ``carried_from``), so ``data pull chip-sales`` makes a
complete vintage. The bundled snapshot is never copied: a dataset missing from a vintage
falls back to it, and every command says so.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from .. import vintages
from ..errors import DataError
from .inspect import describe

#: Largest download accepted [bytes] (Epoch's biggest export, all models, is ~5 MB).
MAX_BYTES = 200 * 1024 * 1024
#: Longest wait for any one network operation [s] and for a whole file [s].
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_DEADLINE_S = 300.0
_TYPES = {
    "csv": {"text/csv", "text/plain", "application/csv", "application/octet-stream", "application/vnd.ms-excel",
            "text/comma-separated-values"},
    "zip": {"application/zip", "application/x-zip-compressed", "application/octet-stream", "application/x-zip"},
    "yaml": {"text/yaml", "text/x-yaml", "application/yaml", "application/x-yaml", "text/plain",
             "application/octet-stream"},
}
_NETWORK_ERRORS = (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException, OSError)


def _stays() -> str:
    """Which vintage stays in use when a pull fails (named in every pull error)."""
    try:
        return f"the {vintages.default_vintage()} vintage stays in use"
    except DataError:
        return "no vintage was changed"


def fetch(url: str, where: str, *, timeout: float = DEFAULT_TIMEOUT_S, deadline: float = DEFAULT_DEADLINE_S,
          max_bytes: int = MAX_BYTES) -> tuple[bytes, str]:
    """(body, content type) of ``url``; every failure is one line naming ``where``."""
    from .. import __version__

    req = urllib.request.Request(url, headers={"User-Agent": f"bioanchors/{__version__} (data pull)"})
    start = time.monotonic()
    chunks, size = [], 0
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            ctype = resp.headers.get_content_type()
            length = resp.headers.get("Content-Length")
            while block := resp.read(1 << 16):
                size += len(block)
                if size > max_bytes:
                    raise DataError(f"{where}: larger than {max_bytes // 2**20} MB; not a dataset export. "
                                    f"Nothing was replaced; {_stays()}.")
                if time.monotonic() - start > deadline:
                    raise DataError(f"{where}: still downloading after {deadline:g} s; gave up. "
                                    f"Nothing was replaced; {_stays()}.")
                chunks.append(block)
    except urllib.error.HTTPError as exc:
        raise DataError(f"{where}: HTTP {exc.code} {exc.reason}. Nothing was replaced; {_stays()}.") from None
    except http.client.IncompleteRead:
        raise DataError(f"{where}: the connection closed before the whole file arrived (truncated). "
                        f"Nothing was replaced; {_stays()}.") from None
    except _NETWORK_ERRORS as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DataError(f"{where}: cannot download ({reason}); no network? Nothing was replaced; {_stays()}.") from None
    body = b"".join(chunks)
    if length is not None and length.isdigit() and int(length) != len(body):
        raise DataError(f"{where}: received {len(body)} of {length} bytes (truncated). Nothing was replaced; "
                        f"{_stays()}.")
    return body, ctype


def check_type(spec: dict, ctype: str, where: str) -> None:
    """Refuse a body served as a type the export never has (e.g. text/html, application/json)."""
    if ctype in ("text/html", "application/xhtml+xml"):
        raise DataError(f"{where}: the server sent an HTML page (a moved, login or error page), not the "
                        f"{spec['format'].upper()} export. Nothing was replaced; {_stays()}.")
    if ctype not in _TYPES[spec["format"]]:
        raise DataError(f"{where}: served as {ctype}, not a {spec['format'].upper()} export. "
                        f"Nothing was replaced; {_stays()}.")


def source_url(spec: dict, mirror: str | None = None, urls: dict | None = None) -> str:
    """The address to pull from: an explicit ``urls[name]``, a mirror folder + the export's file name, or the default."""
    if urls and spec["name"] in urls:
        return urls[spec["name"]]
    if mirror:
        return mirror.rstrip("/") + "/" + spec["url"].rsplit("/", 1)[-1]
    return spec["url"]


def _download(spec: dict, url: str, timeout: float, deadline: float) -> tuple[bytes, dict]:
    where = f"data pull {spec['name']} ({url})"
    raw, ctype = fetch(url, where, timeout=timeout, deadline=deadline)
    check_type(spec, ctype, where)
    try:
        info = describe(spec, raw, where)
    except DataError as exc:
        raise DataError(f"{exc} Nothing was replaced; {_stays()}.") from None
    info.update(address=url, content_type=ctype)
    return raw, info


def _new_id(now: datetime, root: Path) -> str:
    base = now.strftime("%Y-%m-%dT%H%M%SZ")
    vid, n = base, 1
    while (root / vid).exists():
        n += 1
        vid = f"{base}-{n}"
    return vid


def _write_file(folder: Path, name: str, raw: bytes) -> str:
    """Write ``raw`` to ``folder/name``, flushed to disk; returns the sha256 read back (checked by the caller)."""
    import hashlib

    path = folder / name
    with open(path, "wb") as fh:
        fh.write(raw)
        fh.flush()
        os.fsync(fh.fileno())
    digest = vintages.sha256_file(path)
    if digest != hashlib.sha256(raw).hexdigest():
        raise DataError(f"data pull: {name} differs on disk from what was downloaded (sha256); disk full or failing?")
    return digest


def _entry(spec: dict, info: dict, file: str, digest: str, size: int, retrieved: str) -> dict:
    return {"file": file, "address": info["address"], "retrieved": retrieved, "sha256": digest, "bytes": size,
            "rows": info["rows"], "latest_date": info["latest_date"], "licence": spec["licence"],
            "attribution": spec["attribution"], "format": spec["format"], "member": spec.get("member"),
            "content_type": info["content_type"], "columns": info["columns"]}


def _carry(base: vintages.Vintage | None, tmp: Path, datasets: dict) -> None:
    """Copy the datasets of ``base`` not pulled now into the new vintage, checked against their sums."""
    if base is None or base.is_bundled:
        return
    for name, entry in base.datasets.items():
        if name in datasets:
            continue
        src = base.verify(name)
        shutil.copy2(src, tmp / entry["file"])
        datasets[name] = {**entry, "carried_from": entry.get("carried_from", base.name)}


def pull(names: list[str] | None = None, *, mirror: str | None = None, urls: dict | None = None,
         timeout: float = DEFAULT_TIMEOUT_S, deadline: float = DEFAULT_DEADLINE_S,
         now: datetime | None = None) -> vintages.Vintage:
    """Download ``names`` (default: all datasets) into a new vintage; nothing is written unless all pass."""
    specs = [vintages.get_spec(n) for n in (names or list(vintages.dataset_specs()))]
    base_name = vintages.default_vintage()  # checked before any download: a broken pin fails first
    now = now or datetime.now(UTC)
    got = {s["name"]: (s, *_download(s, source_url(s, mirror, urls), timeout, deadline)) for s in specs}
    root = vintages.vintages_dir()
    root.mkdir(parents=True, exist_ok=True)
    vid = _new_id(now, root)
    tmp = root / f".tmp-{vid}-{os.getpid()}"
    try:
        tmp.mkdir()
        retrieved = now.isoformat(timespec="seconds")
        datasets = {}
        for name, (spec, raw, info) in got.items():
            file = spec["url"].rsplit("/", 1)[-1]
            datasets[name] = _entry(spec, info, file, _write_file(tmp, file, raw), len(raw), retrieved)
        _carry(None if base_name == vintages.BUNDLED else vintages.load_vintage(base_name), tmp, datasets)
        from .. import __version__

        manifest = {"vintage": vid, "created": retrieved, "bioanchors_version": __version__,
                    "pulled": sorted(got), "datasets": dict(sorted(datasets.items()))}
        _write_file(tmp, vintages.MANIFEST, json.dumps(manifest, indent=2).encode())
        os.rename(tmp, root / vid)  # one step: a vintage folder is complete or absent
    except OSError as exc:
        raise DataError(f"data pull: cannot write the vintage under {root} ({exc.strerror or exc}). "
                        f"Nothing was replaced; {_stays()}.") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return vintages.load_vintage(vid)
