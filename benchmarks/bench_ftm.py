"""Speed of the ftm model (issue 21 item 6): a verdict per target, CPU and wall time.

    python benchmarks/bench_ftm.py [--quick] [--sets N] [--workers 2] [--loop-sets 10] [--progress]

Targets (issue 21 item 6), each against a per-trajectory loop of our own code in the same run:

- one trajectory <= 50 ms: the best guess (ftm-best-guess, 2022-2100, 780 steps, every event,
  series and metric), the best of repeated runs, as the model runs it (one set: steps on Python
  floats, models/ftm/single.py); beside it the same run with the steps in numpy on (1,)-arrays
  (``Options(floats_for_one_set=False)``) and forming every task's inputs (``Options(fast=False)``,
  the readable reference path).
- 10,000 uncertain trajectories <= 30 s on 2 cores: N (default 10,000) parameter sets drawn
  from ftm-uncertain, simulated vectorised in chunks of 1,000 sets by ``--workers`` processes
  (default 2, one per core); the loop reference runs the same sets one at a time, timed on
  the first ``--loop-sets`` sets and scaled to N.

Every time is reported twice: wall (what a user waits, inflated when the machine is shared)
and CPU (process time, summed over the workers; CPU / workers is what the wall time would be on
idle cores). The verdict is given for both, with the ratio time / target (below 1: met). The
machine's load average is printed with the results: on a loaded machine, read the CPU verdicts.

For scale: FTM's own code (epoch-research/ftm@99dc907, one trajectory per SimulateTakeOff run)
takes 0.25-1.9 s per trajectory (issue 21).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import numpy as np

from bioanchors.models import get_model
from bioanchors.models.ftm.config import flat_parameters
from bioanchors.models.ftm.model import options
from bioanchors.models.ftm.simulate import Options, simulate
from bioanchors.scenario import load_scenario

ONE_TRAJECTORY_S = 0.050
UNCERTAIN_S, UNCERTAIN_SETS, CORES = 30.0, 10_000, 2
CHUNK = 1000


def _timed(f) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    w, c = time.perf_counter(), time.process_time()
    f()
    return time.perf_counter() - w, time.process_time() - c


def _best(f, repeats: int) -> tuple[float, float]:
    times = [_timed(f) for _ in range(repeats)]
    return min(t[0] for t in times), min(t[1] for t in times)


def one_trajectory(repeats: int) -> dict:
    sc = load_scenario("ftm-best-guess")
    flat = flat_parameters(get_model("ftm").point_parameters(sc))
    opt = options(sc.spec)
    simulate(flat, opt)  # warm up (imports, caches)
    wall, cpu = _best(lambda: simulate(flat, opt), repeats)
    np_wall, np_cpu = _best(lambda: simulate(flat, replace(opt, floats_for_one_set=False)), max(1, repeats // 2))
    ref_wall, ref_cpu = _best(lambda: simulate(flat, replace(opt, fast=False)), max(1, repeats // 3))
    return {"one_trajectory_wall_ms": 1e3 * wall, "one_trajectory_cpu_ms": 1e3 * cpu,
            "numpy_steps_wall_ms": 1e3 * np_wall, "numpy_steps_cpu_ms": 1e3 * np_cpu,
            "reference_path_wall_ms": 1e3 * ref_wall, "reference_path_cpu_ms": 1e3 * ref_cpu}


def _uncertain_sets(n: int) -> tuple[dict, Options]:
    sc = load_scenario("ftm-uncertain")
    model = get_model("ftm")
    draws = model.draw(sc, n, np.random.default_rng(0))
    return flat_parameters({**model.point_parameters(sc), **draws}), options(sc.spec)


def _part(flat: dict, n: int, lo: int, hi: int) -> dict:
    return {k: (v[lo:hi] if np.size(v) == n else v) for k, v in flat.items()}


def _chunk(args) -> tuple[np.ndarray, float]:
    """One worker's chunk: (full-automation years, CPU seconds)."""
    n, lo, hi = args
    flat, opt = _uncertain_sets(n)  # each worker draws the same sets (seed 0) and takes its slice
    c = time.process_time()
    years = simulate(_part(flat, n, lo, hi), opt).event_years["full_automation_goods"]
    return years, time.process_time() - c


