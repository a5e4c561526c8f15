"""The ``/api/report`` endpoint: the dashboard's "report" download.

It lives apart from :mod:`bioanchors.web.api` so that the imports run one way
(issue 12: no import cycles): this module uses the API's request handling and
the report renderer; the renderer reads the API's parameter list; the API
imports neither.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import Field

from ..errors import BioanchorsError
from .api import ForecastRequest, RequestError, _safe, builtin_scenario, edits_of, heavy, run_forecast
from .report import render_report

router = APIRouter(prefix="/api")


class ReportRequest(ForecastRequest):
    compare: list[str] = Field(default_factory=list, max_length=10,
                               description="built-in scenarios to overlay (at most BIOANCHORS_WEB_MAX_COMPARE)")


@router.post("/report")
def post_report(req: ReportRequest, request: Request) -> HTMLResponse:
    """The self-contained HTML report of the current view."""
    res, overlays = run_forecast(req, request, compare=req.compare)
    base = builtin_scenario(req.scenario) if req.scenario is not None else None
    try:
        with heavy(request):
            html = render_report(res, overlays=overlays, base=base, overrides=req.overrides, edits=edits_of(req))
    except BioanchorsError as exc:  # e.g. the sensitivity section on these inputs
        raise RequestError(str(exc)) from None
    name = _safe(res.scenario.name) + ("-edited" if req.overrides else "")
    return HTMLResponse(html, headers={"Content-Disposition": f'attachment; filename="{name}-report.html"'})
