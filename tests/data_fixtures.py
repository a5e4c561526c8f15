"""Fixture exports and a local HTTP server for the data-vintage tests (issue 25).

Files (tests/fixtures/data/README.md says where each comes from):

* ``frontier_ai_models.csv``, ``ml_hardware.csv``: small subsets of Epoch AI's real exports
  (CC BY 4.0), columns as Epoch publishes them.
* ``ai_chip_sales.zip`` (members ``cumulative_timelines_by_designer.csv`` and
  ``timelines_by_chip.csv``, the same sales quarter by quarter), ``data_centers.zip``
  (member ``data_center_timelines.csv``), ``benchmark_results_1_1.yaml``: the publishers' layouts
  with SYNTHETIC numbers, built here from closed forms so tests know the answer (the real
  files are not available offline).

The server (``serve(folder)``) runs ``http.server`` in a thread on 127.0.0.1 and answers
``/<mode>/<file>``: ``ok``, ``truncated`` (Content-Length says more than is sent), ``cut``
(no Content-Length, the body stops mid-row), ``corrupt`` (bytes flipped), ``slow`` (waits
before answering), ``html`` (a 200 HTML page), ``json`` (served as application/json),
``missing`` (404).
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bioanchors.trends.inputs import decimal_year_of

HERE = Path(__file__).resolve().parent / "fixtures" / "data"
CHIP_DOUBLING_YEARS = 1.0  # synthetic: the stock doubles every year exactly
CHIP_NVIDIA_2023 = 1.0e6  # synthetic Nvidia cumulative H100e at 2023.0
CHIP_AMD_SHARE = 0.1  # synthetic: AMD's cumulative is 10% of Nvidia's at every quarter end
HORIZON_DOUBLING_MONTHS = 6.0  # synthetic TH1.1 horizons double every 6 months exactly
QUARTER_ENDS = [date(y, m, d) for y in range(2022, 2027) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))
                if date(y, m, d) <= date(2026, 9, 30)]


def nvidia_h100e(d: date) -> float:
    return CHIP_NVIDIA_2023 * 2 ** ((decimal_year_of(d) - 2023.0) / CHIP_DOUBLING_YEARS)


def chip_sales_csv() -> str:
    head = ("Name,Chip manufacturer,Start date,End date,Number of units (median),Compute estimate in H100e (median),"
            "Compute estimate in H100e (5th percentile),Compute estimate in H100e (95th percentile),"
            "Power in MW (median),Incomplete\n")
    rows = []
    for d in QUARTER_ENDS:
        incomplete = "True" if d == QUARTER_ENDS[-1] else ""
        for name, designer, share in (("Nvidia total", "Nvidia", 1.0), ("AMD total", "AMD", CHIP_AMD_SHARE)):
            v = nvidia_h100e(d) * share
            rows.append(f"{name},{designer},2022-01-01,{d.isoformat()},{v / 2:.0f},{v:.6f},{0.8 * v:.6f},"
                        f"{1.25 * v:.6f},{v * 1e-3:.3f},{incomplete}\n")
    return head + "".join(rows)


#: Synthetic chip mix: (designer, chip type, share of the designer's quarterly sales).
CHIP_MIX = (("Nvidia", "H100 SXM", 0.6), ("Nvidia", "B200", 0.4), ("AMD", "MI300X", 1.0))


def chip_sales_by_chip_csv() -> str:
    """timelines_by_chip.csv: each quarter's own sales per chip, the differences of chip_sales_csv's
    cumulative values split by CHIP_MIX (the first quarter is the whole cumulative: series start 2022)."""
    head = ("Name,Chip manufacturer,Chip type,Start date,End date,Number of Units,"
            "Compute estimate in H100e (median),Compute estimate in H100e (5th percentile),"
            "Compute estimate in H100e (95th percentile),Incomplete\n")
    rows, before = [], date(2022, 1, 1)
    for i, d in enumerate(QUARTER_ENDS):
        incomplete = "True" if d == QUARTER_ENDS[-1] else ""
        for designer, chip, share in CHIP_MIX:
            scale = 1.0 if designer == "Nvidia" else CHIP_AMD_SHARE
            prev = nvidia_h100e(QUARTER_ENDS[i - 1]) if i else 0.0
            v = (nvidia_h100e(d) - prev) * scale * share
            rows.append(f"{chip} {d.isoformat()},{designer},{chip},{before.isoformat()},{d.isoformat()},{v / 2:.3f},"
                        f"{v:.6f},{0.8 * v:.6f},{1.25 * v:.6f},{incomplete}\n")
        before = d
    return head + "".join(rows)


#: Synthetic sites: (site, date, power MW, status). Power steps; later rows are planned.
SITES = [
    ("Alpha Campus", "2023-06-01", 100, "Operational"),
    ("Alpha Campus", "2025-03-01", 300, "Operational"),
    ("Alpha Campus", "2027-06-01", 1000, "Planned"),
    ("Beta Site", "2024-09-15", 50, "Operational"),
    ("Beta Site", "2026-12-31", 500, "Planned"),
    ("Gamma Park", "2028-01-10", 2000, "Planned"),
]


def data_centres_csv() -> str:
    head = "Data center,Date,Construction status,IT power (MW),Power (MW),Water use (MGD),Capital cost ($),Source\n"
    return head + "".join(f"{s},{d},{st},{p * 0.8:g},{p},,,https://example.org/{i}\n"
                          for i, (s, d, p, st) in enumerate(SITES))


def horizons_1_1_yaml() -> str:
    """TH1.1 layout (results.<model>.metrics.p50_horizon_length, release_date, scaffolds), synthetic values."""
    out = ["benchmark_name: METR-Horizon-v1.1", "long_tasks_version: fixture", "results:"]
    dates = [date(2023, 3, 14), date(2023, 11, 6), date(2024, 6, 20), date(2024, 12, 5), date(2025, 8, 7),
             date(2026, 2, 5)]
    for i, d in enumerate(dates):
        h = 4.0 * 2 ** ((decimal_year_of(d) - decimal_year_of(dates[0])) * 12 / HORIZON_DOUBLING_MONTHS)
        out += [f"  model_{i}:", "    metrics:", "      p50_horizon_length:", f"        ci_high: {2 * h:.6f}",
                f"        ci_low: {h / 2:.6f}", f"        estimate: {h:.6f}", "      is_sota: true",
                f"    release_date: {d.isoformat()}", "    scaffolds:", "    - fixture_agent"]
    return "\n".join(out) + "\n"


def zipped(member: str, text: str, **more: str) -> bytes:
    """A ZIP holding ``member`` (and each of ``more``: member name -> text)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(member, text)
        for name, body in more.items():
            zf.writestr(name, body)
    return buf.getvalue()


