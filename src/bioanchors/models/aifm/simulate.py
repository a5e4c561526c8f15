"""The AI Futures Model's time loop, vectorised over parameter sets (docs/models/aifm.md).

State per set: log10 effective compute ``E`` [OOM, 0 at the start year; the peer's "progress"] and
the research stock ``RS`` [research units]. Each step:

    A = A(E)                                   automation fraction (automation.py)
    L_C = L*(H(t), C_aut(t), E, A)             optimal-allocation coding labour (automation.py)
    X = CES(C_xpm(t)^zeta, L_C^lambda)         experiment throughput (experiment.py)
    T = E[max(T_H, T_AI(E))]                   aggregate research taste (taste.py)
    RE = T X;  dRS/dt = RE;  dE/dt = r RE / (RS ln 10) + g_train(t)   (software.py, compute.py)

integrated by the classical Runge-Kutta method on a fixed step (``step_years``), from the first year
of the input series (2017, where the peer starts) with E = 0. Milestones are effective-compute
thresholds (AC: eq. (AC) of horizon.py; SAR/SIAR/TED-AI/ASI: AI taste, linear in E, reaching a
number of human SDs; AI R&D speed-ups: the uplift with present-day resources reaching 5x ... 10000x),
dated by linear interpolation between steps. The loop runs over time steps only; every operation is
over all S sets at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import automation, experiment, horizon, software, taste
from .compute import Inputs, default_inputs, log_growth

LN10 = np.log(10.0)
#: The 99.9th-percentile human researcher sits this many SDs above the median (the "top researcher";
#: model_config.py @53bc297 TOP_RESEARCHER_SD = norm.ppf(0.999)); SAR needs AI taste at this level.
TOP_RESEARCHER_SD = 3.090232306167813
#: AI R&D speed-up milestones (the peer's AIR-5x ... AIR-10000x, _impl.py compute_milestones).
SPEEDUPS = (5.0, 25.0, 250.0, 2000.0, 10000.0)
#: E_AC is at least this far [OOM] above the present day's (human-only) effective compute.
MIN_AC_AHEAD_OOM = 0.01
#: Effective compute is reported in log10 FLOP of 2025.13 training (Grok 3, 10^26.54 FLOP): the
#: peer's TRAINING_COMPUTE_REFERENCE_YEAR / _OOMS (model_config.py @53bc297).
EFFECTIVE_COMPUTE_REFERENCE = (2025.13, 26.54)

PARAMETER_KEYS = (
    "present_day_year", "present_horizon_minutes", "doubling_time_years", "doubling_difficulty",
    "ac_horizon_minutes", "gap_years", "rho_coding_labour", "parallel_penalty", "coding_multiplier_today",
    "automation_max", "efficiency_slope_oom_per_progress_year", "efficiency_at_automation_fte_per_h100e", "max_serial_labour_multiplier",
    "labour_asymptote", "compute_asymptote", "slowdown_at_tenth_compute", "software_rate_2024_oom_per_year",
    "median_to_top_taste", "top_researcher_quantile", "taste_cap_median_to_bests", "taste_cap_smoothing", "taste_sd_at_ac",
    "taste_slope_sd_per_progress_year", "ted_ai_median_to_bests", "asi_median_to_bests_above_ted_ai",
    "siar_top_multiple", "ac_requirement_log10_flop", "requirement_algorithms_year",
)


@dataclass(frozen=True)
class Settings:
    """Numerical settings (not uncertain): the run's span, step and task grid."""

    end_year: float = 2050.0
    step_oom: float = 0.1  # integration step in log10 effective compute [OOM]
    margin_oom: float = 30.0  # run at most this far past the last research-skill milestone [OOM]
    task_grid: int = 4096
    reference_year: float = 2024.0  # where the human-only software rate is set (SOFTWARE_PROGRESS_SCALE_REFERENCE_YEAR)
    human_only_step: float = 0.01


