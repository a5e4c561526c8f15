"""``bioanchors serve`` (the local dashboard) and ``bioanchors report`` (a self-contained HTML file)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import err_console, run_guarded
from .forecast import Method, parse_set_options


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: Annotated[str, typer.Option(help="interface to bind; the default is reachable from this machine only")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port")] = 8050,
    ) -> None:
        """Start the web dashboard (open the printed URL in a browser)."""
        import uvicorn

        from ..web import create_app

        if not _is_loopback(host):
            err_console.print(f"[yellow]warning:[/] binding to {host}: other machines can reach the dashboard "
                              "(it has no authentication)", highlight=False)
        err_console.print(f"bioanchors dashboard on http://{host}:{port}/  (Ctrl-C stops it)", highlight=False)
        uvicorn.run(create_app(), host=host, port=port, log_level="warning")

    @app.command("report")
    def report_command(
        scenario: Annotated[str, typer.Argument(help="built-in scenario name or path to a .toml file")] = "cotra2020",
        out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write")] = Path("report.html"),
        sets: Annotated[
            Optional[list[str]], typer.Option("--set", help="override a field: --set spending.doubling_time_years=1.5")
        ] = None,
        compare: Annotated[Optional[list[str]], typer.Option(help="overlay another built-in scenario (repeatable)")] = None,
        method: Annotated[Method, typer.Option(help="exact (point trends), monte-carlo, or auto")] = Method.auto,
        samples: Annotated[int, typer.Option(help="Monte Carlo samples")] = 200_000,
        seed: Annotated[int, typer.Option(help="Monte Carlo seed")] = 0,
    ) -> None:
        """Write a self-contained HTML report (charts and tables, no external assets)."""
        from ..web.report import write_report

        def run():
            path = write_report(scenario, out, overrides=parse_set_options(sets or []), compare=compare or [],
                                method=method.value, samples=samples, seed=seed)
            err_console.print(f"wrote {path}", highlight=False)

        run_guarded(run)
