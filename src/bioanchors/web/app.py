"""The dashboard's ASGI app: FastAPI, the JSON API, and the page served from the package.

Nothing is fetched from outside the machine: the page, its script and styles
are files in ``bioanchors/web/static`` and the charts are SVG drawn by that
script.
"""

from __future__ import annotations

import json
import threading
from contextlib import asynccontextmanager, contextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from . import api, data_api, report_api
from .limits import LimitError, WebSettings, WorkGate, json_depth

MAX_BODY_BYTES = 256 * 1024  # an uploaded scenario is a few KB; this is generous


def static_dir():
    return resources.files("bioanchors.web").joinpath("static")


class BodySizeLimit:
    """Reject request bodies over ``max_bytes`` (413) or nested deeper than ``max_depth`` (422).

    A declared Content-Length is checked up front; a chunked body is counted
    as it arrives. The body (at most ``max_bytes``) is read whole, its bracket
    depth measured without parsing, and then replayed to the app, so a
    2,000-deep JSON body never reaches the JSON parser's recursion.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, max_depth: int = WebSettings.max_depth):
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _reject(send, 413, f"request body larger than {self.max_bytes} bytes")
            return
        chunks, seen, more = [], 0, True
        while more:
            msg = await receive()
            if msg["type"] != "http.request":  # client went away
                return
            chunks.append(msg.get("body", b""))
            seen += len(chunks[-1])
            more = msg.get("more_body", False)
            if seen > self.max_bytes:
                await _reject(send, 413, f"request body larger than {self.max_bytes} bytes")
                return
        body = b"".join(chunks)
        # cheap first: a body with few brackets cannot be deep
        if body.count(b"[") + body.count(b"{") > self.max_depth and json_depth(body) > self.max_depth:
            await _reject(send, 422, f"request body nested deeper than {self.max_depth} levels")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _reject(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail, "errors": [{"field": None, "message": detail}]}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _warm_up() -> None:
    # Build the default scenario's hypotheses (~0.5 s, then cached) so the
    # first page load is as quick as later ones. The built-in scenario cannot
    # fail on user input, so an error here is a bug: it is not caught, and the
    # thread's excepthook prints it (issue 12: errors are never hidden).
    from .. import forecast

    forecast("cotra2020")


def create_app(*, max_body_bytes: int = MAX_BODY_BYTES, warm_up: bool = True,
               settings: WebSettings | None = None) -> FastAPI:
    """The dashboard app. ``bioanchors serve`` runs it under uvicorn.

    ``settings`` are the limits (default: from ``BIOANCHORS_WEB_*`` variables).
    The interactive API docs page is off (it would load Swagger UI from a CDN);
    the schema stays at ``/api/openapi.json``.
    """
    settings = WebSettings.from_env() if settings is None else settings

    @asynccontextmanager
    async def lifespan(_app):
        if warm_up:
            threading.Thread(target=_warm_up, name="bioanchors-warm-up", daemon=True).start()
        yield

    app = FastAPI(title="bioanchors", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.state.gate = WorkGate(settings)
    app.state.light_gate = WorkGate(settings, settings.light_workers, settings.light_queue)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes, max_depth=settings.max_depth)
    app.add_exception_handler(RequestValidationError, api.request_validation_handler)
    app.add_exception_handler(LimitError, api.limit_error_handler)
    app.add_exception_handler(api.RequestError, api.request_error_handler)
    app.include_router(api.router)
    app.include_router(report_api.router)
    app.include_router(data_api.router)

    static = static_dir()
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        # no-cache: a reopened shared URL must get the page of this version
        return FileResponse(str(static.joinpath("index.html")), headers={"Cache-Control": "no-cache"})

    return app


@contextmanager
def running_in_thread(*, timeout: float = 20.0, **uvicorn_options):
    """The dashboard on 127.0.0.1 and a free port, in a background thread; yields its base URL.

    For tests, scripts and notebooks. Start-up waits at most ``timeout`` [s]; leaving the
    ``with`` block stops the server. ``uvicorn_options`` go to ``uvicorn.Config``.
    """
    import socket
    import time

    import uvicorn

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(warm_up=False), host="127.0.0.1", port=port, log_level="warning",
                            **uvicorn_options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="bioanchors-dashboard", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the dashboard did not start on port {port} within {timeout:g} s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
