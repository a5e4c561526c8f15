"""GPU FLOP/s as Epoch's Direct Approach projects it: Hobbhahn's fitted GPU-feature model.

Epoch's ``flops_per_dollar`` (timeline.py) takes its baseline FP32 FLOP/s from
``gpu_efficiency.baseline_flops_per_second`` (epoch-research/timelines-direct-approach@50fff99,
unchanged to 01ffd90; "credit for large swathes of this goes to Marius Hobbhahn"), which evaluates
fits shipped as data files on a grid of 1,001 Unix times. Every fit is a straight line in time, so
the model is a handful of coefficients (:data:`PROCESS_SIZE_LINE` and the rest), read from those files at 50fff99:

* process size [log10 nm]: the 5% quantile regression on time (data/time_process_size_pred_x2_q005),
  floored at a limit ``process_size_limit_nm``; the limit is reached at grid time ``t_lim``;
* transistors [log10 million]: OLS on time (data/time_num_transistors_results.pkl), frozen at ``t_lim``;
* cores [log10]: one of four quantile regressions on time, 0.8 / 0.85 / 0.9 / 0.95
  (data/time_num_cores_pred_x2_q0*.nparr.gz), drawn uniformly per sample (``np.random.randint(4)``),
  capped so that transistors per core stay at least ``transistors_per_core_limit`` [million]:
  cores = min(cores_q, transistors - log10 limit);
* FP32 FLOP/s [log10]: OLS on process size and cores (data/MVP_results.pkl):
  10.084 - 0.412 log10 nm + 0.920 log10 cores.

Epoch reads the projection at the first grid time of each calendar year from 2023
(``get_year_start_indices``; grid times are Jan 1-18) and holds the last one (2052) to 2100.
Here the same lines are evaluated at the same grid times, in closed form and vectorised.
"""

from __future__ import annotations

import numpy as np

# Hobbhahn's fits as shipped with Epoch's code (timelines-direct-approach@50fff99, data/): each line is
# (intercept, slope per second of Unix time); the .nparr.gz predictions are these lines to 2e-15.
PROCESS_SIZE_LINE = (4.359329479566028, -2.1908149342524868e-09)  # log10 nm: time_process_size_pred_x2_q005
TRANSISTORS_LINE = (-1.705401515077804, 3.5620835889231534e-09)  # log10 million: time_num_transistors_results.pkl
CORES_LINES = {  # log10 cores, by quantile: time_num_cores_pred_x2_q08 / _q085 / _q09 / _q095
    0.8: (-1.6362665592558314, 3.366322195106478e-09),
    0.85: (-1.0477299272538518, 3.0252492617353733e-09),
    0.9: (-0.7293906413681439, 2.874640100540739e-09),
    0.95: (-0.1670172016403657, 2.5532050646632783e-09),
}
# MVP_results.pkl, FP32_flops_log10 ~ process_size_in_nm_log10 + num_cores_log10: intercept and the two slopes
FLOPS_FIT = (10.084356977902107, -0.4117506135075512, 0.9198718705452034)
CORES_QUANTILES = tuple(CORES_LINES)  # Epoch draws one uniformly per sample
#: gpu_efficiency.X2_TIME: 1,001 Unix times from the GPU data's first release - 1e8 s to its last + 1e9 s
#: (gpu_trends_factors_clean.csv: 1132617600 to 1618185600), i.e. 2002-09-21 to 2052-12-19
GRID_START_S, GRID_END_S, GRID_POINTS = 1132617600.0 - 1e8, 1618185600.0 + 1e9, 1001
_GRID_STEP_S = (GRID_END_S - GRID_START_S) / (GRID_POINTS - 1)


def _grid_index_at_or_after(unix_seconds):
    """Index of the first grid time >= ``unix_seconds`` [s], clipped to the grid (integer array)."""
    index = np.ceil((np.asarray(unix_seconds, dtype=float) - GRID_START_S) / _GRID_STEP_S)
    return np.clip(index, 0, GRID_POINTS - 1).astype(int)


def year_start_times(years):
    """Unix time [s] at which Epoch reads each calendar year: the first grid time in it (UTC).

    Years after the grid's last (2052) read 2052's time: Epoch holds the last rollout value to 2100.
    """
    years = np.asarray(years, dtype=int)
    last_year = int(np.datetime64(int(GRID_END_S), "s").astype("datetime64[Y]").astype(int)) + 1970
    jan1 = (np.minimum(years, last_year) - 1970).astype("datetime64[Y]").astype("datetime64[s]").astype(float)
    return GRID_START_S + _grid_index_at_or_after(jan1) * _GRID_STEP_S


def log10_fp32_flop_per_second(years, process_size_limit_nm, transistors_per_core_limit_millions, cores_quantile):
    """Hobbhahn's baseline FP32 FLOP/s of a frontier GPU [log10 FLOP/s], before specialisation.

    Epoch's ``gpu_efficiency.predict_FLOPs_limit`` at the year-start grid times (:func:`year_start_times`):
    process size floored at ``process_size_limit_nm`` [nm]; transistor count frozen from the first grid
    time at which that floor binds; cores capped at ``transistors_per_core_limit_millions`` [million
    transistors per core]; ``cores_quantile`` one of :data:`CORES_QUANTILES`. The limits broadcast
    against ``years`` (pass (sets, 1) arrays for (sets, years)). A floor the line never reaches on the
    grid (below 0.04 nm, z < -13 at Epoch's inputs) gives Epoch NaN; here it binds at the grid's end.
    """
    if cores_quantile not in CORES_LINES:
        raise ValueError(f"cores_quantile must be one of {CORES_QUANTILES}, got {cores_quantile!r}")
    t = year_start_times(years)
    (ps0, ps1), (tr0, tr1), (c0, c1) = PROCESS_SIZE_LINE, TRANSISTORS_LINE, CORES_LINES[cores_quantile]
    f0, f_ps, f_cores = FLOPS_FIT
    floor_nm = np.log10(np.asarray(process_size_limit_nm, dtype=float))
    process_size = np.maximum(ps0 + ps1 * t, floor_nm)
    # the first grid time at which the shrinking line is at or below the floor (slope < 0)
    t_limit = GRID_START_S + _grid_index_at_or_after((floor_nm - ps0) / ps1) * _GRID_STEP_S
    transistors = tr0 + tr1 * np.minimum(t, t_limit)  # rising line, frozen at t_limit
    cores = np.minimum(c0 + c1 * t, transistors - np.log10(np.asarray(transistors_per_core_limit_millions, dtype=float)))
    return f0 + f_ps * process_size + f_cores * cores
