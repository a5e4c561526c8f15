"""The retrospective's published table ("What Happened With Bio Anchors?", ACX, Feb 2026), as published.

Read from the bundled ``data/retrospective_2026.toml`` (every cell with the words
it comes from and where they were read) and set beside what the tool computes
for the same parameter set, one line per cell that differs.

Factor names follow the post (and issue 9): ``real_compute``,
``algorithmic_progress``, ``effective_compute``; :data:`TOOL_ROW` maps them to
the rows of :class:`~bioanchors.retro.table.RetroResult`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import DataError
from ..trends.inputs import display_path

PUBLISHED_FILE = "retrospective_2026.toml"
#: published factor name -> the tool's row name
TOOL_ROW = {"spend": "spend", "flop_per_dollar": "flop_per_dollar", "run_length": "run_length",
            "real_compute": "real_compute", "algorithmic_progress": "algorithmic",
            "effective_compute": "effective_compute"}
#: Two figures agree when the tool's value rounds to the published one at the
#: post's precision (one decimal place) [x/yr].
ROUNDING = 0.05


@dataclass(frozen=True)
class PublishedCell:
    set_name: str
    factor: str  # published name, a key of TOOL_ROW
    value: float  # [x/yr]
    quote: str
    read_in: str
    why: str


@dataclass(frozen=True)
class PublishedTable:
    source: dict
    cells: tuple[PublishedCell, ...]

    def to_dict(self) -> dict:
        """set name -> {factor -> x/yr} (issue 9's JSON shape)."""
        out: dict[str, dict[str, float]] = {}
        for c in self.cells:
            out.setdefault(c.set_name, {})[c.factor] = c.value
        return out

    def compare(self, computed: dict[str, dict[str, float]]) -> list[dict]:
        """One entry per published cell: published, the tool's value, agree?, and the explanation.

        ``computed``: row -> set -> x/yr (``RetroResult.factors()``).
        """
        rows = []
        for c in self.cells:
            tool = computed.get(TOOL_ROW[c.factor], {}).get(c.set_name)
            agree = tool is not None and abs(tool - c.value) <= ROUNDING
            rows.append({"set": c.set_name, "factor": c.factor, "published": c.value, "tool": tool,
                         "agree": agree, "why": c.why, "quote": c.quote, "read_in": c.read_in})
        return rows


def _path() -> Path:
    return Path(str(resources.files("bioanchors") / "data" / PUBLISHED_FILE))


def load_published(path: str | Path | None = None) -> PublishedTable:
    """The published cells, validated: known factor names, positive finite values, a quote each."""
    path = Path(path) if path else _path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{display_path(path)}: cannot read the published table ({exc}).") from None
    source = raw.pop("source", {})
    cells = []
    for set_name, factors in raw.items():
        for factor, cell in factors.items():
            where = f"{display_path(path)}: [{set_name}.{factor}]"
            if factor not in TOOL_ROW:
                raise DataError(f"{where}: unknown factor; use one of {', '.join(TOOL_ROW)}.")
            v = cell.get("value")
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1e6:
                raise DataError(f"{where}.value = {v!r}: must be a positive yearly multiplier.")
            if not str(cell.get("quote", "")).strip():
                raise DataError(f"{where}: every published figure needs the 'quote' it comes from.")
            cells.append(PublishedCell(set_name, factor, float(v), cell["quote"], cell.get("read_in", ""),
                                       cell.get("why", "")))
    return PublishedTable(source, tuple(cells))


def difference_lines(rows: list[dict]) -> list[str]:
    """One plain line per published cell: agreement, or the gap and why."""
    lines = []
    for r in rows:
        head = f"{r['set']} {r['factor']}: published {r['published']:g}x/yr"
        if r["tool"] is None:
            lines.append(f"{head}; the tool has no {r['set']} set.")
        elif r["agree"]:
            lines.append(f"{head}, tool {r['tool']:.2f}x/yr: agree to the post's rounding.")
        else:
            lines.append(f"{head}, tool {r['tool']:.2f}x/yr: {r['why']}")
    return lines
