"""The package's shape (issue 12 item 6), checked by reading its source with ``ast``.

- **No import cycles.** Two graphs over the ``bioanchors`` modules, both without
  ``if TYPE_CHECKING:`` blocks (they never run):
  *module-level* imports (what ``import bioanchors.x`` executes) and *runtime*
  imports (module-level plus the lazy imports inside functions). Neither may
  have a cycle. An edge goes to the module an import statement names
  (``from .api import f`` -> ``web.api``; ``from . import views`` ->
  ``web.views``). The package ``__init__`` that Python runs before a submodule
  is not an edge, as in import-linter/grimp.
- **No function over MAX_LINES lines** (``def`` line to last line, docstring
  included, decorators not), except the allow-listed ones below.
- **No disguised errors.** No ``except Exception``, ``except BaseException`` or
  bare ``except:`` unless the handler re-raises (a bare ``raise`` in its body)
  or is allow-listed; an ``except ImportError`` / ``ModuleNotFoundError`` (a
  "not available" fallback) must re-raise what it does not expect.
- **Imports go one way** (docs/architecture.md, "Map"): the engine never
  imports an analysis (trends, efficiency, retro, sensitivity), and the
  analyses never import web/ or cli/.
- **No cycles even counting ``if TYPE_CHECKING:`` imports** (issue 20 item 6):
  a type a module only names belongs behind a ``typing.Protocol`` in the module
  that needs it (as ``requirements.distribution.NamedLikelihood``), not behind an
  import of the module that imports it.
- **No model-name branches outside the model's own package** (issue 20 item 6):
  a registered model's name compared with ``==``/``!=``/``in``, ``DEFAULT_MODEL``
  compared, ``.is_cotra`` read, or ``isinstance`` with a model's config class,
  anywhere but ``models/<that model>``: a capability the model declares replaces it.

The allow-lists name each site, why it is long or broad, and the issue/owner
that will remove it. An entry that no longer matches an offender fails the
test, so the lists only shrink.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

import bioanchors

ROOT = Path(__file__).resolve().parents[1]
# The source tree when the tests run from a checkout (CI installs with `pip install .`, not editable).
PACKAGE = ROOT / "src" / "bioanchors" if (ROOT / "src" / "bioanchors").is_dir() else Path(bioanchors.__file__).parent
MAX_LINES = 60

# "module:qualname" -> (reason, owner issue). Empty: every function is within the bound; keep it so.
LONG_FUNCTIONS_ALLOWED: dict[str, tuple[str, str]] = {
}

# "module:qualname" of the function holding the handler -> (reason, owner issue). Empty: none is left.
# A CLI top-level guard that turns an unknown error into one line, exit 1 and a hint to report it
# belongs here with owner "cli" (e.g. "bioanchors.cli:main").
BROAD_EXCEPTS_ALLOWED: dict[str, tuple[str, str]] = {}

# module -> (reason, owner). Each listed module still branches on a model (else the entry is stale).
# Empty: every former branch is a capability the model declares; keep it so.
MODEL_BRANCHES_ALLOWED: dict[str, tuple[str, str]] = {}

# (importer, imported) of an `if TYPE_CHECKING:` import that closes a cycle -> (reason, owner).
# Empty: the engine types scenarios against protocols.ScenarioLike and estimates live in
# evaluation/estimate.py, so no TYPE_CHECKING import closes a cycle; keep it so.
TYPE_CHECKING_CYCLE_EDGES_ALLOWED: dict[tuple[str, str], tuple[str, str]] = {}


# ---------------------------------------------------------------- reading the package


def _module_name(path: Path) -> str:
    parts = ["bioanchors", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES: dict[str, ast.Module] = {m: ast.parse(p.read_text(encoding="utf-8"), str(p)) for m, p in MODULES.items()}


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST, *, in_function: bool = False):
    """(import node, inside a function?) for every import, skipping ``if TYPE_CHECKING:`` blocks."""
    for child in ast.iter_child_nodes(tree):
        for node in child.orelse if _is_type_checking(child) else [child]:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                yield node, in_function
            nested = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            yield from _imports(node, in_function=nested)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The bioanchors modules an import statement names (the nearest enclosing module for attributes)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        if node.level:
            package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
            base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        names = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source for a in node.names]
    out = []
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            out.append(name)
    return out


def import_graph(*, function_level: bool) -> dict[str, set[str]]:
    """Module -> the bioanchors modules it imports (module-level, plus function-level if asked)."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, tree in TREES.items():
        for node, in_function in _imports(tree):
            if function_level or not in_function:
                graph[module].update(_targets(module, node))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _functions():
    """("module:qualname", node) for every function and method, nested ones included."""
    def walk(node, module, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    yield f"{module}:{name}", child
                yield from walk(child, module, f"{name}.")
            else:
                yield from walk(child, module, prefix)

    for module, tree in TREES.items():
        yield from walk(tree, module, "")


def _handlers():
    """("module:qualname" of the innermost enclosing function, or "module:<module>", handler) per except clause."""
    seen = set()
    for qualname, fn in sorted(_functions(), key=lambda kv: -len(kv[0])):  # a nested function's name is longer
        for node in ast.walk(fn):
            if isinstance(node, ast.ExceptHandler) and id(node) not in seen:
                seen.add(id(node))
                yield qualname, node
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and id(node) not in seen:
                seen.add(id(node))
                yield f"{module}:<module>", node


def _caught(handler: ast.ExceptHandler) -> set[str]:
    if handler.type is None:
        return {"<bare>"}
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {ast.unparse(t).rpartition(".")[2] for t in types}


def _reraises(handler: ast.ExceptHandler) -> bool:
    """A bare ``raise`` somewhere in the handler (not in a nested function): what is not expected goes on."""
    todo = list(handler.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Raise) and node.exc is None:
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(node))
    return False