@dataclass
class Prepared:
    """Per-set constants derived before the time loop (all (S,))."""

    p: dict[str, np.ndarray]
    rho_x: np.ndarray
    zeta: np.ndarray
    alpha: np.ndarray
    r: np.ndarray
    rs0: np.ndarray
    e_now: np.ndarray  # human-only E at the present day [OOM]
    rate_now: np.ndarray  # human-only dE/dt at the present day [OOM/yr]
    e_ac: np.ndarray
    tau: np.ndarray
    taste_slope: np.ndarray  # [SD/OOM]
    theta: np.ndarray  # [OOM eta / OOM E]
    a_now: np.ndarray
    k: np.ndarray
    e_mid: np.ndarray
    dist: taste.TasteDistribution
    frontier: automation.Frontier
    re_human_now: np.ndarray  # human-only research effort at the present day
    log_alpha: np.ndarray
    log_one_minus_alpha: np.ndarray
    rho_zeta: np.ndarray  # rho_X zeta
    rho_penalty: np.ndarray  # rho_X lambda
    levels: dict[str, np.ndarray]  # milestone -> log10 effective compute where it happens [OOM]
    uplift_inputs: tuple[float, float, float] = field(default=(0.0, 0.0, 0.0))  # H, C_aut, C_xpm today


def as_sets(params: dict) -> dict[str, np.ndarray]:
    """The parameter dict with every value a (S,) float array (floats broadcast)."""
    missing = [k for k in PARAMETER_KEYS if k not in params]
    if missing:
        raise KeyError(f"aifm parameters missing: {', '.join(missing)}")
    arrays = [np.atleast_1d(np.asarray(params[k], dtype=float)) for k in PARAMETER_KEYS]
    size = max(a.size for a in arrays)
    return {k: np.broadcast_to(a, (size,)).astype(float) for k, a in zip(PARAMETER_KEYS, arrays, strict=True)}


def _experiment_parameters(p, inputs: Inputs):
    """(rho_X, zeta, alpha) from the asymptote and slowdown judgements at the present day."""
    now = p["present_day_year"]
    rho_x = experiment.rho_from_asymptotes(p["labour_asymptote"], p["compute_asymptote"])
    zeta = experiment.compute_exponent(p["labour_asymptote"], p["compute_asymptote"], p["slowdown_at_tenth_compute"], rho_x)
    serial = inputs.human(now) ** p["parallel_penalty"]
    alpha = experiment.compute_weight(p["labour_asymptote"], p["compute_asymptote"], zeta,
                                      inputs.experiment_compute(now), serial, rho_x)
    return rho_x, zeta, alpha


def _initial_stock(p, inputs: Inputs, rho_x, zeta, alpha):
    """RS(t0) = RE/(d ln RE/dt) of the human-only effort at the first input year."""
    t0 = float(inputs.year[0])
    u = inputs.experiment_compute(t0) ** zeta
    v = inputs.human(t0) ** p["parallel_penalty"]
    g_c = log_growth(inputs.log_experiment_compute, inputs.year, t0)
    g_h = log_growth(inputs.log_human, inputs.year, t0)
    wu, wv = alpha * u**rho_x, (1 - alpha) * v**rho_x
    growth = (wu * zeta * g_c + wv * p["parallel_penalty"] * g_h) / (wu + wv)
    return software.initial_research_stock(experiment.ces(u, v, alpha, rho_x), growth)


