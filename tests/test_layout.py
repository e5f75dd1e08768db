"""The layout is the architecture: imports run one way through the layers, checked over the import
graph of every module of geo/ and app/ (parsed, not imported, so a lazy import inside a function
counts too).

    base: geo.settings, geo.errors, geo.names, geo.messages, geo.i18n
    <- geo.io <- geo.place <- geo.analysis <- geo.map <- geo.report <- geo.serve, geo.cli
    <- app (and the page, dashboard.py)

A module may import its own layer and the layers below it, never one above; nothing in geo imports
app or Streamlit.
"""

import ast
from pathlib import Path

from tests.conftest import ROOT

# Layer of each package or module, lowest first; a module belongs to the longest prefix that names it.
LAYERS = {
    "geo": 0,  # the package's own __init__ (a docstring and the version)
    "geo.settings": 0,
    "geo.errors": 0,
    "geo.names": 0,
    "geo.messages": 0,
    "geo.i18n": 0,
    "geo.io": 1,
    "geo.place": 2,
    "geo.analysis": 3,
    "geo.map": 4,
    "geo.report": 5,
    "geo.serve": 6,
    "geo.store": 6,
    "geo.cli": 6,
    "geo.__main__": 6,
    "app": 7,
}
STREAMLIT = ("streamlit", "streamlit_folium")
# Imports known to break the rule, being removed: (importer, imported). Each line says why it is
# still here; the list is to be emptied, never grown.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()  # none: keep it so


def module_name(path: Path) -> str:
    """``geo/io/reader.py`` -> ``geo.io.reader``; a package's ``__init__.py`` is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of geo/ and app/ by name."""
    paths = [*(ROOT / "geo").rglob("*.py"), *(ROOT / "app").rglob("*.py")]
    return {module_name(path): path for path in sorted(paths)}


def layer(name: str) -> int | None:
    """The layer of module ``name`` (its longest prefix in :data:`LAYERS`), ``None`` outside the
    package and the app (a library)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in LAYERS:
            return LAYERS[prefix]
    return None


def imported(name: str, source: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules module ``name`` (its code ``source``) imports anywhere, functions included:
    ``from geo import settings`` is ``geo.settings`` when that is a module of ``known``; relative
    imports are resolved."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of geo/ and app/ -> the modules it imports."""
    found = modules()
    return {
        name: imported(name, path.read_text(encoding="utf-8"), path.name == "__init__.py", set(found))
        for name, path in found.items()
    }


def violations(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The imports that go up a layer: (importer, imported)."""
    upward = set()
    for importer, targets in graph.items():
        own = layer(importer)
        for target in targets:
            other = layer(target)
            if own is not None and other is not None and other > own:
                upward.add((importer, target))
    return upward


def test_every_module_has_a_layer():
    """A new package under geo/ is given its place in the layers before it is used."""
    unplaced = [name for name in modules() if layer(name) is None]
    assert not unplaced, f"modules in no layer of LAYERS: {unplaced}"
    assert len(modules()) >= 30  # the scan found the package


def test_imports_run_one_way():
    upward = violations(import_graph())
    new = sorted(upward - KNOWN_VIOLATIONS)
    assert not new, "imports from a higher layer: " + ", ".join(f"{a} -> {b}" for a, b in new)


def test_known_violations_are_still_real():
    """A known violation that is fixed is taken off the list, so that it cannot come back (when
    this fails after a merge, empty the entries it names)."""
    gone = sorted(KNOWN_VIOLATIONS - violations(import_graph()))
    assert not gone, f"fixed: take them off KNOWN_VIOLATIONS: {gone}"


def test_geo_never_imports_the_app_or_streamlit():
    graph = import_graph()
    offending = sorted(
        (importer, target)
        for importer, targets in graph.items()
        if importer.split(".")[0] == "geo"
        for target in targets
        if target.split(".")[0] in ("app", *STREAMLIT)
    )
    assert not offending, offending


def test_the_checker_sees_an_upward_import():
    """The rule can fail: an analysis module importing the map or a report, even lazily inside a
    function or relatively, is caught; importing its own layer and the ones below is not."""
    source = (
        "from geo import settings\nfrom geo.io.cache import load\nfrom . import codes\n"
        "def f():\n    from geo.map import layers\n    from ..report.tables import region_table\n"
    )
    known = set(modules())
    found = imported("geo.analysis.aggregate", source, False, known)
    assert found == {"geo.settings", "geo.io.cache", "geo.analysis.codes", "geo.map.layers", "geo.report.tables"}
    assert violations({"geo.analysis.aggregate": found}) == {
        ("geo.analysis.aggregate", "geo.map.layers"),
        ("geo.analysis.aggregate", "geo.report.tables"),
    }
