"""The map assembled from its layers (:mod:`geo.map.registry`): the frame, every layer switched
on, and the legend; and what the page reads back from a click.

Every asset is served locally (see :mod:`geo.map.offline`); markers are DivIcons styled inline, so the
map needs only Leaflet. Events are one layer built in the browser from one JSON payload
(:mod:`geo.analysis.points`), so the page's size does not grow with the number of events.
Each layer lives in its own module (choropleth, events, mines, emergency, roadblocks, basemap),
its script in ``geo/map/js``; this module keeps the names the page, the bench and the tests import.
"""

from dataclasses import dataclass
from typing import Any

import folium

from geo import settings
from geo.analysis.points import EventPayload
from geo.i18n import t
from geo.map import registry
from geo.map.base import Built, Layer, PayloadLayer, RenderedOnce
from geo.map.classify import Classes
from geo.map.events import EventLayer
from geo.map.frame import ShapeLoader
from geo.map.input import MapInput, fixed_classes, map_input
from geo.map.legend import Legend, legend_box
from geo.map.mines import MineLayer
from geo.map.offline import localize_assets
from geo.map.popups import deaths_html, event_popup_html, mine_popup_html, roadblock_popup_html, text_html
from geo.map.regions import RegionLayer
from geo.map.registry import LayerToggles, layer_choices
from geo.map.roadblocks import RoadblockLayer
from geo.map.rules import map_title, metrics_for_level

__all__ = [
    "Built",
    "EventLayer",
    "Layer",
    "LayerToggles",
    "Legend",
    "MapInput",
    "MapLayers",
    "MineLayer",
    "PayloadLayer",
    "RegionLayer",
    "RenderedOnce",
    "RoadblockLayer",
    "ShapeLoader",
    "build_layers",
    "build_map",
    "clicked_mine",
    "deaths_html",
    "event_popup_html",
    "feature_code",
    "fixed_classes",
    "layer_choices",
    "legend_html",
    "map_html",
    "map_input",
    "map_title",
    "metrics_for_level",
    "mine_popup_html",
    "roadblock_popup_html",
    "text_html",
]


def legend_html(data: MapInput, classes: Classes | None, drawn: EventPayload | None) -> str:
    """The legend box of a map whose choropleth drew ``classes`` and events layer ``drawn``
    (None: not drawn); see :func:`geo.map.legend.legend_box`."""
    return legend_box(data, {"choropleth": classes, "events": drawn})


@dataclass
class MapLayers:
    """A map in the two parts st_folium keeps apart. The frame (extent, basemap, assets) is the
    same whatever the filter, so the browser keeps its map, zoom and centre; the layers are
    what a filter changes, replaced in place (``st_folium(frame, feature_group_to_add=layers,
    layer_control=control)``)."""

    frame: folium.Map
    layers: list[folium.FeatureGroup]
    control: folium.LayerControl


def _built(data: MapInput, inline: bool) -> dict[str, tuple[Layer, Built]]:
    """Every layer switched on that has something to draw, by name, in drawing order."""
    made: dict[str, tuple[Layer, Built]] = {}
    for layer in sorted(registry.LAYERS, key=lambda layer: layer.draw_order):
        if data.toggles.shown(layer.name):
            built = layer.build(data, inline)
            if built is not None:
                made[layer.name] = (layer, built)
    return made


def build_layers(data: MapInput, inline: bool = False) -> MapLayers:
    """Every layer the toggles ask for, the legend, and the frame they are drawn in.

    Region shapes are fetched by the browser from the app (once per level), or written into
    the layers with ``inline`` (a map that must open as one file).
    """
    frame = folium.Map(
        location=settings.PERU_CENTER,
        zoom_start=settings.PERU_ZOOM,
        tiles=None,
        control_scale=False,  # our own scale bar: ShapeLoader
        maxZoom=18,
        zoomSnap=0.25,
    )
    ShapeLoader(data.lang, data.view_scope).add_to(frame)
    made = _built(data, inline)
    layers: list[Any] = []
    for layer, built in made.values():
        if layer.base:  # tiles belong to the frame, which a filter leaves alone
            built.element.add_to(frame)
        else:
            layers.append(built.element)
    legend = folium.FeatureGroup(name=t("Legend", data.lang), control=False)
    Legend(legend_box(data, {name: built.facts for name, (_, built) in made.items()})).add_to(legend)
    layers.append(legend)
    for element in (frame, *layers):
        localize_assets(element, data.static_url)
    return MapLayers(frame, layers, folium.LayerControl(collapsed=True))


def build_map(data: MapInput) -> folium.Map:
    """The whole map as one folium object, shapes included (for a standalone page or a test)."""
    parts = build_layers(data, inline=True)
    for group in parts.layers:
        group.add_to(parts.frame)
    parts.control.add_to(parts.frame)
    return parts.frame


def feature_code(clicked: dict | None) -> str | None:
    """INEI code of the region a st_folium click returned (``last_active_drawing``), if any."""
    if not clicked:
        return None
    properties = clicked.get("properties") or {}
    code = properties.get("code")
    return str(code) if code else None


def clicked_mine(clicked: dict | None) -> str | None:
    """Name of the mine a st_folium click returned (``last_active_drawing``), if any."""
    name = ((clicked or {}).get("properties") or {}).get("mine")
    return str(name) if name else None


def map_html(folium_map: folium.Map) -> str:
    """The map as one standalone HTML page (assets still point at the app's static URL)."""
    return folium_map.get_root().render()
