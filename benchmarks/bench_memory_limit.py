"""Peak memory of a conditional forecast at the sample-year limit, window 2020-2300, per model family
(issue 23 item 9; docs/limits.md "Every bound", the table "Peak memory at the limit").

Each case runs in a fresh subprocess (so one model's peak is not another's) and reports that
process's peak resident set size (``resource.getrusage(RUSAGE_SELF).ru_maxrss``), beside the same
process's peak after importing bioanchors and running a 10-draw forecast of the same scenario
(the baseline: code, data, requirement builds), so the difference is what the draws cost. The
limit is the CLI's: samples x years <= 152,000,000 (``cli.common.MAX_SAMPLE_YEARS``), i.e. 540,925
draws over the 281 years 2020-2300. The two simulation models (ftm-uncertain, aifm-uncertain)
run ~0.07 s and ~5 ms per draw over that window, so 540,925 draws would take ~11 h and ~45 min:
they run a smaller count that still spans several chunks (``evaluation.problem.CHUNK_CELLS``;
memory is held per chunk, so the peak is reached within the first chunks), and the table says so.

    PYTHONPATH=src python benchmarks/bench_memory_limit.py [--bound-gb 0.6] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys

START, END = 2020, 2300
LIMIT_SAMPLE_YEARS = 152_000_000  # cli.common.MAX_SAMPLE_YEARS
LIMIT_DRAWS = LIMIT_SAMPLE_YEARS // (END - START + 1)  # 540,925 over the 281 years 2020-2300
CASES = [  # (scenario, draws, start, end): the limit, or several chunks for the simulation models (see above)
    ("cotra2020-uncertain", LIMIT_DRAWS, START, END),
    ("direct-approach", LIMIT_DRAWS, START, END),
    ("metr-horizon", LIMIT_DRAWS, START, END),
    ("semi-informative-priors", LIMIT_DRAWS, START, END),
    ("ftm-uncertain", 2_000, START, END),   # 2.8 chunks of 711 draws
    ("aifm-uncertain", 10_000, START, END),  # 12 chunks of 837 draws
    # The widest window the schema allows, at the limit: the bands' rows once broke the bound here.
    ("semi-informative-priors", LIMIT_SAMPLE_YEARS // 1101, 1900, 3000),
    ("metr-horizon", LIMIT_SAMPLE_YEARS // 1101, 1900, 3000),
]

CHILD = """
import json, resource, sys, time
import bioanchors
name, n, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
bioanchors.forecast(name, method="conditional", samples=10, seed=0, start_year=start, end_year=end)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
res = bioanchors.forecast(name, method="conditional", samples=n, seed=0, start_year=start, end_year=end)
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
from bioanchors.evaluation.problem import CHUNK_CELLS
print(json.dumps({"base_kb": base, "peak_kb": peak, "seconds": dt, "median": res.median_year,
                  "chunk_cells": CHUNK_CELLS}))
"""


def run(name: str, n: int, start: int, end: int) -> dict:
    # Reuse between forecasts (evaluation.reuse) stays on, as in the web app: its arrays count in the peak.
    out = subprocess.run([sys.executable, "-c", CHILD, name, str(n), str(start), str(end)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bound-gb", type=float, default=0.6, help="the documented bound (docs/limits.md)")
    ap.add_argument("--quick", action="store_true", help="one tenth of each draw count (a smoke run)")
    args = ap.parse_args()
    print(f"machine: {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}); bound {args.bound_gb} GB peak RSS")
    print("| scenario | window | draws | draws x years | time [s] | baseline [GB] | peak [GB] | peak - baseline [GB] | verdict |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, n, start, end in CASES:
        n = max(10, n // 10) if args.quick else n
        r = run(name, n, start, end)
        base, peak = r["base_kb"] / 1e6, r["peak_kb"] / 1e6
        verdict = "PASS" if peak <= args.bound_gb else "FAIL"
        print(f"| {name} | {start}-{end} | {n:,} | {n * (end - start + 1):,} | {r['seconds']:.1f} | {base:.2f} | {peak:.2f} | "
              f"{peak - base:.2f} | {verdict} |", flush=True)


if __name__ == "__main__":
    main()
