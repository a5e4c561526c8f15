"""bioanchors: compute-centric forecasts of transformative AI.

Quick start::

    import bioanchors
    sc = bioanchors.load_scenario("cotra2020")
    res = bioanchors.forecast(sc)
    res.median_year, res.p_by_year[2036]
    res.plot()
    faster = sc.replace({"algorithmic_progress.halving_time_scale": 0.5})
"""

from importlib.metadata import PackageNotFoundError, version

from .errors import BioanchorsError, DataError, ScenarioError
from .forecast import forecast
from .result import ForecastResult
from .scenario import Scenario, builtin_names, load_scenario, scenario_from_dict

try:
    __version__ = version("bioanchors")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = [
    "BioanchorsError",
    "DataError",
    "ForecastResult",
    "Scenario",
    "ScenarioError",
    "__version__",
    "builtin_names",
    "forecast",
    "load_scenario",
    "scenario_from_dict",
]
