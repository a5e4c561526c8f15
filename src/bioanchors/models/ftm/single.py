"""One parameter set on Python floats: the fast path's time loop without numpy's per-call cost.

A step of :mod:`.simulate` makes ~300 numpy calls; on (1,)-arrays each costs about a microsecond
(the arithmetic is nothing), so one trajectory of 780 steps took ~330 ms, against a target of
50 ms (issue 21 item 6). This module runs steps 1..T-1 of that loop for a single set on floats,
equation for equation and in the same order of operations:

- R&D (rnd.py (1)-(2)) and the hardware delay (3);
- the investment fractions, the wake-up and the reinvestment (investment.py (1)-(2));
- automation (automation.py) and the sectors' output at the optimal allocation (production.py,
  the fast path: ``TaskGroup``, ``fast_inner_sum``, ``_sum_at_optimum``).

Everything else is simulate.py's own code: the requirements, the initial state, the constants,
step 0 (the weights' calibration) and the recorder that turns the steps into events, metrics and
series. Python's float operations are IEEE double operations, and ``math.exp``/``log``/``pow``
are the C library's, which numpy also calls for float64 unless it was built with its own SIMD
versions (AVX-512); tests/test_model_ftm_single.py checks that the two loops give the same
results for every preset and for sets drawn from ftm-uncertain.

Where numpy would carry an inf or a nan on hostile inputs, Python raises (math range and domain
errors, division by zero); :func:`run` then returns False and simulate.py runs the steps
vectorised. The same happens if GWP or the R&D multiplier ends up non-finite, so the float loop
never has to reproduce numpy's nan rules.
"""

from __future__ import annotations

import math
from bisect import bisect_left

import numpy as np

from . import investment as inv
from .production import _critical, _weight_tables

_LN10 = math.log(10.0)


def _f(x) -> float:
    """The only element of a (1,)-array (or a scalar) as a Python float."""
    return float(np.asarray(x).reshape(-1)[0])


