"""A real uvicorn server for the dashboard on 127.0.0.1 and a free port, in a background thread.

Used by the API and browser tests; :func:`serve_process` runs `bioanchors serve`
in its own process for the load test. Bounded: start-up waits at most
``timeout`` seconds, and leaving the ``with`` block stops the server.
"""

from __future__ import annotations

import socket
import time
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(timeout: float = 20.0):
    """Yields the base URL, e.g. ``http://127.0.0.1:54321``."""
    from bioanchors.web.app import running_in_thread

    with running_in_thread(timeout=timeout, backlog=512, timeout_keep_alive=5) as url:
        yield url


def rss_mb(pid: int) -> float:
    """Resident set size of process ``pid`` [MB], from /proc/PID/status (VmRSS, in kB)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def listening_addresses(port: int) -> set[str]:
    """Local addresses (IPv4 dotted quads) with a TCP socket listening on ``port``, from /proc/net/tcp."""
    found = set()
    with open("/proc/net/tcp", encoding="ascii") as f:
        next(f)
        for line in f:
            cols = line.split()
            addr, state = cols[1], cols[3]
            hex_ip, hex_port = addr.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                found.add(socket.inet_ntoa(bytes.fromhex(hex_ip)[::-1]))
    return found


@contextmanager
def serve_process(*args: str, env: dict[str, str] | None = None, timeout: float = 30.0):
    """``bioanchors serve --port P [args]`` in its own process (so its memory can be measured).

    Yields ``(base_url, process)``. The process is stopped (SIGTERM, then SIGKILL)
    when the ``with`` block ends, whatever happens inside it.
    """
    import os
    import subprocess
    import sys
    import urllib.request

    port = free_port()
    cmd = [sys.executable, "-c", "from bioanchors.cli import main; main()", "serve", "--port", str(port), *args]
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"bioanchors serve exited with {proc.returncode}: {proc.stderr.read()}")
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"bioanchors serve did not answer on port {port} within {timeout} s")
            time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()


def post(client, path, **body):
    """POST ``body`` as JSON to the dashboard's API through a TestClient."""
    return client.post(path, json=body)