def _human_only(p, inputs: Inputs, settings: Settings, rho_x, zeta, alpha, rs0):
    """r, and E and dE/dt at the present day, from the human-only run (no AI automation, taste 1)."""
    t0 = float(inputs.year[0])
    stop = max(float(p["present_day_year"].max()), settings.reference_year,
               EFFECTIVE_COMPUTE_REFERENCE[0]) + 2 * settings.human_only_step
    t = np.arange(t0, stop, settings.human_only_step)
    col = (slice(None), None)
    effort = experiment.throughput(inputs.experiment_compute(t), inputs.human(t) ** p["parallel_penalty"][col],
                                   alpha[col], rho_x[col], zeta[col])
    steps = np.diff(t)
    stock = rs0[col] + np.concatenate([np.zeros((len(rs0), 1)), np.cumsum(0.5 * (effort[:, 1:] + effort[:, :-1]) * steps, axis=1)], axis=1)
    ref = _row_interp(settings.reference_year, t, effort), _row_interp(settings.reference_year, t, stock)
    r = software.calibrated_r(p["software_rate_2024_oom_per_year"], *ref)
    rate = software.software_rate(r[col], effort, stock)
    train = np.interp(t, inputs.year, inputs.log10_training_flop) - inputs.log10_training_flop[0]
    e = np.concatenate([np.zeros((len(r), 1)), np.cumsum(0.5 * (rate[:, 1:] + rate[:, :-1]) * steps, axis=1)], axis=1) + train
    now = p["present_day_year"]
    e_now = _row_interp(now, t, e)
    rate_now = _row_interp(now, t, rate) + inputs.training_growth(now)
    ref_year = EFFECTIVE_COMPUTE_REFERENCE[0]
    # software gain since the year of the requirement's algorithms (requirement anchors): E less training
    algorithms = p["requirement_algorithms_year"]
    software_gain = (_row_interp(ref_year, t, e) - _row_interp(algorithms, t, e)
                     - np.interp(ref_year, inputs.year, inputs.log10_training_flop)
                     + np.interp(algorithms, inputs.year, inputs.log10_training_flop))
    return r, e_now, rate_now, _row_interp(ref_year, t, e), software_gain


def _row_interp(x, xp, table):
    """Linear interpolation of each row of ``table`` (S, T) at x (scalar or (S,)) on the grid xp."""
    x = np.broadcast_to(np.asarray(x, dtype=float), (table.shape[0],))
    j = np.clip(np.searchsorted(xp, x, side="right") - 1, 0, len(xp) - 2)
    w = (x - xp[j]) / (xp[j + 1] - xp[j])
    rows = np.arange(table.shape[0])
    return (1 - w) * table[rows, j] + w * table[rows, j + 1]


