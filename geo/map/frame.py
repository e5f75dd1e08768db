"""The map's frame, set up once per map whatever the filter (``geo/map/js/frame.js``)."""

from jinja2 import Template

from geo import settings
from geo.i18n import t
from geo.map.base import RenderedOnce, script


class ShapeLoader(RenderedOnce):
    """Sets up the map's frame once: ``window.peruShapes(source)`` (region shapes from a URL of
    the app, fetched once per map and reused by later layers, or given inline for a map saved as
    one file); the two panes that keep the shapes beneath every other layer; popups that fit a
    phone; one-finger scrolling of the page on phones; Peru fitted beside the legend; the view
    kept in the page's address."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, o) {
        {{ this.code }}
        })({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, lang: str = "en", view_scope: str = ""):
        super().__init__()
        self._name = "ShapeLoader"
        self.options = {
            "view_scope": view_scope,
            "touch_hint": t("Two fingers move the map", lang),
            "zoom_in": t("Zoom in", lang),
            "zoom_out": t("Zoom out", lang),
            "wheel_hint": t("Zoom: Ctrl + wheel (⌘ + wheel on a Mac) or the + − buttons", lang),
            "bounds": [list(corner) for corner in settings.PERU_BOUNDS],
            "legend_px": settings.LEGEND_ROOM_PX,
            "legend_room_from_px": settings.LEGEND_FOLDED_BELOW_PX,
        }

    @property
    def code(self) -> str:
        """The frame's script."""
        return script("frame")
