"""Start-up (issue 11): the CLI imports only what a command needs, when it needs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("scipy.stats", "pandas", "matplotlib", "fastapi")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_cli_imports_nothing_heavy():
    assert _loaded_after("import bioanchors.cli") == []


def test_a_forecast_imports_nothing_heavy():
    # The default forecast (exact) and the conditional estimator need numpy and scipy.special only.
    code = ("import bioanchors\nbioanchors.forecast('cotra2020')\n"
            "bioanchors.forecast('measured-2025', samples=500)")
    assert _loaded_after(code) == []


def test_help_imports_nothing_heavy():
    code = "from bioanchors.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert _loaded_after(code) == []


def test_lazy_attributes_still_work():
    import bioanchors

    assert callable(bioanchors.forecast)  # the function, not the submodule of the same name
    assert bioanchors.Scenario.__name__ == "Scenario"
    assert isinstance(bioanchors.__version__, str) and bioanchors.__version__
    assert {"load_scenario", "builtin_names", "__version__"} <= set(dir(bioanchors))
    with pytest.raises(AttributeError):
        bioanchors.no_such_thing  # noqa: B018


def test_forecast_submodule_import_does_not_shadow_the_function():
    code = ("import bioanchors.forecast\nfrom bioanchors.forecast import METHODS\nimport bioanchors\n"
            "print(callable(bioanchors.forecast))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
