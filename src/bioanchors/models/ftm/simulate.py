"""The FTM time loop, vectorised over parameter sets (Davidson 2023; FTM code
epoch-research/ftm@99dc907, ftm/core/model.py, ``run_simulation`` and ``compute_metrics``).

Every quantity is a (sets,) array, or several stacked along a leading axis so that a step makes
one numpy call for all of them (the sectors' allocation rows, R&D levels, the investment
fractions: a single trajectory is bound by per-call overhead); the loop runs over time steps
only. Each step ``t`` (after the first): R&D levels grow from the previous step's research
(rnd.py), the investment
fractions update and the wake-up is checked (investment.py), output of the previous step is
reinvested in compute and capital, the largest training run decides which tasks are
automatable (automation.py), and the three sectors produce (production.py).

The economy runs in linear float64 units as FTM does (the CES sums need them; the largest
values, ~1e60 FLOP/yr of effective compute, are far from float64's 1e308); every FLOP and
dollar quantity is reported in log10.

Parameters are passed as a flat mapping ``name -> (sets,) array or float`` with the field names
of :mod:`.config` (without their section). Options: ``start``, ``end``, ``dt`` [years],
``n_tasks``, ``tradeoff_enabled``, ``disable_automation`` (the no-automation counterfactual of
FTM's ``disable_automation``: every sector produces as if only the compute task were automated).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import automation as au
from . import investment as inv
from . import production as pr
from . import single
from .metrics import Recorder, SimulationOutput
from .rnd import buyable_hardware, initial_cumulative_input, rnd_step

#: Shares of GWP in hardware and software R&D used to scale R&D input [fraction]. FTM hard-codes
#: them (``frac_gwp_hardware_rnd_2020`` 0.2%, ``frac_gwp_software_rnd_2020`` 0.02%) and notes they
#: do not change the dynamics: (1)-(2) of rnd.py depend on the ratio of input to cumulative input only.
HARDWARE_RND_SHARE_OF_GWP = 0.2e-2
SOFTWARE_RND_SHARE_OF_GWP = 0.02e-2


@dataclass(frozen=True)
class Options:
    """How the simulation runs (FTM's config.yml: t_start 2022, t_end 2100, t_step 0.1; 100 tasks)."""

    start: float = 2022.0
    end: float = 2100.0
    dt: float = 0.1
    n_tasks: int = 100
    tradeoff_enabled: bool = True
    disable_automation: bool = False
    fast: bool = True  # False: form every task's inputs (production.allocate), the slow reference path
    #: one parameter set on the fast path runs steps 1.. on Python floats (single.py: numpy's per-call
    #: cost dominates a (1,)-array); False keeps numpy (the two are compared in tests)
    floats_for_one_set: bool = True

    @property
    def n_steps(self) -> int:
        """Steps with ``start + i dt < end`` (FTM's loop condition, in the same float arithmetic)."""
        n = int(np.ceil((self.end - self.start) / self.dt)) + 2
        return int(np.sum(self.start + np.arange(n) * self.dt < self.end))


@dataclass
class _Sector:
    """Calibrated constants of one sector: outer/inner weights and rhos, output scale."""

    outer_w: np.ndarray
    inner_w: np.ndarray
    outer_rho: np.ndarray
    inner_rho: np.ndarray
    scale: np.ndarray = field(default_factory=lambda: np.ones(1))


def _col(x, S):
    """A parameter as a (sets,) float array (no copy when it already is one)."""
    if isinstance(x, np.ndarray) and x.shape == (S,) and x.dtype == float:
        return x
    return np.broadcast_to(np.asarray(x, dtype=float), (S,)).astype(float)


def _requirements(p, S, opt):
    """Training and runtime requirements of goods and R&D tasks [log10], (sets, tasks) each."""
    n, log_spy = opt.n_tasks, np.log10(au.SECONDS_PER_YEAR)
    tr = _col(p["full_automation_training_log10_flop"], S)
    rt = _col(p["full_automation_runtime_log10_flop_per_s"], S) + log_spy
    g_tr, g_rt = _col(p["training_flop_gap_oom"], S), _col(p["runtime_flop_gap_oom"], S)
    s_tr, s_rt = _col(p["training_steepness_oom"], S), _col(p["runtime_steepness_oom"], S)
    d_tr, d_rt = np.log10(_col(p["goods_vs_rnd_training_ratio"], S)), np.log10(_col(p["goods_vs_rnd_runtime_ratio"], S))
    req = {"train_goods": au.requirement_curve(tr, g_tr, n, s_tr),
           "run_goods": au.requirement_curve(rt, g_rt, n, s_rt),
           "train_rnd": au.requirement_curve(tr - d_tr, g_tr, n, s_tr),
           "run_rnd": au.requirement_curve(rt - d_rt, g_rt, n, s_rt)}
    for k, curve in req.items():
        if np.any(np.diff(curve, axis=1) < 0):
            raise ValueError(f"FTM: the {k.replace('_', ' ')} requirements are not increasing across tasks "
                             "(the FLOP gap reaches below the compute task); lower the gap or raise the requirement")
    tradeoff = _col(p["runtime_training_tradeoff"], S)
    on = opt.tradeoff_enabled & (tradeoff > 0) & np.isfinite(tradeoff)
    req["tradeoff"] = np.where(on, tradeoff, 0.0)
    req["log10_max_tradeoff"] = np.where(on, np.log10(_col(p["runtime_training_max_tradeoff"], S)), 0.0)
    for sector in ("goods", "rnd"):  # runtime requirement = max(0, u - tradeoff x log10 run): automation.py
        req[f"u_{sector}"] = req[f"run_{sector}"] + req["tradeoff"][:, None] * req[f"train_{sector}"]
    return req


def _automate(req, log10_run):
    """Automatable tasks [count], (sets,) each: goods with the trade-off, goods without it (for
    sub-AGI and AGI), R&D with it; one count over the three stacked (a warm start for many sets)."""
    if "train_stack" not in req:
        req["train_stack"] = np.concatenate([req["train_goods"], req["train_goods"], req["train_rnd"]])
        req["reach_offset"] = np.concatenate([req["log10_max_tradeoff"], np.zeros_like(log10_run),
                                              req["log10_max_tradeoff"]])
    S = log10_run.size
    counts = au.automatable_tasks(req["train_stack"], np.concatenate((log10_run,) * 3), req["reach_offset"], req.get("counts"))
    req["counts"] = counts
    return counts[:S], counts[S:2 * S], counts[2 * S:]


def _runtime(req, log10_run, sector):
    """Every task's runtime requirement after the trade-off [log10 FLOP/yr per worker], goods or rnd."""
    return au.log10_runtime_requirement(req[f"run_{sector}"], req[f"train_{sector}"], log10_run, req["tradeoff"])


def _produce(sec: _Sector, capital, labour, compute, group, tfp):
    """The reference path (``Options(fast=False)``): sector output with automation and without
    (compute task only) [sector units], and the count of cognitive tasks automated (compute
    does over 10x labour's part), (sets,) each, from every task's explicit allocation."""
    eta, n_at = 10.0 ** -group["log10_runtime"], group["at"]
    lab, comp = pr.allocate(labour, compute, sec.inner_w, sec.inner_rho, eta, n_at)
    machine = eta * comp
    out = pr.nested_ces(capital, lab + machine, sec.outer_w, sec.inner_w, sec.outer_rho, sec.inner_rho, tfp)
    lab0, comp0 = pr.allocate(labour, compute, sec.inner_w, sec.inner_rho, eta, np.ones_like(n_at))
    base = pr.nested_ces(capital, lab0 + eta * comp0, sec.outer_w, sec.inner_w, sec.outer_rho, sec.inner_rho, tfp)
    automated = np.sum(machine > 10.0 * lab, axis=1) - 1
    return out, base, automated


class _Rows:
    """The fast path's sectors stacked along one axis: every array is (blocks x sets,), block b
    holding sector ``blocks[b]`` (with automation) or its output with the compute task only
    (``base``), so each step is one call of :func:`.production.fast_inner_sum` and one outer CES
    for all of them instead of one per sector and case (per-call overhead dominates a single
    trajectory: docs/models/ftm.md, Speed). Row arithmetic is the per-sector arithmetic, element
    by element, so results are unchanged."""

    def __init__(self, sectors: dict, req: dict, S: int, disable_automation: bool):
        # the hardware base gives the R&D multiplier; without automation every sector reports its base
        self.blocks: tuple[tuple[str, bool], ...] = (("goods", False), ("hardware", False), ("software", False),
                                                     ("hardware", True))
        if disable_automation:
            self.blocks += (("goods", True), ("software", True))
        self.S, self.B = S, len(self.blocks)
        secs = [sectors[name] for name, _ in self.blocks]
        self.inner_rho = np.concatenate([s.inner_rho for s in secs])
        self.outer_rho = np.concatenate([s.outer_rho for s in secs])
        self.outer_w = np.concatenate([s.outer_w for s in secs])
        self.w0 = np.concatenate([s.inner_w[:, 0] for s in secs])
        self.w = np.concatenate([s.inner_w[:, 1] for s in secs])
        groups = ["goods" if name == "goods" else "rnd" for name, _ in self.blocks]
        self.group = pr.TaskGroup(np.concatenate([req[f"u_{g}"] for g in groups]), np.tile(req["tradeoff"], self.B),
                                  self.inner_rho)
        self.powered = (self.w0 ** self.group.sigma, self.w ** self.group.sigma)
        self.total_w = self.w0 + (self.group.n - 1) * self.w
        self.inv_inner_rho = 1.0 / self.inner_rho
        self.outer_rho_col, self.inv_outer_rho = self.outer_rho[:, None], 1.0 / self.outer_rho
        self.outer_w_sum = np.sum(self.outer_w, axis=-1)
        self.is_base = np.repeat([base for _, base in self.blocks], S)
        self.guess: np.ndarray | None = None
        self.scale = np.ones(self.B * S)

    def produce(self, st, inputs, n_at):
        """Output of every block [sector units] and the count of tasks compute does (over 10x
        labour's part), (blocks, sets) each; ``inputs`` sector -> (capital, labour, compute),
        ``n_at`` group -> automatable tasks (sets,)."""
        cols = [inputs[name] for name, _ in self.blocks]
        capital, labour, compute = (np.concatenate([c[i] for c in cols]) for i in range(3))
        at = np.concatenate([n_at["goods" if name == "goods" else "rnd"] for name, _ in self.blocks])
        at = np.where(self.is_base, 1, at)
        g = self.group.at_step(np.concatenate((st["log10_run"],) * self.B), at)
        total, count, self.guess = pr.fast_inner_sum(g, labour, compute, self.w0, self.w, True, self.powered,
                                                     self.guess)
        cognitive = pr._pow(total / self.total_w, self.inv_inner_rho)
        # the outer CES (production.ces) with its constant parts computed once
        x = pr._pow(np.stack([capital, cognitive], axis=-1), self.outer_rho_col)
        mean = np.add.reduce(self.outer_w * x, axis=-1) / self.outer_w_sum
        out = np.concatenate((st["tfp"],) * self.B) * pr._pow(mean, self.inv_outer_rho)
        return out.reshape(self.B, self.S), count.reshape(self.B, self.S)


def _initial_state(p, S, opt):
    """Step-0 stocks and fractions (FTM ``initialize_inputs``), (sets,) each."""
    gwp0 = 10.0 ** _col(p["gwp_log10_usd"], S)
    buyable0 = 10.0 ** _col(p["buyable_hardware_log10_flop_per_year_per_usd"], S)
    production0 = 10.0 ** _col(p["hardware_production_log10_flop_per_year"], S)
    hardware = production0 * _col(p["hardware_to_production_ratio"], S)
    run0 = 10.0 ** _col(p["largest_run_log10_flop"], S)
    if np.any(run0 > hardware):
        raise ValueError("FTM: the initial largest training run exceeds the world's compute; "
                         "lower initial.largest_run_log10_flop or raise the hardware stock")
    penalty = _col(p["parallelization_penalty"], S)
    st = {"gwp0": gwp0, "buyable0": buyable0, "hardware": hardware, "software": np.ones(S),
          "labour": _col(p["labour_force_persons"], S), "tfp": np.ones(S),
          "capital": gwp0 * inv.INVESTMENT_RATE / np.expm1(_col(p["capital_growth_per_year"], S)),
          "money_training": run0 / buyable0, "woken": np.zeros(S, bool), "frac_goods_done": np.zeros(S),
          "rnd_in_hw0": gwp0 * HARDWARE_RND_SHARE_OF_GWP, "rnd_in_sw0": gwp0 * SOFTWARE_RND_SHARE_OF_GWP}
    # hardware (frontier) and software stacked: (2, sets), one R&D update for both
    st["cum"] = np.stack([
        initial_cumulative_input(st["rnd_in_hw0"], _col(p["hardware_rnd_input_to_cumulative_ratio"], S), penalty),
        initial_cumulative_input(st["rnd_in_sw0"], _col(p["software_rnd_input_to_cumulative_ratio"], S), penalty)])
    st["levels"] = np.stack([buyable0, st["software"]])
    # the seven fractions stacked, (7, sets); st["frac"] holds views of its rows
    initial = {"gwp_compute": production0 / buyable0 / gwp0, "compute_training": run0 / hardware}
    st["fracs"] = np.stack([initial[n] if n in initial else _col(p[f"initial_frac_{n}"], S) for n in inv.FRACTIONS])
    st["frac"] = dict(zip(inv.FRACTIONS, st["fracs"]))
    st["compute"] = hardware * st["software"]
    return st


def _constants(p, S, opt):
    """What the R&D and investment steps use that no step changes (computed once per run)."""
    penalty = _col(p["parallelization_penalty"], S)
    fr = inv.FRACTIONS
    return {
        "penalty": penalty,
        "returns": np.stack([_col(p["hardware_returns"], S) / penalty, _col(p["software_returns"], S) / penalty]),
        "ceiling": np.stack([_col(p["hardware_ceiling_log10_flop_per_year_per_usd"], S),
                             _col(p["software_ceiling_oom"], S)]),
        "growth": np.stack([np.exp(_col(p[f"frac_{n}_growth_per_year"], S) * opt.dt) for n in fr]),
        "wakeup_growth": np.stack([np.exp(_col(p[f"frac_{n}_wakeup_growth_per_year"], S) * opt.dt) for n in fr]),
        "frac_ceiling": np.stack([_col(p[f"frac_{n}_ceiling"], S) for n in fr]),
        "trigger": _col(p["wakeup_trigger"], S),
        "money_cap": 10.0 ** _col(p["money_cap_training_log10_usd"], S),
        "depreciation": (1.0 - _col(p["compute_depreciation_per_year"], S)) ** opt.dt,
        "labour_growth": np.exp(_col(p["labour_growth_per_year"], S) * opt.dt),
        "tfp_growth": np.exp(_col(p["tfp_growth_per_year"], S) * opt.dt),
        "delay": np.round(_col(p["hardware_delay_years"], S) / opt.dt).astype(int),
    }


def _calibrate(p, S, st, eta_goods, eta_rnd, opt):
    """Task weights of the three sectors from the initial factor shares (FTM ``adjust_task_weights``)."""
    penalty = _col(p["parallelization_penalty"], S)
    cog_g, cog_h = _col(p["cognitive_share_goods"], S), _col(p["cognitive_share_hardware_rnd"], S)
    exp_s = _col(p["experiment_share_software_rnd"], S)
    comp_g, comp_r = _col(p["compute_share_goods"], S), _col(p["compute_share_rnd"], S)
    specs = {  # sector: (outer rho, inner rho, capital-to-cognitive share, cognitive share, compute share of cognitive)
        "goods": (_col(p["capital_substitution_goods"], S), _col(p["labour_substitution_goods"], S),
                  (1 - cog_g) / cog_g, cog_g, comp_g),
        "hardware": (_col(p["capital_substitution_rnd"], S) * penalty, _col(p["labour_substitution_rnd"], S),
                     (1 - cog_h) / cog_h, cog_h, comp_r),
        "software": (_col(p["experiments_substitution_software"], S), _col(p["labour_substitution_rnd"], S),
                     exp_s / (1 - exp_s), 1 - exp_s, comp_r)}
    sectors = {}
    for name, (rho_o, rho_i, cap_to_cog, cog, comp_share) in specs.items():
        k, lab, c = _inputs(p, S, st, name)
        compute_part = comp_share * cog  # FTM scales the compute share by the cognitive share
        outer, inner = pr.calibrate_weights(k, lab, c, eta_goods if name == "goods" else eta_rnd, rho_o, rho_i,
                                            cap_to_cog, compute_part / (cog - compute_part))
        sectors[name] = _Sector(outer, inner, rho_o, rho_i)
    return sectors


def _inputs(p, S, st, sector):
    """Capital (software: experiment compute), labour and compute of a sector this step."""
    f = st["frac"]
    if sector == "goods":
        return (st["capital"] * (1 - f["capital_hardware_rnd"]),
                st["labour"] * (1 - f["labour_hardware_rnd"] - f["labour_software_rnd"]),
                st["compute"] * (1 - f["compute_hardware_rnd"] - f["compute_software_rnd"] - f["compute_training"]))
    if sector == "hardware":
        return st["capital"] * f["capital_hardware_rnd"], st["labour"] * f["labour_hardware_rnd"], \
            st["compute"] * f["compute_hardware_rnd"]
    experiments = pr._pow(st["hardware"], _col(p["experiments_efficiency_software"], S))
    return experiments, st["labour"] * f["labour_software_rnd"], st["compute"] * f["compute_software_rnd"]


def _production_step(p, S, st, req, sectors, opt, t):
    """Automation and the three sectors' output at step ``t``; updates ``st`` in place."""
    log10_run = np.log10(st["compute"] * st["frac"]["compute_training"])
    st["log10_run"] = log10_run
    full = sectors is None or not opt.fast  # every task's runtime: to calibrate, or for the reference path
    n_g, plain_g, n_r = _automate(req, log10_run)
    lr_g, lr_r = (_runtime(req, log10_run, k) for k in ("goods", "rnd")) if full else (None, None)
    if sectors is None:
        sectors = _calibrate(p, S, st, 10.0 ** -lr_g, 10.0 ** -lr_r, opt)
        if opt.fast:
            st["rows"] = _Rows(sectors, req, S, opt.disable_automation)
    inputs = {name: _inputs(p, S, st, name) for name in ("goods", "hardware", "software")}
    if opt.fast:  # blocks: goods, hardware, software, hardware base (+ goods and software bases)
        out, count = st["rows"].produce(st, inputs, {"goods": n_g, "rnd": n_r})
        outputs, hw_base = [out[0], out[1], out[2]], out[3]
        done = (count[0] - 1, count[1] - 1)
        if opt.disable_automation:
            outputs = [out[4], hw_base, out[5]]
        multiplier = out[1] / hw_base
    else:
        groups = {"goods": {"log10_runtime": lr_g, "at": n_g}, "rnd": {"log10_runtime": lr_r, "at": n_r}}
        res = {name: _produce(sectors[name], k, lab, c, groups["goods" if name == "goods" else "rnd"], st["tfp"])
               for name, (k, lab, c) in inputs.items()}
        outputs = [r[1] if opt.disable_automation else r[0] for r in res.values()]
        multiplier, done = res["hardware"][0] / res["hardware"][1], (res["goods"][2], res["hardware"][2])
    if t == 0:
        for sec, o, ref in zip(sectors.values(), outputs, (st["gwp0"], st["rnd_in_hw0"], st["rnd_in_sw0"])):
            sec.scale = ref / o
    st["gwp"], st["rnd_hw"], st["rnd_sw"] = (o * sec.scale for sec, o in zip(sectors.values(), outputs))
    st["multiplier_rnd"] = multiplier
    # task fractions automated as counts k (of n_tasks; the recorder keeps the counts) and as k / n_tasks
    st["done_counts"] = (*done, plain_g - 1)
    st["frac_goods_done"], st["frac_rnd_done"], st["frac_goods_automatable"] = (k / opt.n_tasks
                                                                               for k in st["done_counts"])
    return sectors


def _rnd_step(c, S, st, hp, t, opt):
    """Hardware and software levels at step ``t`` from the previous step's research (rnd.py)."""
    research = np.stack([st["rnd_hw"], st["rnd_sw"]])
    if t == 1:  # move the frontier ahead of what is buyable by the delay, at the first step's rate
        ahead, _ = rnd_step(st["buyable0"], st["buyable0"], research[0], st["cum"][0], c["returns"][0],
                            c["ceiling"][0], c["penalty"], opt.dt)
        hp[0] = st["buyable0"] * (ahead / st["buyable0"]) ** c["delay"]
        st["levels"][0] = hp[0]
        st["level0"] = np.stack([hp[0], np.ones(S)])
    st["levels"], st["cum"] = rnd_step(st["levels"], st["level0"], research, st["cum"], c["returns"], c["ceiling"],
                                       c["penalty"], opt.dt)
    hp[t], st["software"] = st["levels"]


def _investment_step(c, S, st, hp, t, opt):
    """Fractions (wake-up, ceilings, money cap) and the stocks they buy at step ``t`` (investment.py)."""
    woken_before = st["woken"]
    st["woken"] = st["frac_goods_done"] >= c["trigger"]
    fracs = inv.grow_fraction(st["fracs"], c["growth"], c["wakeup_growth"], c["frac_ceiling"], st["woken"])
    fracs[-1] = inv.cap_training_before_wakeup(fracs[-1], st["fracs"][-1], st["money_training"], c["money_cap"],
                                               woken_before)
    st["fracs"], st["frac"] = fracs, dict(zip(inv.FRACTIONS, fracs))
    gwp_prev = st["gwp"]
    buyable = buyable_hardware(hp, t, c["delay"])
    st["hardware"] = st["hardware"] * c["depreciation"] + gwp_prev * fracs[0] * opt.dt * buyable
    st["compute"] = st["hardware"] * st["software"]
    st["capital"] = st["capital"] + gwp_prev * inv.INVESTMENT_RATE * opt.dt
    st["labour"] = st["labour"] * c["labour_growth"]
    st["tfp"] = st["tfp"] * c["tfp_growth"]
    st["money_training"] = st["hardware"] * fracs[-1] / buyable
    st["buyable"] = buyable


def simulate(p: dict, opt: Options = Options(), years=None) -> SimulationOutput:
    """Run FTM for every parameter set in ``p`` at once; events, metrics and series (metrics.py)."""
    S = max([np.size(v) for v in p.values()] + [1])
    T = opt.n_steps
    if T == 0:
        raise ValueError(f"FTM: the run has no time step: it starts in {opt.start:g}, not before its end "
                         f"({opt.end:g}); lower simulation.start_year")
    p = {k: _col(v, S) for k, v in p.items()}
    req = _requirements(p, S, opt)
    st = _initial_state(p, S, opt)
    const = _constants(p, S, opt)
    st["buyable"] = st["buyable0"]
    hp = np.zeros((T, S))
    rec = Recorder(S, T, opt, years, trigger=_col(p["wakeup_trigger"], S))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        sectors = _production_step(p, S, st, req, None, opt, 0)
        rec.record(0, st, hp)
        on_floats = S == 1 and opt.fast and opt.floats_for_one_set and T > 1
        if not (on_floats and single.run(p, st, req, sectors, const, rec, opt)):
            for t in range(1, T):
                _rnd_step(const, S, st, hp, t, opt)
                _investment_step(const, S, st, hp, t, opt)
                sectors = _production_step(p, S, st, req, sectors, opt, t)
                rec.record(t, st, hp)
    return rec.finish()
