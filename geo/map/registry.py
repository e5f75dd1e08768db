"""The map's layers, in one list: the page's switches, the legend and the drawing all follow it.

A new layer is one file (a builder, a legend entry and a ``LAYER = Layer(...)`` line, see
:class:`geo.map.base.Layer`; its script in ``geo/map/js/`` if it is drawn in the browser) and
one line in :data:`LAYERS`. The page's map, the map saved as one HTML file
(:mod:`geo.report.standalone`) and every :class:`LayerToggles` pick it up from here.
"""

from typing import Any

from geo.i18n import t
from geo.map import basemap, choropleth, emergency, events, mines, roadblocks
from geo.map.base import Layer

# In the order of the page's switches and of the legend's rows; ``draw_order`` stacks them.
LAYERS: tuple[Layer, ...] = (
    choropleth.LAYER,
    events.LAYER,
    mines.LAYER,
    emergency.LAYER,
    roadblocks.LAYER,
    basemap.LAYER,
)


def layer_choices(lang: str = "en") -> dict[str, tuple[str, bool]]:
    """The map's layers for the page's switches: name -> (label in ``lang``, shown at first)."""
    return {layer.name: (t(layer.label, lang), layer.default) for layer in LAYERS}


def _restore(switches: dict[str, bool]) -> "LayerToggles":
    return LayerToggles(**switches)


class LayerToggles:
    """Which layers to draw: one switch per layer of :data:`LAYERS`, read as an attribute
    (``toggles.mines``); a switch not given takes its layer's default. Immutable and hashable.

    >>> LayerToggles(roadblocks=True).roadblocks, LayerToggles().basemap
    (True, False)
    """

    __slots__ = ("_on",)
    _on: dict[str, bool]

    def __init__(self, **switches: bool) -> None:
        layers = LAYERS  # read when called: a test may register a layer of its own
        names = {layer.name for layer in layers}
        unknown = sorted(set(switches) - names)
        if unknown:
            raise TypeError(f"no map layer is called {', '.join(unknown)}; the layers are {', '.join(sorted(names))}")
        on = {layer.name: bool(switches.get(layer.name, layer.default)) for layer in layers}
        object.__setattr__(self, "_on", on)

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):  # not a layer (copy and pickle ask for such names before __init__)
            raise AttributeError(name)
        try:
            return self._on[name]
        except KeyError:
            raise AttributeError(f"no map layer is called {name}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("LayerToggles cannot be changed; make a new one")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LayerToggles) and self._on == other._on

    def __hash__(self) -> int:
        return hash(tuple(self._on.items()))

    def __repr__(self) -> str:
        return "LayerToggles(" + ", ".join(f"{name}={on}" for name, on in self._on.items()) + ")"

    def __reduce__(self) -> tuple[Any, tuple[dict[str, bool]]]:
        return _restore, (dict(self._on),)

    def shown(self, name: str) -> bool:
        """Whether the layer called ``name`` is switched on."""
        return self._on[name]
