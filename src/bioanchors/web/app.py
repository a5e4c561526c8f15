"""The dashboard's ASGI app: FastAPI, the JSON API, and the page served from the package.

Nothing is fetched from outside the machine: the page, its script and styles
are files in ``bioanchors/web/static`` and the charts are SVG drawn by that
script.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from . import api

MAX_BODY_BYTES = 256 * 1024  # an uploaded scenario is a few KB; this is generous


def static_dir():
    return resources.files("bioanchors.web").joinpath("static")


class BodySizeLimit:
    """Reject request bodies over ``max_bytes`` with 413, before the app parses them.

    A declared Content-Length is checked up front; a chunked body is counted
    as it arrives.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._reject(send)
            return
        seen = 0
        limit = self.max_bytes

        async def counting_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    # FastAPI re-raises HTTPException from body reading as is.
                    raise HTTPException(413, f"request body larger than {limit} bytes")
            return msg

        await self.app(scope, counting_receive, send)

    async def _reject(self, send: Send) -> None:
        body = (b'{"detail":"request body larger than %d bytes","errors":[{"field":null,'
                b'"message":"request body too large"}]}' % self.max_bytes)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _warm_up() -> None:
    # Build the default scenario's hypotheses (~0.5 s, then cached) so the
    # first page load is as quick as later ones.
    try:
        from .. import forecast

        forecast("cotra2020")
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        pass


def create_app(*, max_body_bytes: int = MAX_BODY_BYTES, warm_up: bool = True) -> FastAPI:
    """The dashboard app. ``bioanchors serve`` runs it under uvicorn."""

    @asynccontextmanager
    async def lifespan(_app):
        if warm_up:
            threading.Thread(target=_warm_up, name="bioanchors-warm-up", daemon=True).start()
        yield

    app = FastAPI(title="bioanchors", version=__version__, lifespan=lifespan,
                  docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_exception_handler(RequestValidationError, api.request_validation_handler)
    app.add_exception_handler(api.RequestError, api.request_error_handler)
    app.include_router(api.router)

    static = static_dir()
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        # no-cache: a reopened shared URL must get the page of this version
        return FileResponse(str(static.joinpath("index.html")), headers={"Cache-Control": "no-cache"})

    return app
