"""A self-contained HTML report: summary tables and inline SVG charts, no external assets.

``bioanchors report SCENARIO --out FILE.html`` and the dashboard's "report"
download both call :func:`render_report`. Charts are drawn with matplotlib
(``savefig(format="svg")``) and inlined, so the file opens anywhere offline.
"""

from __future__ import annotations

import html
import io
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__, forecast, load_scenario
from ..errors import BioanchorsError
from ..presentation import edited_toml, event_of_result, p_by, singular
from ..result import QUANTILES, SUMMARY_YEARS, ForecastResult
from ..scenario import Scenario, as_scenario
from ..schema import ScenarioSpec

_MPL_LOCK = threading.Lock()  # rc_context is process-global; reports are rare, so serialise them

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d2330;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d6dae3;padding-bottom:.2rem}
.meta{color:#5b6475;font-size:.9rem}table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #d6dae3;padding:.25rem .6rem;text-align:right}th{background:#f2f4f8}td:first-child,th:first-child{text-align:left}
.chart svg{max-width:100%;height:auto}pre{background:#f6f7f9;padding:.8rem;overflow:auto;font-size:.8rem}
.headline{font-size:1.15rem}.note{color:#5b6475;font-size:.88rem}
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _pct(p: float) -> str:
    return f"{100 * p:.1f}%"


def _year(y: int | None, last: int) -> str:
    return f"after {last}" if y is None else str(y)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg(fig) -> str:
    """The figure as an inline <svg> element (no XML prolog, DOCTYPE or metadata block)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "bioanchors", "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    # The RDF metadata block only names namespaces; drop it to keep the file small and plain.
    start = text.find("<metadata>")
    if start != -1:
        text = text[:start] + text[text.index("</metadata>") + len("</metadata>"):]
    return text


def _cdf_chart(res: ForecastResult, overlays: Sequence[ForecastResult]) -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4.8))
    ax = fig.subplots()
    res.plot(ax=ax)  # the same plot as ForecastResult.plot / the CLI's --plot
    ax.set_ylabel(p_by(event_of_result(res)[1]))  # the model's own event
    for i, other in enumerate(overlays):
        ax.plot(other.years, other.p, ls="--", lw=1.8, color=f"C{(i + 6) % 10}",
                label=f"{other.scenario.name} (median {_year(other.median_year, int(other.years[-1]))})")
    _legend_below(ax)
    return _svg(fig)


def _legend_below(ax) -> None:
    """The legend under the axes, never over a curve (issue 24 item 6)."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)


def _compute_chart(res: ForecastResult) -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.6))
    ax = fig.subplots()
    for series, style, label in ((res.log10_affordable_flop, {"color": "black", "lw": 2},
                                  "affordable training compute [log10 FLOP]"),
                                 (res.log10_flop_per_usd, {"lw": 1.4}, "FLOP per dollar [log10 FLOP/$]"),
                                 (res.log10_spend_usd, {"lw": 1.4}, "spend on the largest run [log10 USD]")):
        if series is not None:  # a model that buys no compute has none of these
            ax.plot(res.years, series, label=label, **style)
    ax.set_xlim(res.years[0], res.years[-1])
    ax.set_xlabel("year")
    ax.set_ylabel("log10")
    ax.grid(alpha=0.3)
    _legend_below(ax)
    return _svg(fig)


def _tornado_chart(tornado: dict[str, Any]) -> str:
    from matplotlib.figure import Figure

    bars = tornado["bars"][:15]
    base = tornado["base_median"]
    fig = Figure(figsize=(8, 0.45 * len(bars) + 1.2))
    ax = fig.subplots()
    for i, b in enumerate(reversed(bars)):
        # Low and high told apart by a hatch and the legend as well as by colour (issue 24 item 7).
        for key, color, hatch, label in (("low_median", "C0", "", "input at p5"), ("high_median", "C3", "//", "input at p95")):
            v = b.get(key)
            if v is not None and base is not None:
                ax.barh(i, v - base, left=base, color=color, alpha=0.8, hatch=hatch, edgecolor="white",
                        label=label if i == 0 else None)
    names = tornado.get("labels", {})  # human names of the dotted paths
    ax.set_yticks(range(len(bars)), [names.get(b["label"], b["label"]) for b in reversed(bars)], fontsize=8)
    if base is not None:
        ax.axvline(base, color="black", lw=1)
    ax.set_xlabel("median year (blue, plain: input at p5; red, hatched: input at p95)")
    ax.grid(alpha=0.3, axis="x")
    _legend_below(ax)
    return _svg(fig)


def _summary_rows(res: ForecastResult) -> list[list[str]]:
    last = int(res.years[-1])
    rows = [["median year", _year(res.median_year, last)]]
    for q, y in res.quantiles.items():
        if q != 0.5:
            rows.append([f"{int(q * 100)}% by", _year(y, last)])
    for y in SUMMARY_YEARS:
        if res.years[0] <= y <= last:
            rows.append([p_by(event_of_result(res)[1], str(y)), _pct(res.p_at(y))])
    return rows


def _component_rows(res: ForecastResult) -> tuple[list[str], list[list[str]]]:
    """The result's components (issue 12: any model's), with Cotra's halving time and cap when they are hypotheses."""
    years = [y for y in (2036, 2050, 2100) if res.years[0] <= y <= res.years[-1]]
    idx = [int(np.nonzero(res.years == y)[0][0]) for y in years]
    hyps = res.scenario.config(ScenarioSpec).hypotheses if res.component_kind == "hypotheses" else {}
    kind = singular(res.component_kind or "")
    header = [kind, "weight"] + (["halving time [yr]", "cap [OOM]"] if hyps else []) + [f"P_i by {y}" for y in years]
    rows = []
    for c in res.components:
        h = hyps.get(c.name)
        extra = [f"{h.halving_time_years.central:g}", f"{h.cap_oom.central:g}"] if h is not None else ([""] * 2 if hyps else [])
        rows.append([c.label, f"{c.weight:.3f}"] + extra + [_pct(c.p[i]) for i in idx])
    return header, rows


def _optional_sections(sc: Scenario, edits: Sequence[str] = ()) -> list[str]:
    """Retrospective and sensitivity, when those capabilities exist in this installation."""
    from . import views

    out = []
    sections = (("Retrospective", views.retro), ("Sensitivity (one at a time)",
                                                 lambda s: views.sensitivity(s, edits)))
    for title, fn in sections:
        try:
            data = fn(sc)
        except ModuleNotFoundError as exc:
            if not views.absent(exc):  # a failure inside a present package is a bug: not "not available"
                raise
            out.append(f"<h2>{_e(title)}</h2><p class=note>Not available in this version ({_e(type(exc).__name__)}).</p>")
            continue
        except BioanchorsError as exc:  # e.g. the retrospective of an uncertain scenario: say why, plainly
            out.append(f"<h2>{_e(title)}</h2><p class=note>Not shown for this scenario: {_e(exc)}</p>")
            continue
        parts = [f"<h2>{_e(title)}</h2>"]
        if data.get("bars"):
            parts.append(f'<div class="chart">{_tornado_chart(data)}</div>')
        for tbl in data.get("tables", []):
            parts.append(f"<h3>{_e(tbl['title'])}</h3>" + _table(tbl["columns"], tbl["rows"]))
        for note in data.get("notes", []):
            parts.append(f"<p class=note>{_e(note)}</p>")
        out.append("".join(parts))
    return out


def _value_text(v: Any) -> str:
    """A scenario value as the report shows it: a number, a distribution's median, or the text."""
    central = getattr(v, "central", None)
    if central is not None:
        dist = getattr(v, "dist", None)
        return f"{central:g}" + (f" (median of a {dist} distribution)" if dist else "")
    return str(v).lower() if isinstance(v, bool) else str(v)


def _overrides_section(base: Scenario | None, overrides: dict[str, Any]) -> str:
    """What the user changed: parameter, value in the base scenario, new value (issue 13: edited versus base)."""
    if not overrides:
        return ""
    from .api import _lookup

    rows = []
    for path, new in overrides.items():
        old = ""
        if base is not None:
            try:
                old = _value_text(_lookup(base.spec, path))
            except (AttributeError, KeyError):  # the path is new in the edited scenario (e.g. an added hypothesis)
                old = "(not set)"
        rows.append([path, old, _value_text(new)])
    name = base.name if base is not None else "the base scenario"
    return (f"<h2>Changed from {_e(name)}</h2>"
            + _table(["parameter", f"in {name}", "here"], rows))


def render_report(res: ForecastResult, overlays: Sequence[ForecastResult] = (), *, optional: bool = True,
                  base: Scenario | None = None, overrides: dict[str, Any] | None = None,
                  edits: Sequence[str] = ()) -> str:
    """The whole report as one HTML string (charts inline, no external references).

    ``base`` and ``overrides`` list what the user changed; ``edits`` names the
    user's changes for sections that cannot apply them (sensitivity of a
    point-valued scenario).
    """
    sc = as_scenario(res.scenario)
    last = int(res.years[-1])
    overrides = overrides or {}
    edits = list(edits) or list(overrides)
    with _MPL_LOCK:
        cdf_svg = _cdf_chart(res, overlays)
        # Compute trends are a diagnostic of compute-based models only (an ensemble has none).
        compute_svg = _compute_chart(res) if res.log10_affordable_flop is not None else None
        extra = _optional_sections(sc, edits) if optional else []
    h_header, h_rows = _component_rows(res)
    method = res.method + (f", {res.samples:,} samples, seed {res.seed}" if res.samples else "")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    q = ", ".join(f"{int(k * 100)}%: {_year(v, last)}" for k, v in res.quantiles.items() if k in QUANTILES)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bioanchors report: {_e(_display_name(sc, overrides))}</title>
<style>{_CSS}</style></head>
<body>
<h1>bioanchors report: {_e(_display_name(sc, overrides))}</h1>
<p class="meta">{_e(sc.description)}<br>method {_e(method)}; scenario hash {_e(sc.content_hash[:12])};
bioanchors {_e(__version__)}; generated {_e(stamp)}</p>
<p class="headline">Median year of {_e(event_of_result(res)[1])}: <strong>{_e(_year(res.median_year, last))}</strong>
(quantiles {_e(q)})</p>
<h2>{_e(p_by(event_of_result(res)[1]))}</h2>
<div class="chart">{cdf_svg}</div>
{_table(["quantity", "value"], _summary_rows(res))}
{_compare_section(res, overlays)}
{_overrides_section(base, overrides)}
<h2>{_e(res.component_kind.capitalize())}</h2>
<p class="note">P_i is the probability conditional on each {_e(singular(res.component_kind or ""))}; weights are normalised.</p>
{_table(h_header, h_rows)}
{f'<h2>Compute trends</h2>{chr(10)}<div class="chart">{compute_svg}</div>' if compute_svg else ""}
<h2>Main parameters</h2>
<p class="note">Distribution parameters show their median.</p>
{_table(["parameter", "value", "unit", "distribution"], _parameter_rows(sc))}
{"".join(extra)}
<h2>Scenario file</h2>
<details><summary>TOML (reads back with <code>bioanchors forecast FILE.toml</code>)</summary>
<pre>{_e(edited_toml(sc, base, overrides) if base is not None and overrides else sc.to_toml())}</pre></details>
</body></html>
"""


def _compare_section(res: ForecastResult, overlays: Sequence[ForecastResult]) -> str:
    """Median and P by 2036/2050/2100 of the scenario and each overlay; empty without overlays."""
    if not overlays:
        return ""
    rows = [[o.scenario.name, _year(o.median_year, int(o.years[-1]))]
            + [_pct(o.p_at(y)) if o.years[0] <= y <= o.years[-1] else "" for y in (2036, 2050, 2100)]
            for o in (res, *overlays)]
    return "<h2>Scenarios compared</h2>" + _table(["scenario", "median", "P by 2036", "P by 2050", "P by 2100"], rows)


def _parameter_rows(sc: Scenario) -> list[list[str]]:
    """The inputs panel's parameters (web.api.main_parameters): label, value, unit, distribution."""
    from .api import main_parameters  # the one parameter list the page and the report share

    return [[p["label"], f"{p['value']:g}" if p["kind"] == "number" else str(p["value"]).lower(),
             p["unit"], p.get("distribution") or ""] for p in main_parameters(sc)]


def _display_name(sc: Scenario, overrides: dict[str, Any]) -> str:
    """The scenario's name, marked as edited when overrides apply (title, file names)."""
    from ..scenario import display_name

    return display_name(sc, overrides)


def write_report(scenario: Scenario | str | Path, out: str | Path, *, overrides: dict[str, Any] | None = None,
                 compare: Sequence[str] = (), method: str = "auto", samples: int | None = None, seed: int = 0) -> Path:
    """Forecast ``scenario`` (with ``overrides``) and write the HTML report to ``out``."""
    base = load_scenario(scenario)
    sc = base.replace(overrides) if overrides else base
    res = forecast(sc, method=method, samples=samples, seed=seed)
    overlays = [forecast(name, samples=samples, seed=seed) for name in compare if name != sc.name]
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(res, overlays, base=base, overrides=overrides or {}), encoding="utf-8")
    return path
