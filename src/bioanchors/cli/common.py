"""Helpers shared by the CLI commands: output formats, consoles, progress."""

from __future__ import annotations

import json
import math
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.text import Text

from ..errors import BioanchorsError, ScenarioError
from ..schema import MAX_SEED, YEAR_MAX, YEAR_MIN

# Markup off: every string printed or put in a table is literal text, so units in square brackets
# ("[log10 FLOP]", "[yr]") and text from files ("[red]bogus") are shown as written (issue 24 item 6).
# Styles are given as Text(..., style=...) or style=..., never as "[bold]...[/]".
console = Console(markup=False)
err_console = Console(stderr=True, markup=False)

# Bounds on command-line options (docs/limits.md). Years use the schema's bounds.
MAX_SAMPLES = 2_000_000  # Monte Carlo samples per forecast
MAX_SAMPLE_YEARS = 152_000_000  # samples x forecast years (run time): 2M samples over the default 76 years
MAX_CHUNK_CELLS = 10_000_000  # min(samples, Monte Carlo chunk) x years (memory): ~1.2 GB measured
PLOT_SUFFIXES = (".png", ".svg", ".pdf")

# Typer option keyword arguments shared by commands.
SEED_RANGE = dict(min=0, max=MAX_SEED)
YEAR_RANGE = dict(min=YEAR_MIN, max=YEAR_MAX)


MAX_ERROR_LINES = 3
MAX_ERROR_LINE_CHARS = 500


def plain_message(message: str) -> str:
    """An error message made safe to print: control characters shown as escapes (no terminal
    codes from file names or keys), each line at most 500 characters, at most 3 lines."""
    text = "".join(c if c == "\n" or c.isprintable() else repr(c)[1:-1] for c in str(message))
    lines = [ln if len(ln) <= MAX_ERROR_LINE_CHARS else ln[: MAX_ERROR_LINE_CHARS - 3] + "..."
             for ln in text.strip("\n").split("\n")]
    if len(lines) > MAX_ERROR_LINES:
        more = len(lines) - MAX_ERROR_LINES + 1
        lines = lines[: MAX_ERROR_LINES - 1] + [f"  ... and {more} more (fix these first, then run again)"]
    return "\n".join(lines)


def print_error(message: str) -> None:
    """``error: <message>`` on stderr; the message is plain text (never read as rich markup)."""
    err_console.print(Text("error: ", style="bold red") + Text(plain_message(message)), highlight=False,
                      soft_wrap=True)


def finite_float(value: float | None) -> float | None:
    """Typer callback: refuse NaN and inf in float options (click accepts them)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"expected a finite number, got {value}")
    return value


def check_plot_path(path: Path | None) -> None:
    """Refuse a --plot target before any work: suffix, and a folder we can write into."""
    check_output_file(path, "--plot", PLOT_SUFFIXES, "forecast.png")


def check_output_file(path: Path | None, option: str, suffixes: tuple[str, ...], example: str) -> None:
    """Refuse an output file before any work: its suffix, a folder in its place, an unwritable parent."""
    if path is None:
        return
    if path.suffix.lower() not in suffixes:
        raise BioanchorsError(f"{option} {path}: expected a file name ending in {', '.join(suffixes[:-1])} "
                              f"or {suffixes[-1]}" if len(suffixes) > 1 else
                              f"{option} {path}: expected a file name ending in {suffixes[0]}")
    if path.is_dir():
        raise BioanchorsError(f"{option} {path}: is a folder; give a file name such as {path / example}")
    _check_writable_parent(path, option)
    _make_folder(path.parent, option, path)


def check_out_dir(out: Path | None, force: bool) -> None:
    """Refuse an --out folder before any work: it must be new or empty, unless ``force``."""
    if out is None:
        return
    if out.exists() and not out.is_dir():
        raise BioanchorsError(f"--out {out}: exists and is not a folder; give a new folder name")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise BioanchorsError(f"--out {out}: folder is not empty; give a new folder, or add --force to overwrite "
                              "results.json, results.csv, scenario.toml and manifest.json in it")
    _check_writable_parent(out / "x", "--out")
    _make_folder(out, "--out", out)


def _make_folder(folder: Path, option: str, given: Path) -> None:
    """Create the output folder now, so an unwritable place fails before the computation, not after."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BioanchorsError(f"{option} {given}: cannot create {folder}: {exc.strerror or exc}; "
                              "choose another location") from None


