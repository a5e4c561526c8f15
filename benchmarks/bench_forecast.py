"""Speed and memory of the forecast engine (issue #2), as one JSON object.

    python benchmarks/bench_forecast.py [--quick]

- exact_ms: exact evaluation of cotra2020 over 2025-2100, hypotheses already built
  (median of repeated runs);
- mc_1e6_seconds, mc_peak_rss_mb: Monte Carlo with 1,000,000 samples x 76 years,
  run in a fresh child process so its peak RSS is its own;
- loop_samples_per_s: the same Monte Carlo model as a plain per-sample Python loop
  (tests/oracle.py), measured in the same run; speedup_vs_loop: vectorised / loop;
- sobol_seconds: Sobol analysis (issue #5), from benchmarks/bench_sensitivity.py.

Targets on a 2-core machine: exact well under 50 ms; 1e6 samples in <= 3 s and
<= 2 GB; speedup >= 100x; Sobol (>= 12 inputs, 2^12 base samples) <= 60 s.
Ratios, not absolute times, are what compare across machines.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the oracle lives with the tests
sys.path.insert(0, str(HERE))

CHILD = """
import resource, time, json
import bioanchors
from bioanchors.requirements import build_hypotheses
sc = bioanchors.load_scenario("cotra2020")
build_hypotheses(sc.spec)
t = time.perf_counter()
bioanchors.forecast(sc, method="monte-carlo", samples={samples}, seed=0)
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def exact_ms(repeats: int = 50) -> float:
    import bioanchors
    from bioanchors.requirements import build_hypotheses

    sc = bioanchors.load_scenario("cotra2020")
    build_hypotheses(sc.spec)
    bioanchors.forecast(sc)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        bioanchors.forecast(sc)
        times.append(time.perf_counter() - t)
    return 1000 * float(np.median(times))


def monte_carlo(samples: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD.format(samples=samples)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def loop_samples_per_s(n: int) -> float:
    import bioanchors
    from bioanchors.requirements import build_hypotheses
    from oracle import arrival_year_loop

    sc = bioanchors.load_scenario("cotra2020")
    built = build_hypotheses(sc.spec)
    years = list(range(2025, 2101))
    rng = np.random.default_rng(0)
    t = time.perf_counter()
    for _ in range(n):
        arrival_year_loop(sc.spec, built, years, rng)
    return n / (time.perf_counter() - t)


def sobol_seconds() -> float | None:
    try:
        from bench_sensitivity import measure_sobol_seconds
    except ImportError:  # sensitivity benchmark not available
        return None
    return float(measure_sobol_seconds())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller runs (for a smoke test), not the targets")
    args = ap.parse_args()
    samples = 100_000 if args.quick else 1_000_000
    mc = monte_carlo(samples)
    loop = loop_samples_per_s(200 if args.quick else 2000)
    vec = samples / mc["seconds"]
    result = {
        "exact_ms": round(exact_ms(), 3),
        "mc_samples": samples,
        "mc_1e6_seconds": round(mc["seconds"] * 1_000_000 / samples, 3),
        "mc_peak_rss_mb": round(mc["peak_rss_mb"], 1),
        "loop_samples_per_s": round(loop, 1),
        "vectorised_samples_per_s": round(vec, 1),
        "speedup_vs_loop": round(vec / loop, 1),
        "sobol_seconds": None if args.quick else sobol_seconds(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