def prepare(params: dict, settings: Settings = Settings(), inputs: Inputs | None = None) -> Prepared:
    """Every per-set constant of the run: CES weights, r, the present-day anchor, E_AC, the
    automation schedule and task frontier, the taste distribution."""
    inputs = inputs or default_inputs()
    p = as_sets(params)
    rho_x, zeta, alpha = _experiment_parameters(p, inputs)
    rs0 = _initial_stock(p, inputs, rho_x, zeta, alpha)
    r, e_now, rate_now, e_ref, software_gain = _human_only(p, inputs, settings, rho_x, zeta, alpha, rs0)
    tau = p["doubling_time_years"] * rate_now
    e_ac = horizon.ac_effective_compute(e_now, p["present_horizon_minutes"], p["ac_horizon_minutes"], tau,
                                        p["doubling_difficulty"], p["gap_years"] * rate_now)
    # requirement option: E_AC from a requirement anchor [log10 FLOP of 2020 algorithms] instead of the
    # horizon: less the run's own software gain 2020 -> 2025.13, on the scale of 10^26.54 FLOP at 2025.13
    anchored = p["ac_requirement_log10_flop"] - software_gain - EFFECTIVE_COMPUTE_REFERENCE[1] + e_ref
    e_ac = np.where(np.isfinite(p["ac_requirement_log10_flop"]), anchored, e_ac)
    # a requirement already met today cannot anchor the automation schedule (A(E_now) < 1 = A(E_AC)):
    # AC is then put just past today's effective compute (a convention; docs/models/aifm.md)
    e_ac = np.maximum(e_ac, e_now + MIN_AC_AHEAD_OOM)
    pp = p["parallel_penalty"]
    theta = p["efficiency_slope_oom_per_progress_year"] ** (0.5 / pp) / rate_now  # the peer's slope^(0.5/penalty) (Parameters)
    now = p["present_day_year"]
    humans, compute = inputs.human(now), inputs.automation_compute(now)
    a_now = automation.solve_lower_anchor(p["coding_multiplier_today"], e_now, e_ac, p["automation_max"],
                                          p["rho_coding_labour"], theta, p["efficiency_at_automation_fte_per_h100e"], humans, compute)
    k, e_mid = automation.logistic_schedule(e_now, a_now, e_ac, 1.0, p["automation_max"])
    cap = p["max_serial_labour_multiplier"] ** (1.0 / pp)
    frontier = automation.build_frontier(k, e_mid, p["automation_max"], p["rho_coding_labour"], theta,
                                         p["efficiency_at_automation_fte_per_h100e"], cap, settings.task_grid)
    dist = taste.calibrate(p["median_to_top_taste"], p["top_researcher_quantile"], p["taste_cap_median_to_bests"], p["taste_cap_smoothing"])
    x_now = inputs.experiment_compute(now)
    re_human_now = experiment.throughput(x_now, humans**pp, alpha, rho_x, zeta)
    taste_slope = p["taste_slope_sd_per_progress_year"] / rate_now
    return Prepared(p, rho_x, zeta, alpha, r, rs0, e_now, rate_now, e_ac, tau, taste_slope, theta, a_now, k,
                    e_mid, dist, frontier, re_human_now, np.log(alpha), np.log1p(-alpha), rho_x * zeta, rho_x * pp,
                    skill_levels(p, e_ac, taste_slope),
                    (humans, compute, x_now))


def skill_levels(p, e_ac, taste_slope):
    """log10 effective compute [OOM] of AC and the research-skill milestones (the peer's
    compute_milestones, _impl.py @53bc297): AI taste reaches the top human (SAR; 3x that: SIAR) and
    AC has happened; TED-AI and ASI sit ``m`` and ``m + 2`` "median-to-bests" (top-researcher SDs)
    above the top human, or above the AIs' taste at AC when that is already past the top human."""
    def at(sd):
        return e_ac + (sd - p["taste_sd_at_ac"]) / taste_slope

    base = np.where(p["taste_sd_at_ac"] > TOP_RESEARCHER_SD, p["taste_sd_at_ac"], TOP_RESEARCHER_SD)
    ted = p["ted_ai_median_to_bests"]
    return {
        "ac": e_ac,
        "sar": np.maximum(at(TOP_RESEARCHER_SD), e_ac),
        "siar": np.maximum(at(p["siar_top_multiple"] * TOP_RESEARCHER_SD), e_ac),
        "ted_ai": at(base + TOP_RESEARCHER_SD * ted),
        "asi": at(base + TOP_RESEARCHER_SD * (ted + p["asi_median_to_bests_above_ted_ai"])),
    }


def log_research_effort(prep: Prepared, terms: automation.BoundaryTerms, log_taste, log_inputs):
    """ln RE = ln T + ln X [ln research units/yr] (S,): E-only ``terms`` and ln aggregate taste at
    the sets' effective compute; ``log_inputs`` = (ln L_H, ln C_aut, ln C_xpm) (3, S). X is eq. (X) of
    experiment.py in log form (rho_X < 0 whenever both asymptotes exceed 1, as the schema requires)."""
    log_h, log_c, log_x = log_inputs
    log_labour = automation.coding_labour(prep.frontier, log_h, log_c, terms)
    log_x_cap = np.logaddexp(prep.log_alpha + prep.rho_zeta * log_x,
                             prep.log_one_minus_alpha + prep.rho_penalty * log_labour) / prep.rho_x
    return log_taste + log_x_cap


