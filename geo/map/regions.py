"""Regions drawn in the browser from shapes fetched once: the choropleth's and the emergency outlines'."""

import json

import geopandas as gpd

from geo import settings
from geo.map.base import PayloadLayer


class RegionLayer(PayloadLayer):
    """Regions drawn in the browser from shapes fetched once (:class:`geo.map.frame.ShapeLoader`)
    and a small table of values per region code, sent with every redraw. ``payload["style"]`` is
    ``"choropleth"`` (``values``: code -> [fill, line of the tooltip...]) or ``"outline"``
    (``popups``: code -> popup HTML escaped in Python; other regions are not drawn). Tooltip
    text is set as text, never as HTML (``geo/map/js/regions.js``)."""

    _script = "regions"


def region_shapes(level: str, regions: gpd.GeoDataFrame, inline: bool, static_url: str) -> str | dict:
    """The shapes a :class:`RegionLayer` draws: the app's URL, or the GeoJSON itself."""
    if not inline:
        return settings.map_shapes_url(level, static_url)
    return json.loads(regions[["code", "name", "geometry"]].to_json(drop_id=True))
