"""bioanchors: compute-centric forecasts of transformative AI.

Quick start::

    import bioanchors
    sc = bioanchors.load_scenario("cotra2020")
    res = bioanchors.forecast(sc)
    res.median_year, res.p_by_year[2036]
    res.plot()
    faster = sc.replace({"algorithmic_progress.halving_time_scale": 0.5})
"""

from .errors import BioanchorsError, DataError, ScenarioError
from .forecast import forecast  # eager: binds the function over the submodule of the same name
from .result import ForecastResult

# Loaded on first use (PEP 562): the scenario schema costs ~0.1 s to import and
# `bioanchors --help` needs none of it (issue 11).
_LAZY = {
    "Scenario": "scenario",
    "builtin_names": "scenario",
    "load_scenario": "scenario",
    "scenario_from_dict": "scenario",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("bioanchors")
        except PackageNotFoundError:  # running from a source tree without install
            value = "0.0.0+unknown"
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})


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
