"""The dashboard's data endpoints (issue 25 item 6): the data vintage in use and the scorecard.

``GET /api/vintage`` says which data vintage the data views use (the pinned one, else the bundled
snapshot; ``bioanchors data list`` marks the same) and what each of its datasets is. ``GET
/api/scorecard`` is ``bioanchors scorecard``: each scenario's dated projections scored against a
vintage. Both go through the API's request handling (:func:`bioanchors.web.api._call_view`: a
missing package is a 501, bad input a 422 naming the field), apart from :mod:`.api` so that the
lead's edits there and these stay apart, as :mod:`.report_api` is.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from ..errors import BioanchorsError
from . import views
from .api import RequestError, _call_view, builtin_scenario

router = APIRouter(prefix="/api")
MAX_SCORED = 8  # scenarios in one scorecard request (the CLI's default scores four)


@router.get("/vintage")
def vintage_view() -> JSONResponse:
    """The data vintage in use and its datasets (rows, latest date, retrieval time, licence, attribution)."""
    try:
        return JSONResponse(views.vintage())
    except BioanchorsError as exc:  # a pin whose vintage was deleted: say so, as the CLI does
        raise RequestError(str(exc)) from None


@router.get("/scorecard")
def scorecard_view(request: Request,
                   scenario: list[str] = Query(default_factory=list, max_length=MAX_SCORED,
                                               description="built-in scenarios to score, as `bioanchors scorecard A B` "
                                                           "(default: the CLI's)"),
                   vintage: str | None = Query(None, max_length=60, description="as `bioanchors scorecard --vintage`"),
                   ) -> JSONResponse:
    """Each scenario's dated projections against the data vintage, as ``bioanchors scorecard --format json``."""
    for i, name in enumerate(scenario):
        builtin_scenario(name, field=f"scenario.{i}")  # built-in names only: never a path
    return _call_view(request, "the scorecard", views.scorecard, tuple(dict.fromkeys(scenario)), vintage)
