"""The layer registry: a layer is one module and one line of geo.map.registry.LAYERS, and the
page's map, the map saved as one file and the switches all follow it; the scripts are JavaScript."""

import shutil
import subprocess
from importlib import resources

import pytest

from geo.analysis.aggregate import EventFilter
from geo.analysis.dataset import make_view
from geo.i18n import t
from geo.map import registry
from geo.map.base import Built, Layer, PayloadLayer, script
from geo.map.layers import LayerToggles, build_layers, map_html, map_input
from geo.report.standalone import standalone_html

JS = sorted(p.name for p in resources.files("geo.map").joinpath("js").iterdir() if p.name.endswith(".js"))


def test_the_switches_are_the_registered_layers_with_their_defaults():
    names = [layer.name for layer in registry.LAYERS]
    assert names == ["choropleth", "events", "mines", "emergency", "roadblocks", "basemap"]
    assert len(set(names)) == len(names)
    shown = LayerToggles()
    assert {name: getattr(shown, name) for name in names} == {layer.name: layer.default for layer in registry.LAYERS}
    assert registry.layer_choices("es")["roadblocks"] == (t("Roadblock reports (aggregate counts)", "es"), False)
    with pytest.raises(TypeError, match="no map layer is called rivers"):
        LayerToggles(rivers=True)
    with pytest.raises(AttributeError):
        shown.mines = False
    assert LayerToggles(mines=False) == LayerToggles(mines=False) != shown
    assert len({LayerToggles(mines=False), LayerToggles(mines=False)}) == 1


class _RiverLayer(PayloadLayer):
    _script = "roadblocks"  # any script of ours: the test looks for the layer, not its drawing


def _rivers(data, inline):
    return Built(_RiverLayer({"rows": [], "box": ""}, name="Rivers of the test"), "facts of the test")


def _rivers_legend(data, facts):
    return [f"<div>rivers legend: {facts}</div>"] if facts else []


def test_a_new_layer_is_one_registration_drawn_by_the_page_and_the_saved_map(bundle, monkeypatch):
    rivers = Layer("rivers", "Rivers", True, _rivers, _rivers_legend, draw_order=5)
    monkeypatch.setattr(registry, "LAYERS", (*registry.LAYERS, rivers))
    view = make_view(bundle, EventFilter(), "department", 25)
    data = map_input(view, "department", "events", 25, "whole")
    parts = build_layers(data)
    assert [layer.layer_name for layer in parts.layers][-2] == "Rivers of the test"  # drawn last, under the legend
    assert "rivers legend: facts of the test" in _drawn(parts)
    page = standalone_html(data, "Peru")
    assert "Rivers of the test" in page and "rivers legend: facts of the test" in page
    hidden = map_input(view, "department", "events", 25, "whole", toggles=LayerToggles(rivers=False))
    page = standalone_html(hidden, "Peru")
    assert "Rivers of the test" not in page and "rivers legend" not in page


def _drawn(parts) -> str:
    """The page of the frame with its layers (as st_folium would draw them)."""
    for group in parts.layers:
        group.add_to(parts.frame)
    return map_html(parts.frame)


def test_the_pages_scripts_are_the_files_of_geo_map_js(bundle):
    view = make_view(bundle, EventFilter(), "department", 25)
    page = standalone_html(map_input(view, "department", "events", 25, "whole"), "Peru")
    for name in ("frame", "legend", "payload", "regions", "events", "mines"):
        assert script(name).strip() in page, name


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("name", JS)
def test_every_script_is_javascript(name):
    path = resources.files("geo.map").joinpath("js", name)
    done = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
