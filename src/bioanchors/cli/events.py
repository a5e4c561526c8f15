"""The events and metrics tables of ``bioanchors forecast`` for models that forecast several
milestones (issue 20 item 3): each event by its own label, its year at the central inputs, its
median and 10-90% years, and each metric with its unit and spread."""

from __future__ import annotations

import math

from rich.table import Table


def _year(y) -> str:
    return "-" if y is None else str(y)


def events_table(res) -> Table | None:
    """One row per event (None when the model forecasts one event only)."""
    events = res.events
    if len(events) < 2:
        return None
    t = Table(title="Milestones (P by the end of each year)", title_justify="left")
    for col in ("event", "at central inputs", "10%", "median", "90%"):
        t.add_column(col, justify="left" if col == "event" else "right")
    for e in events.values():
        q = e.quantiles
        central = "-" if e.central_year is None else f"{e.central_year:.1f}"
        t.add_row(e.label, central, _year(q[0.1]), _year(q[0.5]), _year(q[0.9]))
    return t


def metrics_table(res) -> Table | None:
    """One row per metric (None when the model has none)."""
    metrics = res.metrics
    if not metrics:
        return None
    sampled = any(m.quantiles for m in metrics.values())
    t = Table(title="Metrics", title_justify="left")
    t.add_column("metric")
    t.add_column("median across draws" if sampled else "at central inputs", justify="right")
    if sampled:
        t.add_column("5-95%", justify="right")
        t.add_column("defined in", justify="right")
    for m in metrics.values():
        row = [m.label, "-" if not math.isfinite(m.value) else f"{m.value:.2f} {m.unit}"]
        if sampled:
            q = m.quantiles
            row += ["-" if not q else f"{q[0.05]:.2f}-{q[0.95]:.2f}", f"{m.defined:.0%} of draws"]
        t.add_row(*row)
    return t
