"""Speed of the ftm model (issue 21 item 6), as one JSON object and a verdict per target.

    python benchmarks/bench_ftm.py [--quick] [--sets N] [--progress]

- one_trajectory_ms: the best guess (ftm-best-guess, 2022-2100, 780 steps), median of repeated
  runs of the vectorised simulation with one parameter set; reference_path_ms: the same run
  forming every task's inputs (``Options(fast=False)``, the readable reference), same process.
  Target: one trajectory <= 50 ms.
- uncertain_seconds: N (default 10,000) parameter sets drawn from ftm-uncertain, simulated in
  chunks of 1,000 sets; loop_seconds_estimate: the same N run one set at a time (a Python loop
  over sets of our own code), timed on the first ``--loop-sets`` sets (default 10) and scaled
  to N; speedup_vs_loop = loop / vectorised. Target: 10,000 uncertain trajectories <= 30 s
  on 2 cores.

For scale: FTM's own code (epoch-research/ftm@99dc907, one trajectory per SimulateTakeOff run)
takes 0.25-1.9 s per trajectory (issue 21). Ratios, not absolute times, compare across
machines; a loaded machine slows every number here.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from bioanchors.models import get_model
from bioanchors.models.ftm.config import flat_parameters
from bioanchors.models.ftm.model import options
from bioanchors.models.ftm.simulate import Options, simulate
from bioanchors.scenario import load_scenario

ONE_TRAJECTORY_MS = 50.0
UNCERTAIN_10K_S = 30.0


def _median_time(f, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def one_trajectory(repeats: int) -> dict:
    sc = load_scenario("ftm-best-guess")
    flat = flat_parameters(get_model("ftm").point_parameters(sc))
    opt = options(sc.spec)
    fast = _median_time(lambda: simulate(flat, opt), repeats)
    ref = _median_time(lambda: simulate(flat, Options(**{**opt.__dict__, "fast": False})), max(1, repeats // 3))
    return {"one_trajectory_ms": 1e3 * fast, "reference_path_ms": 1e3 * ref, "fast_vs_reference": ref / fast}


def uncertain(n: int, loop_sets: int, progress: bool) -> dict:
    sc = load_scenario("ftm-uncertain")
    model = get_model("ftm")
    draws = model.draw(sc, n, np.random.default_rng(0))
    flat = flat_parameters({**model.point_parameters(sc), **draws})
    opt = options(sc.spec)
    chunk = 1000
    bar = None
    if progress:
        from rich.progress import Progress
        bar = Progress()
        bar.start()
        task = bar.add_task(f"ftm-uncertain, {n:,} trajectories", total=n)
    t = time.perf_counter()
    full = []
    for lo in range(0, n, chunk):
        part = {k: (v[lo:lo + chunk] if np.size(v) == n else v) for k, v in flat.items()}
        full.append(simulate(part, opt).event_years["full_automation_goods"])
        if bar is not None:
            bar.update(task, advance=min(chunk, n - lo))
    vectorised = time.perf_counter() - t
    if bar is not None:
        bar.stop()
    t = time.perf_counter()
    for i in range(loop_sets):
        simulate({k: (v[i] if np.size(v) == n else v) for k, v in flat.items()}, opt)
    loop = (time.perf_counter() - t) / loop_sets * n
    years = np.concatenate(full)
    return {"sets": n, "uncertain_seconds": vectorised, "loop_seconds_estimate": loop, "loop_sets_timed": loop_sets,
            "speedup_vs_loop": loop / vectorised,
            "uncertain_seconds_per_10k": vectorised * 10_000 / n,
            "median_full_automation_year": float(np.median(years)),
            "share_full_automation_by_2100": float(np.mean(np.isfinite(years)))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1,000 uncertain sets, fewer repeats")
    ap.add_argument("--sets", type=int, default=None, help="uncertain parameter sets (default 10,000)")
    ap.add_argument("--loop-sets", type=int, default=10, help="sets timed one at a time for the loop estimate")
    ap.add_argument("--progress", action="store_true", help="a progress bar over the uncertain run")
    args = ap.parse_args()
    n = args.sets or (1000 if args.quick else 10_000)
    out = {**one_trajectory(3 if args.quick else 7), **uncertain(n, args.loop_sets, args.progress)}
    out["verdicts"] = {
        f"one trajectory <= {ONE_TRAJECTORY_MS:g} ms": "PASS" if out["one_trajectory_ms"] <= ONE_TRAJECTORY_MS else "FAIL",
        f"10,000 uncertain trajectories <= {UNCERTAIN_10K_S:g} s": (
            "PASS" if out["uncertain_seconds_per_10k"] <= UNCERTAIN_10K_S else "FAIL")
        + ("" if n == 10_000 else f" (scaled from {n:,} sets)"),
        "vectorised faster than the per-set loop": "PASS" if out["speedup_vs_loop"] > 1 else "FAIL",
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