def aggregate_taste(prep: Prepared, e):
    """T_agg [taste units] at log10 effective compute e ((S,) or (S, K))."""
    n = np.ndim(e)
    shape = (-1,) + (1,) * (n - 1)
    sd = taste.ai_taste_sd(e, prep.e_ac.reshape(shape), prep.p["taste_sd_at_ac"].reshape(shape), prep.taste_slope.reshape(shape))
    return prep.dist.mean_with_floor(prep.dist.taste_at_sd(sd))


def _grid_terms(prep: Prepared, e_grid):
    """E-only terms on the integration grid's half steps: (terms per half step, taste per half step)."""
    e = np.broadcast_to(e_grid, (len(prep.r), len(e_grid)))
    full = automation.boundary_terms(prep.frontier, e)
    tastes = aggregate_taste(prep, e)
    return [automation.BoundaryTerms(full.log_e[:, n], full.log_f[:, n], full.log_q[:, n], full.log_b[:, n])
            for n in range(len(e_grid))], tastes.T


def integrate(prep: Prepared, settings: Settings, inputs: Inputs | None = None):
    """(E grid (K,), t (S, K) [decimal yr], RS (S, K)): RK4 in effective compute, dt/dE = 1/(dE/dt),
    dRS/dE = RE/(dE/dt), from (t, RS) = (first input year, RS0) at E = 0 until every set has passed
    ``settings.end_year`` or its last milestone plus ``settings.margin_oom``."""
    inputs = inputs or default_inputs()
    de = settings.step_oom
    e_stop = max(float(np.max(np.maximum(prep.levels["asi"], prep.levels["siar"]))) + settings.margin_oom, 2 * de)
    e = de * np.arange(int(np.ceil(e_stop / de)) + 1)
    terms, tastes = _grid_terms(prep, 0.5 * de * np.arange(2 * len(e) - 1))
    log_tastes = np.log(tastes)
    t = np.full((len(prep.r), len(e)), np.nan)
    rs = np.full_like(t, np.nan)
    t[:, 0], rs[:, 0] = inputs.year[0], prep.rs0
    r_per_ln10 = prep.r / LN10

    def slopes(n, t_s, rs_s):  # (dt/dE, dRS/dE) = (1, RE) / (r RE / (RS ln 10) + g_train)
        log_inputs, growth = inputs.log_inputs_at(t_s)
        effort = np.exp(log_research_effort(prep, terms[n], log_tastes[n], log_inputs))
        inverse_rate = 1.0 / (r_per_ln10 * effort / rs_s + growth)
        return inverse_rate, effort * inverse_rate

    for k in range(len(e) - 1):
        t0, r0 = t[:, k], rs[:, k]
        k1 = slopes(2 * k, t0, r0)
        k2 = slopes(2 * k + 1, t0 + 0.5 * de * k1[0], r0 + 0.5 * de * k1[1])
        k3 = slopes(2 * k + 1, t0 + 0.5 * de * k2[0], r0 + 0.5 * de * k2[1])
        k4 = slopes(2 * k + 2, t0 + de * k3[0], r0 + de * k3[1])
        t[:, k + 1] = t0 + de / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        rs[:, k + 1] = r0 + de / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        if np.all(t[:, k + 1] >= settings.end_year):
            return e[: k + 2], t[:, : k + 2], rs[:, : k + 2]
    return e, t, rs


def uplift(prep: Prepared, e):
    """AI software R&D uplift [x] at log10 effective compute e ((S,) or (S, K)): the software rate the
    AIs at e would give the present-day project (its humans, compute, research stock) over its
    human-only rate (the peer's ai_sw_progress_mult_ref_present_day)."""
    shape = (-1,) + (1,) * (np.ndim(e) - 1)
    log_inputs = tuple(np.log(v).reshape(shape) for v in prep.uplift_inputs)
    terms = automation.boundary_terms(prep.frontier, e)
    log_h, log_c, log_x = log_inputs
    log_labour = automation.coding_labour(prep.frontier, log_h, log_c, terms)
    log_x_cap = np.logaddexp(prep.log_alpha.reshape(shape) + prep.rho_zeta.reshape(shape) * log_x,
                             prep.log_one_minus_alpha.reshape(shape) + prep.rho_penalty.reshape(shape) * log_labour)
    log_re = log_x_cap / prep.rho_x.reshape(shape) + np.log(aggregate_taste(prep, e))
    return np.exp(log_re - np.log(prep.re_human_now).reshape(shape))


