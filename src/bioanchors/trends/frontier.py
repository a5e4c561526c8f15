"""Which training runs count as "frontier".

Three definitions, each a plain function from a canonical models table (see
:mod:`bioanchors.trends.epoch_loaders`) to a boolean mask aligned with it:

* ``auto`` (default) -- ``epoch-flag`` when the table has a non-empty
  ``Frontier model`` column, otherwise ``top-n`` with n = 10, with a one-line
  note saying so. Older exports (e.g. "All ML Systems - full view", early
  2024) have no flag column.
* ``epoch-flag`` -- Epoch's own ``Frontier model`` column (Epoch: a model in
  the top 10 by training compute at its release, or within ~a quarter of the
  compute of the largest model then). Needs that column.
* ``top-n`` -- in the top ``n`` by training compute among all models in the
  table published up to and including its date (default n = 10, matching
  Epoch's definition so the two can be compared on any export).
* ``residual`` -- at least ``threshold_oom`` above the log-linear trend of
  *all* models with compute in the window (default 0.5 OOM, about 3x above
  trend). Why 0.5: low enough to keep the handful of runs per year that push
  the frontier, high enough to drop the bulk of academic models; it is a
  documented choice, not Epoch's, so results are reported with it.

The ranking for ``top-n`` always uses the whole table (not just the window),
so a 2019 model is compared with everything published before it.
"""

from __future__ import annotations

from enum import Enum

import numpy as np
import pandas as pd

from ..errors import DataError
from .inputs import clip

DEFAULT_TOP_N = 10
DEFAULT_RESIDUAL_OOM = 0.5


class Frontier(str, Enum):
    auto = "auto"
    epoch_flag = "epoch-flag"
    top_n = "top-n"
    residual = "residual"


def epoch_flag(models: pd.DataFrame, *, path: str = "models table") -> np.ndarray:
    """Mask of rows Epoch marks ``Frontier model`` [bool]."""
    flag = models.get("frontier_flag")
    if flag is None or flag.isna().all():
        raise DataError(
            f"{path}: no 'Frontier model' column (or it is empty), needed by --frontier epoch-flag. "
            "Use --frontier top-n or --frontier residual with this export."
        )
    return flag.fillna(False).to_numpy(dtype=bool)


def top_n_at_publication(models: pd.DataFrame, n: int = DEFAULT_TOP_N) -> np.ndarray:
    """Mask of rows in the top ``n`` by training FLOP at their publication date [bool].

    Ties on the same date are ranked together: a model is kept when fewer than
    ``n`` models published on or before its date had strictly more compute.
    """
    if n < 1:
        raise DataError(f"--top-n {n}: must be at least 1.")
    flop = models["training_flop"].to_numpy(dtype=float)
    t = models["date"].to_numpy(dtype="datetime64[ns]")
    ok = np.isfinite(flop) & ~np.isnat(t)
    mask = np.zeros(len(models), dtype=bool)
    idx = np.flatnonzero(ok)
    order = idx[np.argsort(t[idx], kind="stable")]
    # O(N^2) in the worst case is fine: exports have ~10^3 rows with compute.
    ts, fs = t[order], flop[order]
    for j, i in enumerate(order):
        upto = np.searchsorted(ts, ts[j], side="right")
        mask[i] = np.count_nonzero(fs[:upto] > fs[j]) < n
    return mask


def residual_above_trend(models: pd.DataFrame, threshold_oom: float = DEFAULT_RESIDUAL_OOM,
                         window: np.ndarray | None = None, path: str = "models table") -> np.ndarray:
    """Mask of rows at least ``threshold_oom`` [OOM] above the all-models log-linear trend.

    The trend is an ordinary least-squares fit of log10(FLOP) on decimal year
    over the rows in ``window`` (all rows with compute when None).
    """
    flop = models["training_flop"].to_numpy(dtype=float)
    year = models["year"].to_numpy(dtype=float)
    ok = np.isfinite(flop) & np.isfinite(year)
    if window is not None:
        ok &= window
    if ok.sum() < 3:
        raise DataError(f"{path}: --frontier residual: fewer than 3 models with compute in the window to fit a trend to.")
    slope, intercept = np.polyfit(year[ok], np.log10(flop[ok]), 1)
    resid = np.log10(flop) - (intercept + slope * year)
    return ok & (resid >= threshold_oom)


def has_epoch_flag(models: pd.DataFrame) -> bool:
    flag = models.get("frontier_flag")
    return flag is not None and not flag.isna().all()


def resolve_frontier(models: pd.DataFrame, definition: Frontier | str, *, top_n: int = DEFAULT_TOP_N,
                     path: str = "models table") -> tuple[str, str | None]:
    """(definition actually used, note or None): ``auto`` becomes ``epoch-flag`` or, without a flag column, ``top-n``.

    Why top-n as the fallback: it is the rule Epoch itself uses to pick frontier
    models when a flag is not at hand (top 10 by training compute at release;
    Cottier et al. 2024, arXiv:2405.21015, code ``epoch-research/training-cost-trends``,
    results under ``top_n=10``), so it needs no flag and matches the flag's intent.
    """
    try:
        definition = Frontier(definition)
    except ValueError:
        raise DataError(f"--frontier {clip(definition)}: unknown; use one of {', '.join(f.value for f in Frontier)}.") from None
    if definition is not Frontier.auto:
        return definition.value, None
    if has_epoch_flag(models):
        return Frontier.epoch_flag.value, None
    return Frontier.top_n.value, (f"{path} has no 'Frontier model' column: frontier = top {top_n} by training "
                                  "compute at publication (--frontier top-n, Epoch's own selection rule)")


def frontier_mask(models: pd.DataFrame, definition: Frontier | str = Frontier.epoch_flag, *,
                  top_n: int = DEFAULT_TOP_N, residual_oom: float = DEFAULT_RESIDUAL_OOM,
                  window: np.ndarray | None = None, path: str = "models table") -> np.ndarray:
    """Dispatch on the definition name ('auto' | 'epoch-flag' | 'top-n' | 'residual')."""
    try:
        definition = Frontier(definition)
    except ValueError:
        raise DataError(f"--frontier {clip(definition)}: unknown; use one of {', '.join(f.value for f in Frontier)}.") from None
    if definition is Frontier.auto:
        definition = Frontier(resolve_frontier(models, definition, top_n=top_n, path=path)[0])
    if definition is Frontier.epoch_flag:
        return epoch_flag(models, path=path)
    if definition is Frontier.top_n:
        return top_n_at_publication(models, top_n)
    return residual_above_trend(models, residual_oom, window, path)