def write_exports(folder: Path) -> Path:
    """Every fixture export under its upstream file name in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("frontier_ai_models.csv", "ml_hardware.csv"):
        (folder / name).write_bytes((HERE / name).read_bytes())
    (folder / "ai_chip_sales.zip").write_bytes(zipped("cumulative_timelines_by_designer.csv", chip_sales_csv(),
                                                      **{"timelines_by_chip.csv": chip_sales_by_chip_csv()}))
    (folder / "data_centers.zip").write_bytes(zipped("data_center_timelines.csv", data_centres_csv()))
    (folder / "benchmark_results_1_1.yaml").write_text(horizons_1_1_yaml())
    return folder


TYPES = {".csv": "text/csv", ".zip": "application/zip", ".yaml": "text/yaml"}
SLOW_S = 2.0


def _handler(folder: Path):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _send(self, body: bytes, ctype: str, length: int | None = None, code: int = 200):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            if length is not None:
                self.send_header("Content-Length", str(length))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first (the slow mode's point)

        def do_GET(self):
            _, mode, name = self.path.split("/", 2)
            path = folder / name
            if mode == "missing" or not path.is_file():
                return self._send(b"not found", "text/plain", 9, 404)
            body, ctype = path.read_bytes(), TYPES[path.suffix]
            if mode == "slow":
                time.sleep(SLOW_S)
            if mode == "truncated":
                return self._send(body[: len(body) // 2], ctype, len(body))
            if mode == "cut":
                self.close_connection = True
                return self._send(body[: len(body) - 7], ctype)
            if mode == "corrupt":
                body = body[:30] + bytes(b ^ 0x5A for b in body[30:60]) + body[60:]
            if mode == "html":
                body, ctype = b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"
            if mode == "json":
                ctype = "application/json"
            self._send(body, ctype, len(body))

    return Handler


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(folder))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
