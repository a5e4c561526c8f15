"""How long a dashboard edit takes (issue 24 item 5: "at most ~200 ms"), through the web API in process.

Each case POSTs /api/forecast with FastAPI's TestClient, as the dashboard does after an edit: the
built-in scenario once (warm: requirement builds, imports), then a series of edits, each a new
value, so no request repeats an earlier one. Every case runs twice in the same process, with reuse
(bioanchors.evaluation.reuse: the ensemble's member forecasts, Cotra's trajectories per draw) and
without it (BIOANCHORS_NO_REUSE=1), and prints the median time of each, their ratio, and a verdict
against the 200 ms target. Setting an uncertain input to a number removes a dimension of the
parameter space, so every draw changes and nothing can be reused: that case measures the floor.

    PYTHONPATH=src python benchmarks/bench_edit_speed.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

CASES = [  # (what, scenario, the override path, the values an edit sets one after another)
    ("range edit (spending p95)", "cotra2020-uncertain", "spending.log10_usd.p95", [9.9, 10.05, 10.1, 10.15, 10.2, 10.25]),
    ("hypothesis weight edit", "cotra2020-uncertain", "hypotheses.lifetime.weight", [0.04, 0.06, 0.07, 0.08, 0.09, 0.1]),
    ("input set to a number", "cotra2020-uncertain", "spending.log10_usd", [9.1, 9.2, 9.3, 9.4, 9.5, 9.6]),
    ("ensemble weight edit", "ensemble-2026", "models.0.weight", [0.30, 0.32, 0.34, 0.36, 0.38, 0.40]),
    ("ensemble weight edit (METR)", "ensemble-2026", "models.2.weight", [0.20, 0.22, 0.24, 0.26, 0.28, 0.30]),
]
TARGET_S = 0.200


def timed_edits(client, scenario: str, path: str, values: list[float], repeats: int) -> list[float]:
    """Seconds per edit: the unedited scenario first (not timed), then ``repeats`` edits."""
    from bioanchors.evaluation.reuse import TRAJECTORY_MEMO
    from bioanchors.models.ensemble import MEMBER_CACHE

    MEMBER_CACHE.clear()
    TRAJECTORY_MEMO.clear()
    assert client.post("/api/forecast", json={"scenario": scenario}).status_code == 200
    out = []
    for v in values[:repeats]:
        t = time.perf_counter()
        r = client.post("/api/forecast", json={"scenario": scenario, "overrides": {path: v}})
        out.append(time.perf_counter() - t)
        assert r.status_code == 200, r.text[:200]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    from bioanchors.web import create_app

    print(f"machine: {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()})")
    with TestClient(create_app(warm_up=False)) as client:
        for what, scenario, path, values in CASES:
            os.environ["BIOANCHORS_NO_REUSE"] = "1"
            plain = statistics.median(timed_edits(client, scenario, path, values, args.repeats))
            os.environ.pop("BIOANCHORS_NO_REUSE")
            cached = statistics.median(timed_edits(client, scenario, path, values, args.repeats))
            verdict = "PASS" if cached <= TARGET_S else "FAIL"
            print(f"{what:30s} {scenario:20s} uncached {plain * 1000:7.0f} ms  cached {cached * 1000:7.0f} ms  "
                  f"ratio {plain / cached:5.1f}x  target <= {TARGET_S * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
