"""What every layer of ours is made of: scripts read from ``geo/map/js``, elements rendered once,
layers built in the browser from one JSON payload, and the registry entry of a layer.

The JavaScript lives in ``geo/map/js/*.js`` (package data, checked with ``node --check``); each
file is the body of a function whose arguments the element writes as JSON, so nothing from a
data file is ever written into a script as code.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from jinja2 import Template

if TYPE_CHECKING:  # only for annotations: geo.map.input imports the registry, which imports the layers
    from geo.map.input import MapInput


@cache
def script(name: str) -> str:
    """The text of ``geo/map/js/<name>.js``."""
    return resources.files("geo.map").joinpath("js", f"{name}.js").read_text(encoding="utf-8")


class _Text(Element):
    """Text put on the page as it is: never parsed as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class RenderedOnce(MacroElement):
    """Our MacroElements: the element's script goes on the page as rendered text.

    branca's ``MacroElement.render`` wraps the rendered script in a new ``Element``, which parses it
    as a Jinja template and renders it a second time. Text from an events file would then be
    template code run on the server (a note holding ``{{ 7*7 }}`` reached the browser as "49"),
    and parsing a large payload again was most of a redraw's time.
    """

    _template: Template

    # Unannotated as in branca's MacroElement.render: it returns nothing, where Element.render returns str.
    def render(self, **kwargs):
        root = self.get_root()
        assert isinstance(root, Figure), "an element is rendered inside a Figure (branca's own check)"
        root.script.add_child(_Text(self._template.module.__dict__["script"](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class PayloadLayer(RenderedOnce, folium.FeatureGroup):
    """A layer built in the browser from one JSON ``payload`` by the script ``geo/map/js/<_script>.js``
    (run after ``payload.js``'s helpers). It keeps folium's "FeatureGroup" element name, by which
    st_folium adds layers that change in place."""

    default_name = ""
    _script = ""  # the file under geo/map/js that fills ``group`` (a featureGroup) from ``p`` (the payload)
    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group, p) {
        {{ this.helpers }}
        {{ this.draw }}
        })({{ this.get_name() }}, {{ this.payload|tojson }});
        {% endmacro %}
    """)

    def __init__(self, payload: dict, name: str | None = None):
        super().__init__(name=name or self.default_name)
        self.payload = payload

    @property
    def helpers(self) -> str:
        """Functions every payload layer's script uses (``addOwn``, ``labelled``)."""
        return script("payload")

    @property
    def draw(self) -> str:
        """This layer's own script."""
        return script(self._script)

    def render(self, **kwargs):  # unannotated: see RenderedOnce.render
        if self.show:  # what folium's Layer.render adds before its script
            assert self._parent is not None, "a layer is rendered as part of a map"
            self.add_child(ElementAddToElement(self.get_name(), self._parent.get_name()), name=self.get_name() + "_add")
        super().render(**kwargs)


@dataclass(frozen=True)
class Built:
    """What a layer's builder made: the folium element to draw (None: nothing to draw, e.g. no
    decree in force) and what its legend entry needs (its classes, its drawn events...)."""

    element: Any  # a folium element: a PayloadLayer, or a TileLayer for a base layer
    facts: Any = None


@dataclass(frozen=True)
class Layer:
    """One layer of the map, as the registry (:mod:`geo.map.registry`) lists it.

    ``name`` is its switch (``LayerToggles.<name>``, ``show_<name>`` in the page's address),
    ``label`` the catalogue text of its switch in the page, ``default`` whether it is shown at
    first. ``build(data, inline)`` makes it (``inline``: shapes written into the page, for a map
    saved as one file); ``legend(data, facts)`` gives its rows of the legend box, from the facts its
    build returned (None when it was not drawn). ``draw_order`` stacks the layers (lowest first);
    ``base`` layers (tiles) go into the map's frame, not among the layers a filter replaces.
    """

    name: str
    label: str
    default: bool
    build: "Callable[[MapInput, bool], Built | None]"
    legend: "Callable[[MapInput, Any], list[str]] | None" = None
    draw_order: int = 0
    base: bool = False
