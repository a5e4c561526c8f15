"""A scenario's published figures beside the model's, labelled by what they are (issue 23 item 6(c)).

``[published]`` in a scenario holds the figures its source reports. ``kind`` says what they are:

* ``"model output"`` (default): the source's model run, which the scenario reproduces
  (Cotra 2020's report and spreadsheet, Epoch's Direct Approach);
* ``"judgement"``: the author's all-things-considered figures, not a model run. Cotra's 2022
  "Two-year update" moved her own numbers by personal shifts; the scenario models only the one
  input change the post documents, so her figures are an overlay beside its output, never a target.

Keys read: ``p_by_YYYY`` [probability], ``median_year``, ``p10_year`` [calendar year]; ``label``
(how to name the figures) and ``source``. Other keys (ranges, compute levels) are left to the
scenario's docs.
"""

from __future__ import annotations

import re

KINDS = ("model output", "judgement")
_P_BY = re.compile(r"^p_by_(\d{4})$")


def published_overlay(res) -> dict | None:
    """{kind, label, source, rows: [{what, published, model}]} for ``res``'s scenario, or None."""
    pub = res.scenario.spec.published or {}
    rows = []
    for key, val in pub.items():
        m = _P_BY.match(key)
        if m and isinstance(val, (int, float)) and res.years[0] <= int(m.group(1)) <= res.years[-1]:
            rows.append({"what": f"P(by {m.group(1)})", "published": float(val), "model": res.p_at(int(m.group(1)))})
    for key, q, what in (("p10_year", 0.1, "10th percentile year"), ("median_year", 0.5, "median year")):
        if isinstance(pub.get(key), (int, float)):
            rows.append({"what": what, "published": pub[key], "model": res.quantiles.get(q)})
    if not rows:
        return None
    kind = pub.get("kind", "model output")
    label = pub.get("label") or ("published" if kind == "model output" else "published judgement")
    return {"kind": kind, "label": label, "source": pub.get("source", ""), "rows": rows}


def _pct(p: float) -> str:
    """0.15 -> "15%", 0.1064 -> "10.6%": as many digits as the figure carries, to 0.1 pp."""
    text = f"{100 * p:.1f}"
    return text.removesuffix(".0") + "%"


def overlay_line(ov: dict) -> str:
    """One line: "<label> (<kind>): P(by 2030) ~15% (this model 13.7%), ..."."""
    def fmt(r):
        if r["what"].startswith("P("):
            return f"{r['what']} {_pct(r['published'])} (this model {_pct(r['model'])})"
        model = "after the horizon" if r["model"] is None else str(r["model"])
        return f"{r['what']} {r['published']:g} (this model {model})"

    head = f"{ov['label']}" + ("" if ov["kind"] == "model output" else " [judgement overlay, not model output]")
    return f"{head}: " + "; ".join(fmt(r) for r in ov["rows"]) + "."