BROAD = {"<bare>", "Exception", "BaseException"}
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def _where(qualname: str, node: ast.AST) -> str:
    module = qualname.split(":")[0]
    return f"{MODULES[module].relative_to(PACKAGE.parent)}:{node.lineno} ({qualname})"


# ---------------------------------------------------------------- import cycles


def test_the_import_graph_sees_the_imports_it_should():
    """Guards against a graph that is empty because the parser misses imports."""
    top, runtime = import_graph(function_level=False), import_graph(function_level=True)
    assert "bioanchors.errors" in top["bioanchors"]  # from .errors import ...
    assert "bioanchors.web.api" in top["bioanchors.web.app"]  # from . import api
    assert "bioanchors.web.limits" in top["bioanchors.web.api"]  # from . import limits, views
    assert "bioanchors.trends.fitting" not in top["bioanchors.web.views"]
    assert "bioanchors.trends.fitting" in runtime["bioanchors.web.views"]  # lazy, inside views.trends
    assert "bioanchors.web.report" not in runtime["bioanchors.web.api"]  # the cycle of issue 12
    # if TYPE_CHECKING: imports never run, so they are not edges
    assert "bioanchors.requirements.transforms" not in runtime["bioanchors.requirements.distribution"]
    assert sum(map(len, runtime.values())) > sum(map(len, top.values())) > 50


def _type_checking_edges() -> set[tuple[str, str]]:
    """(importer, imported) of every import inside an ``if TYPE_CHECKING:`` block."""
    out = set()
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if _is_type_checking(node):
                for child in node.body:
                    if isinstance(child, (ast.Import, ast.ImportFrom)):
                        out.update((module, t) for t in _targets(module, child))
    return out


def test_no_import_cycles_even_counting_type_checking_imports():
    """Issue 20 item 6: a cycle that only type checkers see is still two modules that cannot be read apart."""
    graph = import_graph(function_level=True)
    for src, dst in _type_checking_edges() - set(TYPE_CHECKING_CYCLE_EDGES_ALLOWED):
        graph[src].add(dst)
    assert cycles(graph) == [], "a TYPE_CHECKING import closes a cycle: type against a Protocol instead"


