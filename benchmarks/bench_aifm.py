"""Speed of the AI Futures Model (issue 22 item 6), as one JSON object.

    python benchmarks/bench_aifm.py [--quick] [--peer PATH_TO_ai_futures_model_CHECKOUT]

- one_trajectory_ms: ``aifm-eli`` at its central values, every milestone and yearly series
  2026-2050, the whole run (prepare, integrate, events, series), median of repeated runs; also
  one_trajectory_cpu_ms (process CPU time, less sensitive to other load on the machine).
- uncertain_10k_seconds: 10,000 parameter sets drawn from ``aifm-uncertain`` (Gaussian copula)
  simulated at once (in chunks of simulate.CHUNK), with a progress bar on stderr.
- loop_per_set_ms: the same code run one set at a time (a per-trajectory Python loop over the
  first ``loop_sets`` draws), measured in the same run; vectorised_speedup = loop time per set /
  vectorised time per set.
- peer_trajectory_ms (only with --peer): the peer's own code (progress_model of
  Joshuaclymer/ai_futures_model@53bc297, read from the given checkout, never shipped) on the
  same settings, one run; the issue quotes ~1.3 s.

Targets (issue 22, on a 2-core machine): one trajectory <= 50 ms; 10,000 uncertain trajectories
<= 30 s. Each target gets a verdict, in wall time and in process CPU time (on a shared machine the
wall time measures the load as much as the code); ratios measured in the same run compare across
machines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

YEARS = np.arange(2026, 2051)
TARGETS = {"one_trajectory_ms": 50.0, "uncertain_10k_seconds": 30.0,
           # the same targets in process CPU time: what the run costs when the machine is shared
           "one_trajectory_cpu_ms": 50.0, "uncertain_10k_cpu_seconds": 30.0}


def _timed(fn, repeat: int):
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return float(np.median(walls)), float(np.median(cpus))


def one_trajectory(repeat: int) -> dict:
    from bioanchors.models import get_model
    from bioanchors.scenario import load_scenario

    model, sc = get_model("aifm"), load_scenario("aifm-eli")
    params = model.point_parameters(sc)
    model.simulate(sc.spec, params, YEARS)  # warm: imports, scipy, the input table
    wall, cpu = _timed(lambda: model.simulate(sc.spec, params, YEARS), repeat)
    return {"one_trajectory_ms": 1e3 * wall, "one_trajectory_cpu_ms": 1e3 * cpu}


def uncertain(n: int, loop_sets: int) -> dict:
    from rich.progress import Progress

    from bioanchors.models import get_model
    from bioanchors.scenario import load_scenario

    model, sc = get_model("aifm"), load_scenario("aifm-uncertain")
    draws = model.draw(sc, n, np.random.default_rng(0))
    params = {**model.point_parameters(sc), **draws}
    with Progress(transient=True, console=None) as bar:
        task = bar.add_task(f"aifm-uncertain: {n} sets", total=n)
        w, c = time.perf_counter(), time.process_time()
        sim = model.simulate(sc.spec, params, YEARS, progress=lambda done, total: bar.update(task, completed=done))
        wall, cpu = time.perf_counter() - w, time.process_time() - c
    w = time.perf_counter()
    for i in range(loop_sets):  # the per-trajectory loop: one set per call, same code
        model.simulate(sc.spec, {k: (v[i:i + 1] if np.ndim(v) else v) for k, v in params.items()}, YEARS)
    loop_per_set = (time.perf_counter() - w) / loop_sets
    ac = sim.event_years["ac"]
    return {
        "uncertain_sets": n, "uncertain_10k_seconds": wall * 10_000 / n, "uncertain_10k_cpu_seconds": cpu * 10_000 / n,
        "loop_sets": loop_sets, "loop_per_set_ms": 1e3 * loop_per_set,
        "vectorised_per_set_ms": 1e3 * wall / n, "vectorised_speedup": loop_per_set / (wall / n),
        "uncertain_ac_median_year": float(np.median(ac)), "uncertain_ac_not_by_2050": float(np.mean(np.isinf(ac))),
    }


def peer(path: str) -> dict:
    """The peer's progress_model at model_config.py defaults from 2017 (read from a local checkout)."""
    sys.path.insert(0, path)
    import logging

    logging.disable(logging.CRITICAL)
    from progress_model import Parameters, ProgressModel
    from progress_model._impl import load_time_series_data

    data = load_time_series_data(os.path.join(path, "input_data.csv"))

    def run():
        ProgressModel(Parameters(), data).compute_progress_trajectory([2017.0, 2050.0], 0.0)

    run()
    wall, _ = _timed(run, 3)
    return {"peer_trajectory_ms": 1e3 * wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 uncertain sets (result scaled to 10,000)")
    parser.add_argument("--peer", help="path of a Joshuaclymer/ai_futures_model checkout (commit 53bc297)")
    args = parser.parse_args()
    out = {"cpu_count": os.cpu_count(), "load_average_1min": os.getloadavg()[0]}
    out.update(one_trajectory(repeat=5 if args.quick else 15))
    out.update(uncertain(1_000 if args.quick else 10_000, loop_sets=20 if args.quick else 50))
    if args.peer:
        out.update(peer(args.peer))
        out["peer_vs_ours"] = out["peer_trajectory_ms"] / out["one_trajectory_ms"]
    out["verdict"] = {k: ("met" if out[k] <= limit else "missed") + f" (target <= {limit:g})"
                      for k, limit in TARGETS.items()}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
