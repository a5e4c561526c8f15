"""``bioanchors serve`` (the local dashboard) and ``bioanchors report`` (a self-contained HTML file)."""

from __future__ import annotations

import errno
import ipaddress
import socket
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import BioanchorsError
from .common import check_output_file, err_console, run_guarded
from .forecast import METHOD_HELP, Method, parse_set_options


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _free_port(host: str, family: int, near: int) -> int:
    """The first free port after ``near`` (a memorable suggestion), else any free one."""
    for candidate in [*range(near + 1, min(near + 20, 65535) + 1), 0]:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, candidate))
            except OSError:
                continue
            return s.getsockname()[1]
    return 0


def check_bindable(host: str, port: int) -> None:
    """Fail early, in one line, on a bad port or one already taken (before printing any URL)."""
    if not 1 <= port <= 65535:
        raise BioanchorsError(f"--port {port}: a TCP port is between 1 and 65535; try --port 8050")
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except (socket.gaierror, UnicodeError):
        raise BioanchorsError(f"--host {host!r}: not an address of this machine; try --host 127.0.0.1") from None
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BioanchorsError(f"port {port} is taken; try --port {_free_port(host, family, port)}") from None
            if exc.errno == errno.EACCES:
                raise BioanchorsError(f"port {port} needs administrator rights; try --port 8050") from None
            raise BioanchorsError(f"--host {host!r} --port {port}: cannot bind ({exc.strerror}); "
                                  "try --host 127.0.0.1") from None


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: Annotated[str, typer.Option(help="interface to bind; the default is reachable from this machine only")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port (1-65535)")] = 8050,
    ) -> None:
        """Start the web dashboard (open the printed URL in a browser)."""

        def run():
            import uvicorn

            from ..web import create_app
            from ..web.limits import WebSettings

            try:
                settings = WebSettings.from_env()
            except ValueError as exc:
                raise BioanchorsError(str(exc)) from None
            check_bindable(host, port)
            if not _is_loopback(host):
                err_console.print(f"warning: binding to {host}: other machines can reach the dashboard "
                                  "(it has no authentication)", markup=False, highlight=False)
            err_console.print(f"bioanchors dashboard on http://{host}:{port}/  (Ctrl-C stops it)",
                              markup=False, highlight=False)
            uvicorn.run(create_app(settings=settings), host=host, port=port, log_level="warning")

        run_guarded(run)

    @app.command("report")
    def report_command(
        scenario: Annotated[str, typer.Argument(help="built-in scenario name or path to a .toml file")] = "cotra2020",
        out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write")] = Path("report.html"),
        sets: Annotated[
            Optional[list[str]], typer.Option("--set", help="override a field: --set spending.doubling_time_years=1.5")
        ] = None,
        compare: Annotated[Optional[list[str]], typer.Option(help="overlay another built-in scenario (repeatable)")] = None,
        method: Annotated[Method, typer.Option(help=METHOD_HELP)] = Method["auto"],
        samples: Annotated[Optional[int], typer.Option(help="samples or trend draws; default: the method's own")] = None,
        seed: Annotated[int, typer.Option(help="seed of the sampling methods")] = 0,
    ) -> None:
        """Write a self-contained HTML report (charts and tables, no external assets)."""
        from ..web.report import write_report

        def run():
            from ..scenario import load_scenario

            check_output_file(out, "--out", (".html", ".htm"), "report.html")
            load_scenario(scenario)  # a bad name or file is a one-line error before any work
            # Any model: the report shows the parts a model has (components, its own event), as the dashboard's does.
            path = write_report(scenario, out, overrides=parse_set_options(sets or []), compare=compare or [],
                                method=method.value, samples=samples, seed=seed)
            err_console.print(f"wrote {path}", highlight=False)

        run_guarded(run)