def test_the_type_checking_allow_list_only_holds_edges_on_a_cycle():
    edges = _type_checking_edges()
    graph = import_graph(function_level=True)
    for src, dst in edges:
        graph[src].add(dst)
    on_cycle = {(a, b) for a, b in edges for comp in cycles(graph) if a in comp and b in comp}
    stale = set(TYPE_CHECKING_CYCLE_EDGES_ALLOWED) - on_cycle
    assert not stale, f"no longer closes a cycle: remove from TYPE_CHECKING_CYCLE_EDGES_ALLOWED: {sorted(stale)}"


def test_the_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_among_module_level_imports():
    assert cycles(import_graph(function_level=False)) == []


def test_no_import_cycles_even_counting_imports_inside_functions():
    """web.api and web.report imported each other (issue 12); /api/report now lives in web.report_api."""
    assert cycles(import_graph(function_level=True)) == []


ANALYSES = ("trends", "efficiency", "retro", "sensitivity", "datasets")
INTERFACES = ("web", "cli")


def _layer(module: str) -> int:
    """0 the engine (everything else), 1 an analysis, 2 an interface; the package root is -1 (it may re-export)."""
    parts = module.split(".")
    if len(parts) == 1:
        return -1
    return 1 if parts[1] in ANALYSES else 2 if parts[1] in INTERFACES else 0


def test_imports_go_one_way_engine_then_analyses_then_interfaces():
    """docs/architecture.md "Map": the engine never imports an analysis; analyses never import web/ or cli/."""
    upward = sorted(f"{m} -> {t}" for m, ts in import_graph(function_level=True).items() for t in ts
                    if _layer(m) >= 0 and _layer(t) > _layer(m))
    assert not upward, upward
    assert _layer("bioanchors.trends.fitting") == 1 and _layer("bioanchors.web.api") == 2
    assert _layer("bioanchors.evaluation.exact") == 0 and _layer("bioanchors.loglinear") == 0


