"""What a forecast's component weights mean, said where they are shown (issue 23 item 4).

A table of components shows one weight per row. Three conventions exist, and one table uses
exactly one of them, named:

* ``stated``: the weight as the scenario states it, beside rows built from the normalised weight
  (Cotra's hypotheses: the six sum to 90% and p_none holds the rest in 2025, report p. 131; each
  row is (1 - p_none(t)) x weight / 90% x P(affordable | hypothesis));
* ``share``: normalised over the components (an ensemble's members; with uncertain weights the
  expected share over the weight draws);
* ``prior->posterior``: both normalised, before and after the forecast's conditioning (Cotra's
  evidence update, docs/evidence.md; semi-informative priors' hyper-prior updated on no AGI by the
  conditioning year). The rows use the posterior.

Plain functions over a :class:`~bioanchors.result.ForecastResult`; the CLI table and the JSON
(``weight_meaning``) read them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WeightColumn:
    convention: str  # "stated" | "share" | "prior->posterior"
    header: str  # the table column's title
    cells: tuple[str, ...]  # one per component
    note: str  # one line: what the column and the rows are
    meaning: dict[str, str]  # JSON key -> what it holds (the components' "weight", "normalised_weight")


def _prior_shares(res) -> np.ndarray | None:
    """Normalised prior weights when the rows use a posterior, else None."""
    comps = res.components
    if getattr(res, "evidence", None) is not None:
        prior = res.evidence["prior_weights"]
        return np.array([prior[c.name] for c in comps], dtype=float)
    stated = np.array([c.weight if c.stated_weight is None else c.stated_weight for c in comps], dtype=float)
    post = np.array([c.weight for c in comps], dtype=float)
    if stated.sum() > 0 and not np.allclose(stated / stated.sum(), post, rtol=0, atol=1e-9):
        return stated / stated.sum()
    return None


def _json_weight_is_posterior(res) -> bool:
    return all(c.stated_weight is None or abs(c.stated_weight - c.weight) <= 1e-12 for c in res.components)


def weight_column(res) -> WeightColumn:
    """The weight column of ``res``'s component table: convention, header, cells, footnote, JSON meanings."""
    comps = res.components
    kind = {"hypotheses": "hypothesis", "models": "model", "trial definitions": "trial definition"}.get(
        res.component_kind, res.component_kind)
    if res.component_kind == "models":  # a mixture: its shares, after its own conditioning if it has one
        ev = getattr(res.scenario.spec, "evidence", None)
        given = "" if ev is None else (f", updated on no event by {ev.vantage_year} (Bayes on the mixture: w_i (1 - "
                                       f"P_i(V)) / (1 - P(V)))")
        return WeightColumn(
            "share", "share", tuple(f"{c.weight:.0%}" for c in comps),
            "share: each member's weight normalised over the members (with uncertain weights, the expected "
            f"share over the weight draws){given}; each row is share x P(by year | model).",
            {"weight": "the member's weight as stated (before normalisation)",
             "normalised_weight": f"its share of the mixture (expected over uncertain weights){given}"})
    prior = _prior_shares(res)
    if prior is not None:
        given = (f"conditioning on no TAI by {res.evidence['vantage_year']}" if getattr(res, "evidence", None)
                 is not None else "the model's own update on its evidence")
        return WeightColumn(
            "prior->posterior", "prior→post",
            tuple(f"{100 * a:.1f}→{c.weight:.1%}" for a, c in zip(prior, comps)),
            f"prior→post: each {kind}'s weight normalised over the {res.component_kind} (stated weights scaled to "
            f"sum to 100%), before and after {given}; the rows use the posterior.",
            {"weight": ("the posterior share (the conditioned forecast carries no stated weights; the prior shares "
                        "are evidence.prior_weights)" if _json_weight_is_posterior(res) else
                        "as stated in the scenario (the prior)"),
             "normalised_weight": f"posterior share after {given}, normalised over the {res.component_kind}"})
    stated = np.array([c.weight if c.stated_weight is None else c.stated_weight for c in comps], dtype=float)
    total = float(stated.sum())
    rest = "" if abs(total - 1.0) < 1e-9 else f"; p_none holds the other {1 - total:.0%} where it starts"
    p_none = "(1 - p_none) x " if res.component_kind == "hypotheses" else ""
    return WeightColumn(
        "stated", "stated\nweight", tuple(f"{w:.0%}" for w in stated),
        f"weight: as the scenario states it (the {len(comps)} sum to {total:.0%}{rest}); each row is "
        f"{p_none}weight / {total:.0%} x P(by year | {kind}).",
        {"weight": f"as stated in the scenario (the {len(comps)} sum to {total:.4g})",
         "normalised_weight": f"weight / {total:.4g}: the share the rows use"})


def json_additions(res) -> dict:
    """``weight_meaning`` (convention and what each component key holds) and ``published_overlay``
    (:mod:`bioanchors.overlay`), added to the JSON every front end sends (presentation.forecast_json)."""
    from .overlay import published_overlay

    out: dict = {}
    if res.components:
        col = weight_column(res)
        out["weight_meaning"] = {"convention": col.convention, **col.meaning}
    ov = published_overlay(res)
    if ov is not None:
        out["published_overlay"] = ov
    return out