def _rows_interp(x, xp, fp):
    """Per-row linear interpolation: xp, fp (S, K) with each row of xp increasing (NaN-free);
    x (S, Q) -> (S, Q); NaN outside a row's range."""
    s, k = xp.shape
    offset = (np.arange(s) * (np.nanmax(xp) - np.nanmin(xp) + 1.0))[:, None]
    flat = (xp + offset).ravel()
    j = np.searchsorted(flat, (x + offset).ravel(), side="right").reshape(x.shape) - 1 - np.arange(s)[:, None] * k
    inside = (j >= 0) & (j <= k - 2) | (x == xp[:, -1:])
    j = np.clip(j, 0, k - 2)
    rows = np.arange(s)[:, None]
    x0, x1 = xp[rows, j], xp[rows, j + 1]
    w = np.clip((x - x0) / np.where(x1 > x0, x1 - x0, 1.0), 0.0, 1.0)
    return np.where(inside, fp[rows, j] + w * (fp[rows, j + 1] - fp[rows, j]), np.nan)


def event_years(prep: Prepared, e, t, settings: Settings) -> dict[str, np.ndarray]:
    """Decimal year of each milestone (S,); inf when not reached by ``settings.end_year``."""
    levels = dict(prep.levels)
    up = np.log(uplift(prep, np.broadcast_to(e, t.shape)))
    for factor in SPEEDUPS:  # first grid point past the factor, log-linear between grid points
        target = np.log(factor)
        j = np.argmax(up >= target, axis=1)
        rows = np.arange(len(j))
        prev = np.maximum(j - 1, 0)
        frac = np.clip((target - up[rows, prev]) / np.where(j > 0, up[rows, j] - up[rows, prev], 1.0), 0, 1)
        level = e[prev] + frac * (e[j] - e[prev])
        levels[f"air_{int(factor)}x"] = np.where(up[rows, j] >= target, level, np.inf)
    out = {}
    for name, level in levels.items():
        year = _rows_interp(np.asarray(level, dtype=float)[:, None], np.broadcast_to(e, t.shape), t)[:, 0]
        out[name] = np.where(np.isfinite(year) & (year <= settings.end_year), year, np.inf)
    return out


def _effective_compute_at(e, t, years):
    """E at the given decimal years (S, Y) by per-row interpolation of the t(E) table."""
    return _rows_interp(np.broadcast_to(np.asarray(years, dtype=float), (t.shape[0], len(years))), t,
                        np.broadcast_to(e, t.shape))


