"""Measure each model's cost per draw-year against the work unit the web budget counts in
(issue 20 item 4): one cell of Cotra's joint Monte Carlo (sample x year x hypothesis), measured
in the same run. Prints each model's declared ``draw_year_cost`` beside the measured ratio and a
verdict: a declared cost within a factor of 2 of the measurement keeps the budget honest.

    python benchmarks/bench_model_costs.py [name ...]   (default: every case; the unit is always measured)

Times are CPU (process) time, so a loaded, shared machine slows the unit and the models alike.
"""

from __future__ import annotations

import sys
import time

import bioanchors
from bioanchors.models import model_for

CASES = [("cotra2020-uncertain", "monte-carlo", 40_000), ("cotra2020-uncertain", "conditional", 20_000),
         ("direct-approach", "conditional", 20_000), ("metr-horizon", "conditional", 50_000),
         ("semi-informative-priors", "conditional", 20_000), ("ftm-uncertain", "conditional", 400)]


def seconds(name: str, method: str, n: int) -> tuple[float, int]:
    """CPU seconds of one forecast (process time: the machine may be shared; the forecast runs in one thread)."""
    sc = bioanchors.load_scenario(name)
    bioanchors.forecast(sc, method=method, samples=min(n, 500))  # warm caches
    t = time.process_time()
    res = bioanchors.forecast(sc, method=method, samples=n)
    return time.process_time() - t, res.years.size


def main() -> None:
    only = set(sys.argv[1:])
    unit_s, years = seconds(*CASES[0])
    unit = unit_s / (CASES[0][2] * years * 6)  # Cotra's six hypotheses: one work unit each
    print(f"work unit (one Cotra Monte Carlo cell): {unit * 1e6:.3f} us CPU")
    for name, method, n in CASES:
        if only and name not in only:
            continue
        dt, years = seconds(name, method, n)
        sc = bioanchors.load_scenario(name)
        declared = model_for(sc).cost(sc, method, n, years)
        measured = dt / unit
        ok = 0.5 <= declared / measured <= 2.0
        print(f"{name:26s} {method:12s} {dt:6.2f} s  measured {measured:14,.0f} units, declared {declared:14,} "
              f"({declared / measured:4.2f}x)  {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