def _check_writable_parent(path: Path, option: str) -> None:
    """The nearest existing ancestor of ``path`` must be a folder we can write into."""
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise BioanchorsError(f"{option} {path}: {parent} is a file, not a folder; choose another location")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BioanchorsError(f"{option} {path}: cannot write into {parent} (permission denied); choose another location")


def check_samples(samples: int, n_years: int | None = None, method: str = "monte-carlo") -> None:
    """Bound the sampling work of one command (docs/limits.md): samples (or conditional trend draws),
    samples x years (time), and the samples held at once x years (memory). ``n_years`` None: range only."""
    if not 1 <= samples <= MAX_SAMPLES:
        raise BioanchorsError(f"--samples {samples}: must be between 1 and {MAX_SAMPLES:,}")
    if n_years is None:
        return
    if samples * n_years > MAX_SAMPLE_YEARS:
        raise BioanchorsError(f"--samples {samples:,} over {n_years} years is {samples * n_years:,} sample-years; the "
                              f"limit is {MAX_SAMPLE_YEARS:,}: lower --samples or narrow --start-year/--end-year")
    if method == "monte-carlo":  # the conditional method holds 2,000 draws at a time: bounded by the year limit
        from ..evaluation import montecarlo

        chunk = getattr(montecarlo, "CHUNK", 100_000)  # samples held in memory at once
        if min(samples, chunk) * n_years > MAX_CHUNK_CELLS:
            raise BioanchorsError(f"--samples {samples:,} over {n_years} years needs too much memory; over this many "
                                  f"years use at most {MAX_CHUNK_CELLS // n_years:,} samples, or narrow "
                                  "--start-year/--end-year")


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


class TableJsonCsv(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def print_json(obj: Any) -> None:
    """One JSON object on stdout, plain (no rich markup), NaN-free."""
    sys.stdout.write(json.dumps(obj, indent=2, allow_nan=False) + "\n")


def show_progress(quiet: bool) -> bool:
    """Progress bars only for a person at a terminal."""
    return not quiet and sys.stderr.isatty()


def save_figure(fig, path: Path) -> None:
    """Write a matplotlib figure, checking the path first."""
    check_plot_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=150, bbox_inches="tight")
    except OSError as exc:
        raise BioanchorsError(f"--plot {path}: cannot write: {exc.strerror or exc}") from None
    err_console.print(Text(f"wrote {path}"))


def write_plot(draw, path: Path, figsize: tuple[float, float] | None = None) -> None:
    """Draw a result to a file, never a window: ``draw(ax)`` fills a new Axes when
    ``figsize`` is given; otherwise ``draw(None)`` makes its own figure and returns
    its Axes (or an array of them). The suffix is checked before any drawing."""
    check_plot_path(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    # User text (scenario names, labels) goes into titles and legends: never read "$...$" as mathtext.
    with matplotlib.rc_context({"text.parse_math": False}):
        ax = plt.subplots(figsize=figsize)[1] if figsize is not None else None
        drawn = draw(ax)
        fig = np.ravel(drawn)[0].figure
        try:
            save_figure(fig, path)
        finally:
            plt.close(fig)


def naming_origin(origin: str, fn, *args, **kwargs):
    """Call ``fn``; an error that does not say where the scenario came from gets ``origin`` in front
    (evaluation-time errors such as contradictory correlations know the field, not the file)."""
    try:
        return fn(*args, **kwargs)
    except ScenarioError as exc:
        if origin in str(exc):
            raise
        raise ScenarioError(f"{origin}: {exc}", exc.errors) from None
    except BioanchorsError as exc:
        if origin in str(exc):
            raise
        raise BioanchorsError(f"{origin}: {exc}") from None


def run_guarded(fn, *args, **kwargs):
    """Call ``fn``; a BioanchorsError becomes a clean message and exit 2.

    Commands call this so that the error handling also applies when the typer
    app is driven directly (e.g. by typer.testing.CliRunner in tests).
    """
    try:
        return fn(*args, **kwargs)
    except BioanchorsError as exc:
        print_error(str(exc))
        raise typer.Exit(code=exc.exit_code) from None


def break_at(name: str, width: int, sep: str = ".") -> Text:
    """``name`` on one line when it fits ``width``, else broken after ``sep`` ("." of a dotted path, "-" of a
    scenario name): never mid-word, as rich's folding would break it in a narrow terminal."""
    lines, line = [], ""
    for part in str(name).split(sep):
        piece = part if not line else sep + part
        if line and len(line + piece) > width:
            lines.append(line + sep)
            line = part
        else:
            line += piece
    return Text("\n".join([*lines, line]))
