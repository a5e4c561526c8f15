"""Reading data files safely: one file check, one date parser, one set of bounds.

Shared by the Epoch loaders (:mod:`bioanchors.trends.epoch_loaders`) and the
efficiency loaders (:mod:`bioanchors.efficiency.datasets`), so that both read
a date the same way and refuse the same bad inputs with the same message.

**Date rule** (one rule for every data file; docs/trends.md, docs/efficiency.md):

* a full date is that day: ISO ``2023-05-01`` / ``2023/05/01`` /
  ``2023.05.01`` (optional time part ignored), ``01/05/2023``,
  ``1 May 2023``, ``May 1, 2023``;
* a date given only to the month or the year is the **middle** of that
  period: ``2023-05`` and ``May 2023`` -> 15 May, ``2023`` -> 1 July. Why: a
  trend fitted to dates rounded down would sit half a period early;
* a number with a decimal point is a decimal year, read exactly:
  ``2019.41``, ``2019.0`` (= 1 January 2019), ``2019.`` (= 2019.0);
* ``a/b/YYYY``: the order is decided once per column: day-first if some ``a``
  exceeds 12, month-first otherwise (US/Excel); a column where both an ``a``
  and a ``b`` exceed 12 contradicts itself and those cells are unreadable;
* every date must fall in :data:`YEAR_MIN`-:data:`YEAR_MAX` (1900-2100):
  anything else is refused with the file, the row and the value, never
  wrapped (pandas' nanosecond datetimes overflow outside 1677-2262).

Decimal year of a day: ``year + (day_of_year - 1) / days_in_year``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np

from ..errors import DataError

YEAR_MIN = 1900
YEAR_MAX = 2100
#: Largest data file read [bytes]: Epoch's full export is ~5 MB.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Longest piece of user text echoed in a message [characters].
ECHO_CHARS = 80
#: Seeds accepted by every data command (numpy accepts any non-negative int;
#: this bound keeps seeds portable and documented).
SEED_MAX = 2**32 - 1
#: Bootstrap resamples: below 100 a 90% interval rests on 5 draws per tail;
#: above 10,000 the run takes minutes and hundreds of MB for no visible gain.
N_BOOT_MIN = 100
N_BOOT_MAX = 10_000


def clip(text, n: int = ECHO_CHARS) -> str:
    """User text for a message: printable, at most ``n`` characters ('...' when cut)."""
    s = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return s if len(s) <= n else s[: n - 3] + "..."


def check_seed(seed, flag: str = "--seed") -> int:
    """A seed in 0..SEED_MAX, else a one-line :class:`DataError`."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= SEED_MAX:
        raise DataError(f"{flag} {clip(seed)}: must be an integer from 0 to {SEED_MAX}.")
    return int(seed)


def check_count(n, flag: str, low: int = N_BOOT_MIN, high: int = N_BOOT_MAX, zero_ok: bool = False) -> int:
    """A resample count in ``low..high`` (or 0 when ``zero_ok``), else a one-line :class:`DataError`."""
    ok = isinstance(n, (int, np.integer)) and not isinstance(n, bool) and (low <= n <= high or (zero_ok and n == 0))
    if not ok:
        zero = "0 (none) or " if zero_ok else ""
        raise DataError(f"{flag} {clip(n)}: must be {zero}an integer from {low} to {high:,}.")
    return int(n)


#: Largest bootstrap held in memory at once [resampled cells = resamples x points x columns]:
#: about 160 MB of float64.
MAX_BOOT_CELLS = 20_000_000


def check_boot_work(n_boot: int, n_points: int, width: int, flag: str) -> None:
    """Refuse a bootstrap whose arrays would exceed :data:`MAX_BOOT_CELLS` (one line, names the bound)."""
    cells = int(n_boot) * int(n_points) * max(int(width), 1)
    if cells > MAX_BOOT_CELLS:
        most = max(MAX_BOOT_CELLS // (max(n_points, 1) * max(width, 1)), 0)
        raise DataError(f"{flag} {n_boot} with {n_points} points is too much work (limit {MAX_BOOT_CELLS:,} "
                        f"resampled cells); use {flag} {most} or fewer.")


def check_finite(obj, where: str, what: str = "result") -> None:
    """Refuse a result holding NaN or infinity (e.g. a growth rate that overflows), naming the first key."""
    def walk(o, key):
        if isinstance(o, dict):
            for k, v in o.items():
                walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(o, (list, tuple)):
            for i, v in enumerate(o):
                walk(v, f"{key}[{i}]")
        elif isinstance(o, (float, np.floating)) and not np.isfinite(o):
            raise DataError(f"{where}: the {what}'s '{key}' is {o} (values too extreme to fit); "
                            "check the units and magnitudes in the file.")
    walk(obj, "")


# ---------------------------------------------------------------- files

def read_bytes(path: Path, hint: str) -> bytes:
    """The bytes of a regular file, or a :class:`DataError` naming it.

    Checked before opening: missing, a directory, not a regular file (a FIFO
    would block forever), larger than :data:`MAX_FILE_BYTES`, empty, binary.
    ``hint`` ends the message (what the user should pass instead).
    """
    try:
        if not path.exists():
            raise DataError(f"{path}: file not found. {hint}")
        if path.is_dir():
            raise DataError(f"{path}: is a directory. {hint}")
        if not path.is_file():
            raise DataError(f"{path}: not a regular file (a pipe or device). {hint}")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(f"{path}: {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit. {hint}")
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror or exc}). {hint}") from None
    if not raw.strip():
        raise DataError(f"{path}: the file is empty. {hint}")
    utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    if b"\x00" in raw[:65536] and not utf16:
        raise DataError(f"{path}: binary data (NUL bytes), not a CSV text file. {hint}")
    return raw