def test_the_map_names_files_that_exist():
    """Every ``something.py`` the Map section of docs/architecture.md names is a file of the package."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Map", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([\w/]+\.py)`", section))
    known = {str(p.relative_to(PACKAGE)) for p in MODULES.values()}
    short = {p.rsplit("/", 1)[-1] for p in known}
    missing = sorted(n for n in named if n not in known and n not in short and not n.startswith("tests/"))
    assert len(named) > 20 and not missing, missing


# ---------------------------------------------------------------- model-name branches


def _model_homes() -> tuple[dict[str, str], dict[str, str]]:
    """(model name -> its own package, config class name -> its model's own package).

    A model in ``models/<name>.py`` owns that module; one in ``models/<name>/`` owns the package."""
    from bioanchors.models import MODELS
    from bioanchors.schema import CONFIG_SCHEMAS

    def home(obj) -> str:
        parts = type(obj).__module__.split(".")
        return ".".join(parts[:3])

    names = {name: home(model) for name, model in MODELS.items()}
    configs = {cls.__name__: names[name] for name, cls in CONFIG_SCHEMAS.items() if name in names}
    return names, configs


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [v for e in node.elts for v in _strings(e)]
    return []


def _branch_homes(node: ast.AST, names: dict[str, str], configs: dict[str, str]) -> list[str]:
    """The own packages of the models ``node`` branches on (empty: not a model-name branch)."""
    if isinstance(node, ast.Compare) and any(isinstance(o, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for o in node.ops):
        sides = [node.left, *node.comparators]
        homes = [names[v] for x in sides for v in _strings(x) if v in names]
        if any(ast.unparse(x).rpartition(".")[2] == "DEFAULT_MODEL" for x in sides):
            homes.append(names["cotra2020"])
        return homes
    if isinstance(node, ast.Attribute) and node.attr == "is_cotra":
        return [names["cotra2020"]]
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "isinstance" and len(node.args) == 2:
        return [configs[c] for c in re.findall(r"\w+", ast.unparse(node.args[1])) if c in configs]
    return []


def _model_branches() -> dict[str, list[str]]:
    names, configs = _model_homes()
    out: dict[str, list[str]] = {}
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            for home in _branch_homes(node, names, configs):
                if module != home and not module.startswith(home + "."):
                    out.setdefault(module, []).append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{node.lineno}")
    return out


def test_no_model_name_branches_outside_the_models_own_package():
    extra = {m: w for m, w in _model_branches().items() if m not in MODEL_BRANCHES_ALLOWED}
    assert not extra, ("a branch on a model's name outside its package: ask the model (a capability in "
                       f"its protocol, a catalogue entry) instead: {extra}")


def test_the_model_branch_allow_list_only_holds_modules_that_branch():
    stale = set(MODEL_BRANCHES_ALLOWED) - set(_model_branches())
    assert not stale, f"no model-name branch left: remove from MODEL_BRANCHES_ALLOWED: {sorted(stale)}"


def test_the_model_branch_rule_sees_what_it_should():
    names = {"cotra2020": "bioanchors.models.cotra2020", "toy": "bioanchors.models.toy"}
    configs = {"ScenarioSpec": "bioanchors.models.cotra2020"}
    src = ("a == 'toy'\nb in ('x', 'cotra2020')\nc.model != DEFAULT_MODEL\nd.is_cotra\n"
           "isinstance(s, ScenarioSpec)\ne == 'toys'\nf < 'toy'\nisinstance(s, dict)\n")
    found = [_branch_homes(n, names, configs) for n in ast.walk(ast.parse(src))]
    assert [h for h in found if h] == [["bioanchors.models.toy"], ["bioanchors.models.cotra2020"],
                                       ["bioanchors.models.cotra2020"], ["bioanchors.models.cotra2020"],
                                       ["bioanchors.models.cotra2020"]]


# ---------------------------------------------------------------- the dashboard's script


def _js_model_refs(js: str, models: dict[str, tuple[str, ...]]) -> list[str]:
    """Quoted names in ``js`` that only a model knows: a registered model's name compared with (``===``,
    ``!==``, ``==``, ``!=``, ``includes(``), or one of its own series, event or metric names anywhere."""
    out = []
    for model, own in models.items():
        q = rf"""["'`]{re.escape(model)}["'`]"""
        if re.search(rf"""(?:[!=]==?|\bincludes\()\s*{q}|{q}\s*(?:[!=]==?|\]\s*\.includes\()""", js):
            out.append(f"compares the model name '{model}'")
        out += [f"names {model}'s '{n}'" for n in own if re.search(rf"""["'`]{re.escape(n)}["'`]""", js)]
    return out


def test_the_dashboards_script_names_no_model_nor_its_series():
    """app.js draws what the API says a model has (/api/scenario "views", "takeoff": issue 20 item 4, issues
    21 and 22 item 7): it never branches on a model's name, nor names a model's series, events or metrics."""
    from bioanchors.models import MODELS
    from bioanchors.web.models import DATA_VIEWS, HYPOTHESIS_VIEWS

    js = (PACKAGE / "web" / "static" / "app.js").read_text(encoding="utf-8")
    views = {*DATA_VIEWS, *HYPOTHESIS_VIEWS}  # the page's own tab names (a series may share one: aifm's "horizon")
    own = {name: tuple(x.name for x in (*getattr(m, "series_specs", ()), *getattr(m, "metric_specs", ()),
                                        *(getattr(m, "events", ()) if getattr(m, "series_specs", ()) else ()))
                       if x.name not in views)
           for name, m in MODELS.items()}
    assert not _js_model_refs(js, own)
    # the rule sees what it should
    seen = _js_model_refs('if (v.model === "ftm") x = r.series["gwp"]; if (["aifm"].includes(m)) y(); z = "ftm-best-guess";',
                          {"ftm": ("gwp",), "aifm": (), "cotra2020": ("lifetime",)})
    assert seen == ["compares the model name 'ftm'", "names ftm's 'gwp'", "compares the model name 'aifm'"]


# ---------------------------------------------------------------- function length


def _long_functions() -> dict[str, tuple[int, str]]:
    out = {}
    for qualname, fn in _functions():
        n = fn.end_lineno - fn.lineno + 1
        if n > MAX_LINES:
            out[qualname] = (n, _where(qualname, fn))
    return out


def test_no_function_over_max_lines_outside_the_allow_list():
    extra = {q: where for q, (n, where) in _long_functions().items() if q not in LONG_FUNCTIONS_ALLOWED}
    assert not extra, (f"functions over {MAX_LINES} lines; split them into named steps "
                       f"(or, outside your area, add an allow-list entry with reason and owner): {extra}")


def test_the_long_function_allow_list_only_holds_long_functions():
    stale = set(LONG_FUNCTIONS_ALLOWED) - set(_long_functions())
    assert not stale, f"now at most {MAX_LINES} lines (or gone): remove from LONG_FUNCTIONS_ALLOWED: {sorted(stale)}"


def test_the_length_rule_counts_what_it_should():
    tree = ast.parse("@dec\ndef f():\n    '''doc'''\n" + "    x = 1\n" * 3 + "\n    return x\n")
    fn = tree.body[0]
    assert fn.end_lineno - fn.lineno + 1 == 7  # def, docstring, three statements, blank line, return


# ---------------------------------------------------------------- errors never disguised


def _broad_excepts() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for qualname, handler in _handlers():
        if _caught(handler) & BROAD and not _reraises(handler):
            out.setdefault(qualname, []).append(_where(qualname, handler))
    return out


def test_no_broad_except_outside_the_allow_list():
    extra = {q: w for q, w in _broad_excepts().items() if q not in BROAD_EXCEPTS_ALLOWED}
    assert not extra, ("broad except that does not re-raise: catch the specific exception you expect, "
                       f"or re-raise: {extra}")


def test_the_broad_except_allow_list_only_holds_broad_excepts():
    stale = set(BROAD_EXCEPTS_ALLOWED) - set(_broad_excepts())
    assert not stale, f"no broad except left there: remove from BROAD_EXCEPTS_ALLOWED: {sorted(stale)}"


def test_not_available_fallbacks_reraise_what_they_do_not_expect():
    """An ``except ImportError`` that turns every failure into "not available" hides bugs in present modules."""
    silent = [_where(q, h) for q, h in _handlers() if _caught(h) & IMPORT_ERRORS and not _reraises(h)]
    assert not silent, f"ImportError handlers that never re-raise: {silent}"


def test_the_handler_rules_see_what_they_should():
    src = ("def f():\n    try:\n        g()\n    except Exception:\n        pass\n"
           "def h():\n    try:\n        g()\n    except (ValueError, BaseException):\n        if x:\n            raise\n"
           "def k():\n    try:\n        g()\n    except:\n        raise RuntimeError('x')\n")
    handlers = [n for n in ast.walk(ast.parse(src)) if isinstance(n, ast.ExceptHandler)]
    assert [_caught(h) & BROAD for h in handlers] == [{"Exception"}, {"BaseException"}, {"<bare>"}]
    assert [_reraises(h) for h in handlers] == [False, True, False]  # a new exception is not a re-raise


# ---------------------------------------------------------------- the web's "not available", by behaviour


@pytest.fixture()
def quiet_client():
    from fastapi.testclient import TestClient

    from bioanchors.web import create_app

    with TestClient(create_app(warm_up=False), raise_server_exceptions=False) as client:
        yield client


def test_only_an_absent_bioanchors_module_counts_as_not_available():
    from bioanchors.web.views import absent

    assert absent(ModuleNotFoundError("import halted", name="bioanchors.sensitivity"))
    assert not absent(ModuleNotFoundError("No module named 'SALib'", name="SALib"))  # a broken install: a bug
    assert not absent(ImportError("cannot import name 'tornado' from 'bioanchors.sensitivity'"))  # a rename: a bug


def test_every_view_is_available_in_this_installation(quiet_client):
    """The package ships all seven: a view hidden as "not available" here would be a bug disguised."""
    assert quiet_client.get("/api/capabilities").json() == {
        "trends": True, "retro": True, "efficiency": True, "sensitivity": True, "horizon": True, "hindcast": True,
        "scorecard": True}


def test_an_import_error_inside_a_present_view_is_a_500_not_a_501(quiet_client, monkeypatch):
    from bioanchors.web import views

    def broken():
        raise ImportError("cannot import name 'fit_trends' from 'bioanchors.trends.fitting'")

    monkeypatch.setattr(views, "trends", broken)
    assert quiet_client.get("/api/trends").status_code == 500
    monkeypatch.setitem(sys.modules, "bioanchors.trends.fitting", None)  # absent: "not available"
    monkeypatch.setattr(views, "trends", lambda: __import__("bioanchors.trends.fitting"))
    r = quiet_client.get("/api/trends")
    assert r.status_code == 501 and "not available in this version" in r.json()["detail"]


def test_the_report_does_not_call_a_broken_section_not_available(monkeypatch):
    from bioanchors.web import report, views

    def broken(sc):
        raise ModuleNotFoundError("No module named 'SALib'", name="SALib")

    monkeypatch.setattr(views, "retro", broken)
    with pytest.raises(ModuleNotFoundError):
        report._optional_sections(bioanchors.load_scenario("cotra2020"))


def test_the_report_endpoint_is_still_served(quiet_client):
    """/api/report moved to web.report_api: same path, same request schema name."""
    schema = quiet_client.get("/api/openapi.json").json()
    assert "post" in schema["paths"]["/api/report"]
    assert "ReportRequest" in schema["components"]["schemas"]


# ---------------------------------------------------------------- one formula, one place


@pytest.mark.parametrize("name", ["cotra2020", "cotra2020-aggressive"])
def test_the_algorithmic_progress_component_is_the_engine_formula(name):
    """algorithmic_progress.log10_progress (the component) equals what the trajectories evaluate."""
    import numpy as np

    from bioanchors.algorithmic_progress import log10_progress
    from bioanchors.evaluation.parameters import point_parameters
    from bioanchors.evaluation.trajectories import trajectories

    spec = bioanchors.load_scenario(name).spec
    years = np.arange(2015, 2101)
    tr = trajectories(spec, point_parameters(spec), years)
    t = years + spec.conventions.trend_year_offset_years
    mine = log10_progress(t, tr.halving_years[..., None], tr.cap_oom[..., None], spec.algorithmic_progress.start_year)
    assert np.array_equal(mine, tr.log10_progress)
    before = mine[..., t < spec.algorithmic_progress.start_year]
    assert before.size and np.allclose(before, 0.0, atol=1e-12)  # nothing before the start year (float rounding)
    assert np.all(mine[..., -1] > 1.0)  # more than 10x by 2100 for every hypothesis (caps of 2-5 OOM, p. 127)


def test_registering_the_models_does_not_import_scipy():
    # CLI start-up (README benchmarks: `bioanchors forecast` <= 1 s): every model module is imported
    # when a scenario loads, so one that imports scipy at the top costs every command ~0.2 s.
    # (Distributions given by percentiles use scipy when they are validated: only those pay it.)
    import subprocess
    import sys

    code = ("import sys, bioanchors, bioanchors.models\n"
            "for n in ('cotra2020', 'metr-horizon', 'semi-informative-priors'): bioanchors.load_scenario(n)\n"
            "print([m for m in sys.modules if m.split('.')[0] in ('scipy', 'matplotlib', 'fastapi')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