def series(prep: Prepared, e, t, rs, years, inputs: Inputs | None = None) -> dict[str, np.ndarray]:
    """Named (S, Y) series at the start of each calendar year (NaN where not simulated)."""
    inputs = inputs or default_inputs()
    years = np.asarray(years, dtype=float)
    e_y = _effective_compute_at(e, t, years)
    rs_y = _rows_interp(np.broadcast_to(years, e_y.shape), t, rs)
    ref_year, ref_flop = EFFECTIVE_COMPUTE_REFERENCE
    col = (slice(None), None)
    e_ref = _effective_compute_at(e, t, np.array([ref_year]))[:, 0]
    # the horizon is re-anchored to the run's own E at the present day (the peer's
    # _update_horizon_trajectory_anchor); E_AC keeps the human-only anchor (horizon.py)
    e_anchor = _rows_interp(prep.p["present_day_year"][:, None], t, np.broadcast_to(e, t.shape))[:, 0]
    log2_h = horizon.log2_horizon(e_y, e_anchor[col], prep.p["present_horizon_minutes"][col], prep.tau[col],
                                  prep.p["doubling_difficulty"][col])
    sd = taste.ai_taste_sd(e_y, prep.e_ac[col], prep.p["taste_sd_at_ac"][col], prep.taste_slope[col])
    rate = np.full(e_y.shape, np.nan)
    safe = np.nan_to_num(e_y, nan=0.0)
    terms = automation.boundary_terms(prep.frontier, safe)
    log_taste = np.log(aggregate_taste(prep, safe))
    for n, year in enumerate(years):
        log_inputs, growth = inputs.log_inputs_at(np.array([year]))
        sub = automation.BoundaryTerms(terms.log_e[:, n], terms.log_f[:, n], terms.log_q[:, n], terms.log_b[:, n])
        effort = np.exp(log_research_effort(prep, sub, log_taste[:, n], tuple(log_inputs[:, 0])))
        rate[:, n] = software.software_rate(prep.r, effort, rs_y[:, n])
    defined = np.isfinite(e_y)
    with np.errstate(invalid="ignore"):
        return {
            "effective_compute": e_y - e_ref[col] + ref_flop,
            # past the blow-up point the horizon is infinite: undefined as a number, null in JSON (issue 23 item 2)
            "horizon": np.where(defined & np.isfinite(log2_h), log2_h * np.log10(2.0), np.nan),
            "automation_fraction": np.where(defined, automation.automation_fraction(
                safe, prep.k[col], prep.e_mid[col], prep.p["automation_max"][col]), np.nan),
            "software_progress_rate": rate,
            "ai_research_taste_sd": np.where(defined, sd, np.nan),
            "aggregate_research_taste": np.where(defined, log_taste / LN10, np.nan),
            "ai_rd_uplift": np.where(defined, np.log10(uplift(prep, safe)), np.nan),
        }


@dataclass
class Run:
    """One simulation of S parameter sets: milestone years, yearly series, scalar metrics."""

    event_years: dict[str, np.ndarray]
    series: dict[str, np.ndarray]
    metrics: dict[str, np.ndarray]
    prepared: Prepared | None  # the per-set constants when the run was one chunk (tests, diagnostics)


#: parameter sets simulated at once: bounds memory (three (sets, task_grid) float tables per chunk)
CHUNK = 512


def run(params: dict, years, settings: Settings = Settings(), inputs: Inputs | None = None, progress=None) -> Run:
    """prepare -> integrate -> milestones, series and metrics for the parameter sets ``params``
    (the keys of PARAMETER_KEYS; (S,) arrays or floats), in chunks of CHUNK sets (each chunk all at
    once). ``progress(done, total)`` is called after each chunk."""
    inputs = inputs or default_inputs()
    p = as_sets(params)
    size = len(p["present_day_year"])
    parts = []
    for lo in range(0, size, CHUNK):
        chunk = {k: v[lo:lo + CHUNK] for k, v in p.items()}
        prep = prepare(chunk, settings, inputs)
        e, t, rs = integrate(prep, settings, inputs)
        events = event_years(prep, e, t, settings)
        parts.append((events, series(prep, e, t, rs, years, inputs), prep))
        if progress is not None:
            progress(min(lo + CHUNK, size), size)
    events = {k: np.concatenate([part[0][k] for part in parts]) for k in parts[0][0]}
    yearly = {k: np.concatenate([part[1][k] for part in parts]) for k in parts[0][1]}
    with np.errstate(invalid="ignore"):
        metrics = {"ac_to_asi_years": events["asi"] - events["ac"], "ac_to_sar_years": events["sar"] - events["ac"]}
    metrics = {k: np.where(np.isfinite(v), v, np.nan) for k, v in metrics.items()}
    return Run(events, yearly, metrics, parts[0][2] if len(parts) == 1 else None)