class _Block:
    """One row of simulate's stacked sectors (a sector with automation, or its base with the
    compute task only): the constants of ``production.TaskGroup`` and ``_Sums`` as float lists,
    and the per-step search of the critical task."""

    __slots__ = ("alpha", "at", "bs", "clamped", "coef", "cum_k", "guess", "inv_inner_rho", "inv_outer_rho",
                 "is_base", "k", "log10_run", "n", "offset", "outer_rho", "ow0", "ow1", "ow_sum", "rho", "s",
                 "suffix", "total_w", "u", "w", "w0", "ws")

    def __init__(self, rows, b: int):
        g = rows.group
        self.n = g.n
        self.u, self.k, self.cum_k = g.u[b].tolist(), g.k[b].tolist(), g.cum_k[b].tolist()
        self.alpha, self.coef, self.rho = float(g.alpha[b]), float(g._coef[b]), float(g.rho[b])
        w0s, ws = (float(x[b]) for x in rows.powered)
        self.ws = ws
        suffix, bs, offset = _weight_tables(g, np.array([w0s]), np.array([ws]))
        self.suffix, self.bs, self.offset = suffix.tolist(), bs.tolist(), offset.tolist()
        self.w0, self.w = float(rows.w0[b]), float(rows.w[b])
        self.total_w, self.inv_inner_rho = float(rows.total_w[b]), float(rows.inv_inner_rho[b])
        self.outer_rho, self.inv_outer_rho = float(rows.outer_rho[b]), float(rows.inv_outer_rho[b])
        self.ow0, self.ow1 = (float(x) for x in rows.outer_w[b])
        self.ow_sum = float(rows.outer_w_sum[b])
        self.is_base = bool(rows.is_base[b])
        self.guess = int(rows.guess[b])
        self.clamped = int(g.clamped[b])
        self.s = self.log10_run = 0.0
        self.at = 1

    # -- TaskGroup.at_step, lr, e, cum -------------------------------------------------------
    def at_step(self, log10_run: float, at: int) -> None:
        s = self.s = math.exp(self.coef * log10_run)
        self.log10_run, self.at = log10_run, at
        k, c = self.k, self.clamped  # tasks with K_j s < 1: a prefix (K rises along tasks)
        if not ((c == 0 or k[c - 1] * s < 1.0) and (c == self.n or not k[c] * s < 1.0)):
            self.clamped = bisect_left(k, 1.0, key=lambda kj: kj * s)

    def prefix(self, j: int) -> float:
        """sum_{i<j} w_i^sigma eta_i^(sigma-1) (``_Sums.prefix`` with ``TaskGroup.cum`` inlined)."""
        low = j if j < self.clamped else self.clamped
        return self.ws * (low + self.s * (self.cum_k[j] - self.cum_k[low])) + self.offset[j]

    def labour_on(self, labour: float, compute: float, j: int) -> tuple[float, float, float]:
        """(c_I, l_I, eta_I) of candidate critical task ``j`` < n (``_Sums.candidate``)."""
        lr = self.u[j] - self.alpha * self.log10_run
        eta = math.exp(-_LN10 * (lr if (lr > 0.0 or lr != lr) else 0.0))
        e = self.k[j] * self.s
        eta_sigma = eta * (e if (e > 1.0 or e != e) else 1.0)
        c, lab = _critical(labour, compute, eta, eta_sigma, self.bs[j], self.suffix[j], self.prefix(j))
        return c, lab, eta

    # -- fast_inner_sum ----------------------------------------------------------------------
    def inner_sum(self, labour: float, compute: float) -> tuple[float, int]:
        """sum_j w_j x_j^rho at the optimum and the count of tasks compute does (over 10x labour).

        The warm start tests the last step's critical task k first, then k - 1 (if k is valid)
        or k + 1 (if not), as ``fast_inner_sum`` does with all three; a row it leaves is bisected."""
        at = 1 if self.is_base else self.at
        k = self.guess
        k = 0 if k < 0 else (at if k > at else k)
        last = at - 1
        here = self.labour_on(labour, compute, k if k < last else last)
        lo = -1
        if k >= at or here[1] >= 0:  # k valid: is k - 1 not?
            if k == 0 or not self.labour_on(labour, compute, min(k - 1, last))[1] >= 0:
                lo, cand = k, here
        else:  # k not valid: is k + 1?
            nxt = self.labour_on(labour, compute, min(k + 1, last))
            if k + 1 >= at or nxt[1] >= 0:
                lo, cand = k + 1, nxt
        if lo < 0:  # bisect [0, at] for the first valid candidate
            lo, hi = 0, at
            while lo < hi:
                mid = (lo + hi) // 2
                if self.labour_on(labour, compute, min(mid, last))[1] >= 0:
                    hi = mid
                else:
                    lo = mid + 1
            cand = self.labour_on(labour, compute, lo if lo < at else last)
        self.guess = lo
        found = lo < at
        return self._sum_at_optimum(labour, compute, lo if found else last, found, *cand)

    def _sum_at_optimum(self, labour, compute, crit, found, c_i, l_i, eta_i) -> tuple[float, int]:
        n, ws, w, rho = self.n, self.ws, self.w, self.rho
        w_i = self.w0 if crit == 0 else w
        neg = found and crit > 0 and c_i < 0
        normal = found and not neg
        below = crit if neg else crit + 1
        lab_from = crit if found else crit + 1
        q = (compute + l_i / eta_i if normal else compute) / self.prefix(below)
        total = math.exp(rho * math.log(q)) * self.prefix(lab_from)
        if normal:
            total = total + w_i * math.exp(rho * math.log(l_i + eta_i * c_i))
        n_lab = n - crit if neg else n - 1 - crit
        if n_lab > 0:
            lab_each = (labour + eta_i * c_i if normal else labour) * ws / self.suffix[lab_from]
            total = total + n_lab * w * math.exp(rho * math.log(lab_each))
        count = crit + (eta_i * c_i > 10.0 * l_i) if normal else below
        if not found and crit == n - 1:  # everything automated: the labour goes on the last task
            e_last = _max(1.0, self.k[crit] * self.s)
            machine_last = q * ws * eta_i * e_last
            total = total - q ** rho * ws * e_last + w * (machine_last + labour) ** rho
            count = n - 1 + (machine_last > 10.0 * labour)
        return total, count

    def output(self, tfp: float, capital: float, labour: float, compute: float) -> tuple[float, int]:
        """The block's output [sector units] and automated-task count (``_Rows.produce``)."""
        total, count = self.inner_sum(labour, compute)
        cognitive = math.exp(self.inv_inner_rho * math.log(total / self.total_w))
        mean = (self.ow0 * math.exp(self.outer_rho * math.log(capital))
                + self.ow1 * math.exp(self.outer_rho * math.log(cognitive))) / self.ow_sum
        return tfp * math.exp(self.inv_outer_rho * math.log(mean)), count


