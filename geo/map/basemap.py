"""OpenStreetMap tiles under everything: the only layer that needs the internet (off at first)."""

from typing import TYPE_CHECKING

import folium

from geo.i18n import N_, t
from geo.map.base import Built, Layer

if TYPE_CHECKING:
    from geo.map.input import MapInput


def build(data: "MapInput", inline: bool) -> Built:
    """The tile layer, put in the map's frame (a base layer, not an overlay)."""
    name = t("OpenStreetMap (needs internet)", data.lang)
    return Built(folium.TileLayer("OpenStreetMap", name=name, overlay=False))


LAYER = Layer("basemap", N_("Street basemap (needs internet)"), False, build, base=True)