def uncertain(n: int, workers: int, loop_sets: int, progress: bool) -> dict:
    jobs = [(n, lo, min(lo + CHUNK, n)) for lo in range(0, n, CHUNK)]
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress()
        bar.start()
        task = bar.add_task(f"ftm-uncertain, {n:,} trajectories, {workers} workers", total=n)
    wall = time.perf_counter()
    years, cpu = [], 0.0
    with ProcessPoolExecutor(workers) as pool:
        for (lo_hi, (y, c)) in zip(jobs, pool.map(_chunk, jobs)):
            years.append(y)
            cpu += c
            if bar is not None:
                bar.update(task, advance=lo_hi[2] - lo_hi[1])
    wall = time.perf_counter() - wall
    if bar is not None:
        bar.stop()
    flat, opt = _uncertain_sets(n)
    loop_wall, loop_cpu = _timed(lambda: [simulate(_part(flat, n, i, i + 1), opt) for i in range(loop_sets)])
    y = np.concatenate(years)
    return {"sets": n, "workers": workers, "uncertain_wall_s": wall, "uncertain_cpu_s": cpu,
            "loop_wall_s_estimate": loop_wall / loop_sets * n, "loop_cpu_s_estimate": loop_cpu / loop_sets * n,
            "loop_sets_timed": loop_sets,
            "median_full_automation_year": float(np.median(y)),
            "share_full_automation_by_2100": float(np.mean(np.isfinite(y)))}


def _verdict(seconds: float, target: float) -> str:
    ratio = seconds / target
    return f"{'met' if ratio <= 1 else 'NOT met'} ({ratio:.2f}x the target)"


def verdicts(out: dict) -> dict:
    n, cores = out["sets"], out["workers"]
    per_10k = UNCERTAIN_SETS / n
    scaled = "" if n == UNCERTAIN_SETS else f", scaled from {n:,} sets"
    one = f"one trajectory <= {ONE_TRAJECTORY_S * 1e3:g} ms"
    many = f"{UNCERTAIN_SETS:,} uncertain trajectories <= {UNCERTAIN_S:g} s on {CORES} cores"
    return {
        f"{one}, wall": _verdict(out["one_trajectory_wall_ms"] / 1e3, ONE_TRAJECTORY_S),
        f"{one}, CPU": _verdict(out["one_trajectory_cpu_ms"] / 1e3, ONE_TRAJECTORY_S),
        f"{many}, wall ({cores} workers{scaled})": _verdict(out["uncertain_wall_s"] * per_10k, UNCERTAIN_S),
        f"{many}, CPU / {CORES} (idle cores{scaled})": _verdict(out["uncertain_cpu_s"] * per_10k / CORES, UNCERTAIN_S),
        "one set on floats against its steps in numpy": (
            f"{out['numpy_steps_cpu_ms'] / out['one_trajectory_cpu_ms']:.1f}x faster (CPU)"),
        "speed-up over the per-trajectory loop, uncertain sets": (
            f"{out['loop_wall_s_estimate'] / out['uncertain_wall_s']:.0f}x wall, "
            f"{out['loop_cpu_s_estimate'] / out['uncertain_cpu_s']:.0f}x CPU"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2,000 uncertain sets, fewer repeats")
    ap.add_argument("--sets", type=int, default=None, help=f"uncertain parameter sets (default {UNCERTAIN_SETS:,})")
    ap.add_argument("--workers", type=int, default=CORES, help="processes for the uncertain sets (one per core)")
    ap.add_argument("--loop-sets", type=int, default=10, help="sets timed one at a time for the loop reference")
    ap.add_argument("--progress", action="store_true", help="a progress bar over the uncertain run")
    args = ap.parse_args()
    n = args.sets or (2000 if args.quick else UNCERTAIN_SETS)
    load_before = os.getloadavg()
    out = {**one_trajectory(3 if args.quick else 7), **uncertain(n, args.workers, args.loop_sets, args.progress)}
    out["load_average_1_5_15_min"] = {"before": [round(x, 2) for x in load_before],
                                      "after": [round(x, 2) for x in os.getloadavg()]}
    out["cpu_count"] = os.cpu_count()
    out["verdicts"] = verdicts(out)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
