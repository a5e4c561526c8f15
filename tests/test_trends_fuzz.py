"""Fuzz tests of the data loaders (issue 10): generated CSVs, bounded examples.

Property: a data file either gives a result whose numbers are all finite (JSON
without NaN/inf), or a short user error (BioanchorsError: at most 3 lines,
naming the file); never another exception, so the CLI never shows a traceback.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bioanchors.efficiency import estimate_efficiency_trend, read_efficiency_csv
from bioanchors.errors import BioanchorsError
from bioanchors.trends.epoch_loaders import load_data
from bioanchors.trends.fitting import fit_trends

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),  # includes years 1-9999: outside 1900-2100 must be refused
    st.integers(1990, 2030).map(str),
    st.floats(1900, 2100, allow_nan=False).map(lambda y: f"{y:.3f}"),
    st.tuples(st.integers(1, 31), st.integers(1, 12), st.integers(2000, 2025)).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}"),
    st.sampled_from(["", "unknown", "2020-13-45", "May 2021", "0000-01-01", "2262-04-12", "1677-09-21"]),
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(1e-3, 1e30).map(lambda v: f"{v:.4g}"),
    st.integers(-10, 10**400).map(str),
    st.sampled_from(["", "nan", "inf", "-inf", "1e400", "-1", "0", "~1e24", "$3,000", "1,000,000"]),
)
GOOD_DATES = st.dates(min_value=__import__("datetime").date(2010, 1, 1),
                      max_value=__import__("datetime").date(2025, 12, 31)).map(lambda d: d.isoformat())
GOOD_NUMBERS = st.floats(1e15, 1e27).map(lambda v: f"{v:.4g}")
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
CELL = st.one_of(DATES, NUMBERS, TEXT)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    def q(v: str) -> str:
        return '"' + v.replace('"', '""') + '"'

    return "\n".join(",".join(q(c) for c in r) for r in [header, *rows]) + "\n"


def _check_error(exc: BioanchorsError, path: Path) -> None:
    msg = str(exc)
    assert len(msg.splitlines()) <= 3, msg
    assert len(msg) < 1200, msg
    assert str(path) in msg or "--" in msg, msg  # names the file (or the argument at fault)


def _cell(draw, good, bad):
    """Mostly good cells (so the fit path is exercised), one in twenty from the hostile strategy."""
    return draw(bad) if draw(st.integers(0, 19)) == 0 else draw(good)


REQUIRED = ["Model", "Publication date", "Training compute (FLOP)", "Training compute cost (2023 USD)",
            "Training time (hours)"]
OPTIONAL = st.lists(st.sampled_from(["Frontier model", "released", "flops", "junk"]), max_size=3, unique=True)


@st.composite
def models_csv(draw):
    # usually the required columns (a fit can happen), sometimes a random subset of them
    header = REQUIRED if draw(st.integers(0, 3)) else draw(st.lists(st.sampled_from(REQUIRED), unique=True))
    header = [*header, *draw(OPTIONAL)] or ["junk"]
    n = draw(st.integers(0, 30))
    rows = []
    for i in range(n):
        row = []
        for h in header:
            if h in ("Publication date", "released"):
                row.append(_cell(draw, GOOD_DATES, DATES))
            elif h == "Frontier model":
                row.append(draw(st.sampled_from(["True", "False", ""])))
            elif h == "Model":
                row.append(f"M{i}")
            else:
                row.append(_cell(draw, GOOD_NUMBERS, CELL))
        rows.append(row)
    return _csv(header, rows)


@FUZZ
@given(text=models_csv())
def test_models_loader_and_fit_fuzz(text):
    _fits_or_fails_cleanly(text, "models.csv",
                           lambda path: fit_trends(load_data([path]), since=None, n_boot=100, frontier="top-n"))


@st.composite
def efficiency_csv(draw):
    header = ["system", "date", "compute", "units"] + draw(st.sampled_from([[], ["task"], ["score"]]))
    n = draw(st.integers(0, 12))
    rows = []
    for i in range(n):
        # compute falls ~2x/yr (a fit exists) unless a hostile cell is drawn
        year = draw(st.floats(2012, 2024))
        good_c = st.just(f"{1e20 * 2.0 ** (2012 - year) * draw(st.floats(0.5, 2)):.4g}")
        row = [f"S{i}", _cell(draw, st.just(f"{year:.3f}"), DATES), _cell(draw, good_c, NUMBERS),
               _cell(draw, st.just("FLOP"), st.sampled_from(["pfs-days", "tfs-days", "GPU", ""]))]
        row += [draw(st.sampled_from(["A", "B"]))] if "task" in header else []
        row += [_cell(draw, st.just(f"{draw(st.floats(0, 1)):.3f}"), NUMBERS)] if "score" in header else []
        rows.append(row)
    return _csv(header, rows)


@FUZZ
@given(text=efficiency_csv())
def test_efficiency_loader_and_fit_fuzz(text):
    _fits_or_fails_cleanly(text, "eff.csv", lambda path: estimate_efficiency_trend(
        read_efficiency_csv(path), n_bootstrap=100, where=str(path)))


def _fits_or_fails_cleanly(text: str, name: str, fit) -> None:
    """The fuzz property: ``fit`` of the file either gives finite numbers or a short error naming the file."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_text(text, encoding="utf-8")
        try:
            result = fit(path)
        except BioanchorsError as exc:
            _check_error(exc, path)
            return
        json.dumps(result.to_dict(), allow_nan=False)  # every number finite