def _max(a: float, b: float) -> float:
    """np.maximum for floats (a nan in ``b`` stays a nan)."""
    return b if (b > a or b != b) else a


def _min(a: float, b: float) -> float:
    """np.minimum for floats (a nan in either stays a nan)."""
    return b if (b < a or b != b) else a


def _rnd(level, level0, research, cum, returns, log10_ceiling, penalty, dt):
    """rnd.py (1)-(2) for one level."""
    new_cum = cum + research ** penalty * dt
    headroom = ((log10_ceiling - math.log10(level)) / (log10_ceiling - math.log10(level0))
                if math.isfinite(log10_ceiling) else 1.0)
    grown = level * (new_cum / cum) ** (returns * headroom)
    return _min(grown, 10.0 ** log10_ceiling), new_cum


def run(p: dict, st: dict, req: dict, sectors: dict, const: dict, rec, opt) -> bool:
    """Steps 1..T-1 of simulate.py's loop for one parameter set, recorded into ``rec``; the state
    ``st`` after step 0 is read, never changed. False (nothing to keep) if a float error stops it
    or GWP or the R&D multiplier is not finite: simulate.py then runs the steps itself."""
    try:
        one = _OneSet(p, st, req, sectors, const, opt)
        counts, history = [], []  # per step: the three task counts; the R&D multiplier and GWP
        for t in range(1, opt.n_steps):
            one.rnd(t)
            one.invest(t)
            done, multiplier = one.produce()
            if not (math.isfinite(one.gwp) and math.isfinite(multiplier)):
                return False
            counts.append(done)
            history.append((multiplier, one.gwp))
            if t in rec.year_cols:  # the yearly series read the whole state
                rec.record(t, one.state(done, multiplier), None)
    except (ArithmeticError, ValueError):
        return False
    rec.record_steps(1, counts, history)
    return True