# ---------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DECIMAL = re.compile(r"^(\d{4})\.(\d*)$")
_YEAR = re.compile(r"^(\d{4})$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_WORDY_DMY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?,?\s+(\d{4})$")
_WORDY_MDY = re.compile(r"^([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_WORDY_MY = re.compile(r"^([A-Za-z]{3,})\.?\s+(\d{4})$")
MID_MONTH_DAY = 15
MID_YEAR = (7, 1)


def decimal_year_of(d: date) -> float:
    """Calendar day -> decimal year [yr]."""
    start = date(d.year, 1, 1)
    days = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days


def _day_of_decimal(y: float) -> date:
    year = int(np.floor(y))
    start = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - start).days
    return date.fromordinal(start.toordinal() + min(int((y - year) * days), days - 1))


def _parse_cell(v: str, dayfirst: bool) -> tuple[int, float | None, date | None]:
    """One cell -> (year, exact decimal year or None, day). Raises ValueError/KeyError if unreadable."""
    if m := _DECIMAL.match(v):
        y = int(m.group(1))
        if not YEAR_MIN <= y <= YEAR_MAX:
            return y, None, None
        dec = float(v.rstrip(".") or y)
        return y, dec, _day_of_decimal(dec)
    if m := _YEAR.match(v):
        y, mo, d = int(m.group(1)), *MID_YEAR
    elif m := _ISO.match(v):
        y, mo = int(m.group(1)), int(m.group(2))
        d = int(m.group(3)) if m.group(3) else MID_MONTH_DAY
    elif m := _SLASHED.match(v):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d, mo = (a, b) if dayfirst else (b, a)
    elif m := _WORDY_DMY.match(v):
        d, mo, y = int(m.group(1)), _MONTHS[m.group(2)[:3].lower()], int(m.group(3))
    elif m := _WORDY_MDY.match(v):
        mo, d, y = _MONTHS[m.group(1)[:3].lower()], int(m.group(2)), int(m.group(3))
    elif m := _WORDY_MY.match(v):
        mo, d, y = _MONTHS[m.group(1)[:3].lower()], MID_MONTH_DAY, int(m.group(2))
    else:
        raise ValueError(v)
    if not YEAR_MIN <= y <= YEAR_MAX:
        return y, None, None
    day = date(y, mo, d)
    return y, None, day


def slash_order(cells: list[str]) -> tuple[bool, bool]:
    """(dayfirst, ambiguous) for the ``a/b/YYYY`` cells of one column."""
    pairs = [(int(m.group(1)), int(m.group(2))) for m in map(_SLASHED.match, cells) if m]
    dayfirst = any(a > 12 for a, _ in pairs)
    ambiguous = bool(pairs) and not dayfirst and not any(b > 12 for _, b in pairs)
    return dayfirst, ambiguous


def parse_date_cells(cells, *, where: str, column: str):
    """Text cells of one date column -> (decimal years, datetime64[D], missing, unreadable, ambiguous).

    Empty cells are ``missing``; cells no rule reads are ``unreadable`` (the
    caller decides whether that is a counted skip or an error). A readable
    date outside 1900-2100 is a :class:`DataError` naming ``where``, the row
    (1 = first data row) and the value. ``ambiguous``: the column's
    ``a/b/YYYY`` cells could be read either way (read month-first).
    """
    s = ["" if c is None or (isinstance(c, float) and np.isnan(c)) else str(c).strip() for c in cells]
    n = len(s)
    years = np.full(n, np.nan)
    days = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    missing = np.array([v == "" for v in s], dtype=bool)
    bad = np.zeros(n, dtype=bool)
    dayfirst, ambiguous = slash_order(s)
    for i, v in enumerate(s):
        if missing[i]:
            continue
        try:
            y, dec, day = _parse_cell(v, dayfirst)
        except (ValueError, KeyError):
            bad[i] = True
            continue
        if day is None:
            raise DataError(f"{where}, row {i + 1}, column {clip(column)!r}: date {clip(v)!r} is outside "
                            f"{YEAR_MIN}-{YEAR_MAX}; fix the year (dates are never wrapped or guessed).")
        years[i] = dec if dec is not None else decimal_year_of(day)
        days[i] = np.datetime64(day, "D")
    return years, days, missing, bad, ambiguous


def display_path(path: str | Path) -> str:
    """How a data file is named in messages and reports: ``bundled <name>`` for the package's own data
    (never the install path, which says nothing to a user and leaks the layout: issue 23), else the path."""
    from importlib import resources

    data_dir = Path(str(resources.files("bioanchors") / "data")).resolve()
    try:
        return f"bundled {Path(path).resolve().relative_to(data_dir).as_posix()}"
    except (ValueError, OSError):
        return str(path)