@FUZZ
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes_fuzz(raw):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bytes.csv"
        path.write_bytes(raw)
        for load in (lambda: load_data([path]), lambda: read_efficiency_csv(path)):
            try:
                load()
            except BioanchorsError as exc:
                _check_error(exc, path)
                assert len(str(exc)) < 700  # echoed cells and headers are clipped (~80 characters each)


@pytest.mark.parametrize("year", ["2622-01-01", "1500-01-01", "9999-01-01"])
def test_years_that_used_to_wrap_are_refused(tmp_path, year):
    # issue 10: these wrapped silently through nanosecond datetimes (2622 -> ~2037)
    p = tmp_path / "m.csv"
    p.write_text("Model,Publication date,Training compute (FLOP)\nA,2019-01-01,1e22\nB,2020-01-01,1e23\n"
                 f"C,{year},1e24\n")
    with pytest.raises(BioanchorsError, match=rf"row 3.*{year}.*1900-2100"):
        load_data([p])


# --- CLI arguments (issue 10: --seed -1, --n-boot -1, huge counts reached tracebacks) -------------

INTS = st.one_of(st.integers(-(2**70), 2**70), st.sampled_from([-1, 0, 1, 99, 100, 10_000, 10_001, 2**32]))


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=INTS, n=INTS, since=st.integers(1800, 2200), top_n=st.integers(-3, 50),
       frontier=st.sampled_from(["auto", "epoch-flag", "top-n", "residual", "bogus"]))
def test_trends_cli_arguments_fuzz(seed, n, since, top_n, frontier):
    from typer.testing import CliRunner

    from bioanchors.cli import app

    # small n-boot keeps the runs fast: the property is about the arguments, not the fit
    n_boot = n if not 100 <= n <= 10_000 else 100
    res = CliRunner().invoke(app, ["trends", "--seed", str(seed), "--n-boot", str(n_boot), "--since", str(since),
                                   "--top-n", str(top_n), "--frontier", frontier, "--format", "json"])
    assert res.exit_code in (0, 2), res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    if res.exit_code == 0:
        json.loads(res.stdout)  # valid JSON, NaN-free by print_json


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=INTS, boot=INTS, dataset=st.sampled_from(["alexnet", "resnet50", "translation", "x"]))
def test_efficiency_cli_arguments_fuzz(seed, boot, dataset):
    from typer.testing import CliRunner

    from bioanchors.cli import app

    boot = boot if not 100 <= boot <= 10_000 else 100
    res = CliRunner().invoke(app, ["efficiency", "--dataset", dataset, "--seed", str(seed), "--bootstrap", str(boot),
                                   "--format", "json"])
    assert res.exit_code in (0, 2), res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
