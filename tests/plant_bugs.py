"""Plant the deliberate bugs of issue 16 one at a time and record which tests catch each.

Run it on a copy of the repository, so that nothing else sees the planted bugs
(each file is restored from its saved text after its run)::

    mkdir /tmp/planted && tar --exclude=./.venv --exclude=./mutants --exclude=./.git -cf - . | tar -xf - -C /tmp/planted
    cd /tmp/planted && PYTHONPATH=src python tests/plant_bugs.py [--only NAME ...] [--pytest-args "..."]

For each bug: apply one textual patch to one file, run the test suite (browser tests
deselected: they drive the same API), list the failing tests, revert. The results are
recorded in docs/testing.md. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = "src/bioanchors/"

# name -> (file, old text, new text[, old text, new text ...]). Each old text must occur exactly once.
BUGS: dict[str, tuple[str, ...]] = {
    "update ramp sign flipped": (
        SRC + "requirements/update.py",
        "np.clip((np.asarray(log10_flop, dtype=float) - zero_at) / (one_at - zero_at), 0.0, 1.0)",
        "np.clip((zero_at - np.asarray(log10_flop, dtype=float)) / (one_at - zero_at), 0.0, 1.0)"),
    "p_none dropped in exact.p_by_year": (
        SRC + "evaluation/exact.py",
        "return (1.0 - traj.p_none) * np.einsum", "return 1.0 * np.einsum"),
    "Monte Carlo first crossing one year late": (
        SRC + "evaluation/montecarlo.py",
        "first = n_years - np.count_nonzero(crossed & eligible, axis=1)",
        "first = np.minimum(n_years - np.count_nonzero(crossed & eligible, axis=1) + 1, n_years)"),
    "Short/Long weights swapped in cotra2020.toml": (
        SRC + "scenarios/cotra2020.toml",
        'weight = { value = 0.20, source = "Report p. 131, best guess 20%" }',
        'weight = { value = 0.15, source = "Report p. 131, best guess 20%" }',
        'weight = { value = 0.15, source = "Report p. 131, best guess 15%',
        'weight = { value = 0.20, source = "Report p. 131, best guess 15%'),
    "fit_trends ignores its seed": (
        SRC + "trends/fitting.py",
        "    rng = rng if rng is not None else np.random.default_rng(seed)\n    logv",
        "    rng = rng if rng is not None else np.random.default_rng(0)\n    logv"),
    "efficiency --seed ignored": (
        SRC + "cli/efficiency.py",
        # The seed is still validated (so the bad-seed error tests do not catch it), then ignored.
        "rng = np.random.default_rng(check_seed(seed))", "rng = np.random.default_rng(0 * check_seed(seed))"),
    "evaluate_output ignores its first input": (
        SRC + "sensitivity/outputs.py",
        "params = from_unit_hypercube(spec, names, block)",
        "params = from_unit_hypercube(spec, names[1:], block[:, 1:])"),
    "FLOP/$ reference year off by one": (
        SRC + "flop_per_dollar.py",
        "years - reference_year)", "years - reference_year + 1)"),
    "logistic ceiling ignored": (
        SRC + "logistic.py",
        "log10_r = np.minimum(log10_start - np.asarray(log10_ceiling, dtype=float), 0.0)",
        "log10_r = np.minimum(log10_start - np.asarray(log10_ceiling, dtype=float), 0.0) - 3.0"),
    "Hernandez-Brown fit: slope sign": (
        SRC + "efficiency/hernandez_brown.py",
        "    s = float(slope[0])\n", "    s = -float(slope[0])\n"),
    "Sobol input held fixed": (
        SRC + "sensitivity/sobol.py",
        "u = np.clip(u, 1e-9, 1 - 1e-9)", "u = np.clip(u, 1e-9, 1 - 1e-9)\n    u[:, -1] = 0.5"),
    "spending ramp before 2025 flat": (
        SRC + "spending.py",
        "out = np.where(years < reference_year, ramp, out)",
        "out = np.where(years < reference_year, np.asarray(log10_start) + 0 * ramp, out)"),
    # Two more of ours, to reach the count of 14 (the issue names 12):
    "weights not normalised (w_i used as given)": (
        SRC + "evaluation/trajectories.py",
        "weights=w / total,", "weights=w,"),
    "algorithmic progress counted from the trend reference year (2025)": (
        SRC + "evaluation/trajectories.py",
        "progress_dt=np.maximum(t - ap.start_year, 0.0),", "progress_dt=np.maximum(t - fd.reference_year, 0.0),"),
}


def run(name: str, pytest_args: list[str]) -> list[str]:
    path, *edits = BUGS[name]
    file = REPO / path
    text = original = file.read_text()
    for old, new in zip(edits[::2], edits[1::2]):
        if text.count(old) != 1:
            raise SystemExit(f"{name}: the text to patch occurs {text.count(old)} times in {path}")
        text = text.replace(old, new)
    file.write_text(text)
    try:
        out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf",
                              "-m", "not browser", *pytest_args], cwd=REPO, capture_output=True, text=True)
    finally:
        file.write_text(original)
    return sorted(set(re.findall(r"^(?:FAILED|ERROR) (\S+)", out.stdout, re.M)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--pytest-args", default="", help="extra pytest arguments, e.g. a test subset")
    args = ap.parse_args()
    import bioanchors

    if Path(bioanchors.__file__).resolve().parents[1] != (REPO / "src").resolve():
        raise SystemExit(f"bioanchors is imported from {bioanchors.__file__}, not {REPO / 'src'}: set PYTHONPATH=src")
    for name in args.only or BUGS:
        caught = run(name, shlex.split(args.pytest_args))
        print(f"## {name}: caught by {len(caught)} test(s)", flush=True)
        for t in caught:
            print(f"   {t}", flush=True)


if __name__ == "__main__":
    main()
