"""A real uvicorn server for the dashboard on 127.0.0.1 and a free port, in a background thread.

Used by the load test and the browser tests. Bounded: start-up waits at most
``timeout`` seconds, and leaving the ``with`` block stops the server.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(timeout: float = 20.0):
    """Yields the base URL, e.g. ``http://127.0.0.1:54321``."""
    import uvicorn

    from bioanchors.web import create_app

    port = free_port()
    config = uvicorn.Config(create_app(warm_up=False), host="127.0.0.1", port=port, log_level="warning",
                            backlog=512, timeout_keep_alive=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="bioanchors-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the test server did not start on port {port} within {timeout} s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
