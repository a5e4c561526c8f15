"""Load: 50 concurrent heavy requests against a real `bioanchors serve` process on loopback.

Issue 10 measured, on main, all 50 of 50 concurrent default Monte Carlo
requests answered 500 (out of memory) and the server keeping 10.6 GB. Here
every answer must be 200 or 503 (with Retry-After), never anything else; the
server's resident memory (/proc/PID/status VmRSS) must stay under a bound
derived from its settings, and come back down once the load is over.
"""

from __future__ import annotations

import asyncio
import threading
import time

import httpx

from bioanchors.web.limits import BYTES_PER_CELL, WebSettings
from web_server import listening_addresses, rss_mb, serve_process

WORKERS, QUEUE, BUDGET = 2, 4, WebSettings.work_budget
ENV = {"BIOANCHORS_WEB_WORKERS": str(WORKERS), "BIOANCHORS_WEB_QUEUE": str(QUEUE),
       "BIOANCHORS_WEB_WORK_BUDGET": str(BUDGET), "BIOANCHORS_WEB_QUEUE_WAIT_S": "60"}
# cotra2020-uncertain: 76 years (2025-2100) x 6 hypotheses; the largest sample count the budget admits.
HEAVY = {"scenario": "cotra2020-uncertain", "method": "monte-carlo", "samples": BUDGET // (76 * 6), "seed": 1}
N = 50
# Each running request peaks at about BYTES_PER_CELL x its cells (limits.py); WORKERS of them
# at once, plus the interpreter's own baseline, plus 50% for the allocator's slack.
RUNNING_MB = WORKERS * BYTES_PER_CELL * BUDGET / 2**20
SLACK_AFTER_MB = 150  # what may stay resident once the load is over (caches, arenas)


class RssSampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self._halt = pid, 0.0, threading.Event()

    def run(self):
        while not self._halt.is_set():
            try:
                self.peak = max(self.peak, rss_mb(self.pid))
            except (OSError, RuntimeError):
                return
            time.sleep(0.02)

    def finish(self):
        self._halt.set()
        self.join(timeout=5)


async def _burst(base: str, n: int) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=base, timeout=120.0, limits=limits) as c:
        return await asyncio.gather(*(c.post("/api/forecast", json=HEAVY) for _ in range(n)))


def _settle(pid: int, target_mb: float, seconds: float) -> float:
    """RSS once it is under ``target_mb``, or after ``seconds``."""
    deadline = time.monotonic() + seconds
    while (now := rss_mb(pid)) > target_mb and time.monotonic() < deadline:
        time.sleep(0.2)
    return now


def test_50_concurrent_heavy_requests_get_200_or_503_and_memory_stays_bounded():
    with serve_process(env=ENV) as (base, proc):
        assert listening_addresses(int(base.rsplit(":", 1)[1])) == {"127.0.0.1"}
        # Warm up: the requirement build is cached after the first request.
        assert httpx.post(base + "/api/forecast", json={**HEAVY, "samples": 1000}, timeout=60).status_code == 200
        baseline = _settle(proc.pid, 0, 1.0)
        sampler = RssSampler(proc.pid)
        sampler.start()
        t0 = time.monotonic()
        responses = asyncio.run(asyncio.wait_for(_burst(base, N), timeout=100))
        elapsed = time.monotonic() - t0
        sampler.finish()
        after = _settle(proc.pid, baseline + SLACK_AFTER_MB, 10.0)
        again = httpx.post(base + "/api/forecast", json={**HEAVY, "samples": 1000}, timeout=60)

    codes = [r.status_code for r in responses]
    bound = baseline + 1.5 * RUNNING_MB
    print(f"\n{N} heavy requests ({HEAVY['samples']:,} samples each): {codes.count(200)} x 200, "
          f"{codes.count(503)} x 503 in {elapsed:.1f} s; RSS baseline {baseline:.0f} MB, "
          f"peak {sampler.peak:.0f} MB (bound {bound:.0f}), after {after:.0f} MB")
    assert set(codes) <= {200, 503}, codes
    assert codes.count(200) >= WORKERS  # the queue does its job: work gets done under load
    assert codes.count(503) >= 1  # and the rest are turned away, not queued without bound
    for r in responses:
        if r.status_code == 503:
            assert int(r.headers["retry-after"]) >= 1 and "busy" in r.json()["detail"]
        else:
            p = list(r.json()["p_by_year"].values())
            assert all(0 <= a <= b <= 1 for a, b in zip(p, p[1:]))
    assert sampler.peak < bound, (sampler.peak, bound)
    assert after < baseline + SLACK_AFTER_MB, (after, baseline)
    assert again.status_code == 200  # the server still answers afterwards