class _OneSet:
    """The constants and the state of one set, as floats, and the three parts of a step."""

    def __init__(self, p, st, req, sectors, c, opt):
        rows = st["rows"]
        self.blocks = [_Block(rows, b) for b in range(rows.B)]
        # per block: does it use the goods tasks' automatable count (else R&D's), whose inputs it takes
        self.uses_goods = [name == "goods" for name, _ in rows.blocks]
        self.sector_of = [("goods", "hardware", "software").index(name) for name, _ in rows.blocks]
        self.dt, self.n_tasks, self.disable_automation = opt.dt, opt.n_tasks, opt.disable_automation
        self.penalty, self.trigger, self.money_cap = _f(c["penalty"]), _f(c["trigger"]), _f(c["money_cap"])
        self.returns, self.ceiling = [_f(x) for x in c["returns"]], [_f(x) for x in c["ceiling"]]
        self.growth = list(zip(*([_f(x) for x in c[k]] for k in ("growth", "wakeup_growth", "frac_ceiling"))))
        self.depreciation, self.labour_growth, self.tfp_growth = (_f(c[k]) for k in ("depreciation", "labour_growth",
                                                                                     "tfp_growth"))
        self.delay = int(np.asarray(c["delay"]).reshape(-1)[0])
        self.experiments_eff = _f(p["experiments_efficiency_software"])
        self.scale = [_f(x.scale) for x in sectors.values()]
        self.train_goods, self.train_rnd = req["train_goods"][0].tolist(), req["train_rnd"][0].tolist()
        self.max_tradeoff = _f(req["log10_max_tradeoff"])
        # the state after step 0
        (self.hardware, self.software, self.compute, self.capital, self.labour, self.tfp, self.money_training,
         self.gwp, self.rnd_hw, self.rnd_sw, self.buyable0, self.goods_done) = (
            _f(st[k]) for k in ("hardware", "software", "compute", "capital", "labour", "tfp", "money_training",
                                "gwp", "rnd_hw", "rnd_sw", "buyable0", "frac_goods_done"))
        self.woken = bool(np.asarray(st["woken"]).reshape(-1)[0])
        self.levels, self.cum = [_f(x) for x in st["levels"]], [_f(x) for x in st["cum"]]
        self.fracs = [_f(x) for x in st["fracs"]]
        self.hp = [0.0] * opt.n_steps  # the frontier hardware of each step [FLOP/yr/$]
        self.level0 = [0.0, 1.0]
        self.buyable = self.log10_run = 0.0

    def rnd(self, t: int) -> None:
        """Hardware and software levels from the last step's research (simulate._rnd_step)."""
        levels, cum, level0, hp, penalty, dt = self.levels, self.cum, self.level0, self.hp, self.penalty, self.dt
        if t == 1:  # the frontier starts ahead of what is on sale by the delay, at the first step's rate
            b0 = self.buyable0
            ahead, _ = _rnd(b0, b0, self.rnd_hw, cum[0], self.returns[0], self.ceiling[0], penalty, dt)
            hp[0] = b0 * (ahead / b0) ** float(self.delay)
            levels[0] = level0[0] = hp[0]
        for i, research in enumerate((self.rnd_hw, self.rnd_sw)):
            levels[i], cum[i] = _rnd(levels[i], level0[i], research, cum[i], self.returns[i], self.ceiling[i],
                                     penalty, dt)
        hp[t], self.software = levels

    def invest(self, t: int) -> None:
        """Fractions, wake-up and the stocks they buy (simulate._investment_step)."""
        woken_before = self.woken
        woken = self.woken = self.goods_done >= self.trigger
        old_training = self.fracs[-1]
        fracs = self.fracs = [_min(f * (wg if woken else g), cap) for f, (g, wg, cap) in zip(self.fracs, self.growth)]
        if self.money_training > self.money_cap and not woken_before:
            fracs[-1] = old_training
        hp, back = self.hp, t - self.delay
        buyable = self.buyable = hp[back] if back >= 0 else hp[0] * (hp[1] / hp[0]) ** float(back)
        gwp, dt = self.gwp, self.dt
        self.hardware = self.hardware * self.depreciation + gwp * fracs[0] * dt * buyable
        self.compute = self.hardware * self.software
        self.capital = self.capital + gwp * inv.INVESTMENT_RATE * dt
        self.labour = self.labour * self.labour_growth
        self.tfp = self.tfp * self.tfp_growth
        self.money_training = self.hardware * fracs[-1] / buyable

    def produce(self) -> tuple[tuple[int, int, int], float]:
        """Automation and the sectors' output (simulate._production_step, the fast path): the task
        counts behind the three automation fractions, and the R&D multiplier."""
        _, cap_hw, lab_hw, comp_hw, lab_sw, comp_sw, training = self.fracs
        capital, labour, compute = self.capital, self.labour, self.compute
        log10_run = self.log10_run = math.log10(compute * training)
        reach = log10_run + self.max_tradeoff
        at_goods, at_rnd = bisect_left(self.train_goods, reach), bisect_left(self.train_rnd, reach)
        plain_goods = bisect_left(self.train_goods, log10_run + 0.0)
        inputs = ((capital * (1 - cap_hw), labour * (1 - lab_hw - lab_sw), compute * (1 - comp_hw - comp_sw - training)),
                  (capital * cap_hw, labour * lab_hw, compute * comp_hw),
                  (math.exp(self.experiments_eff * math.log(self.hardware)), labour * lab_sw, compute * comp_sw))
        out, count = [], []
        for blk, goods, sector in zip(self.blocks, self.uses_goods, self.sector_of):
            blk.at_step(log10_run, at_goods if goods else at_rnd)
            o, k = blk.output(self.tfp, *inputs[sector])
            out.append(o)
            count.append(k)
        sectors = (out[4], out[3], out[5]) if self.disable_automation else out[:3]
        self.gwp, self.rnd_hw, self.rnd_sw = (o * sc for o, sc in zip(sectors, self.scale))
        done = (count[0] - 1, count[1] - 1, plain_goods - 1)
        self.goods_done = done[0] / self.n_tasks
        return done, out[1] / out[3]

    def state(self, done, multiplier) -> dict:
        """The state as metrics.Recorder reads it (simulate.py's keys)."""
        return {"done_counts": done, "multiplier_rnd": multiplier, "gwp": self.gwp, "buyable": self.buyable,
                "software": self.software, "log10_run": self.log10_run, "money_training": self.money_training,
                "frac_goods_done": self.goods_done, "frac_rnd_done": done[1] / self.n_tasks,
                "frac": dict(zip(inv.FRACTIONS, self.fracs))}
