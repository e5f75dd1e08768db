"""The legend box: black on white so that it survives printing, folded to its title on narrow maps."""

from typing import TYPE_CHECKING, Any

from jinja2 import Template

from geo import settings
from geo.i18n import t
from geo.map import registry
from geo.map.base import RenderedOnce, script
from geo.map.popups import text_html
from geo.map.rules import map_title

if TYPE_CHECKING:
    from geo.map.input import MapInput


class Legend(RenderedOnce):
    """A legend box drawn as a Leaflet control (``geo/map/js/legend.js``).

    It is a layer of its parent (a map or a feature group): removing the group removes the box,
    so a legend redrawn with its group never leaves the old one behind.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (parent, o) {
        {{ this.code }}
        })({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
    """)

    fold_below_px = settings.LEGEND_FOLDED_BELOW_PX

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "Legend"
        self.html = html_text

    @property
    def options(self) -> dict[str, Any]:
        """What the script reads: the box's HTML and the width under which it opens folded."""
        return {"html": self.html, "fold_below_px": self.fold_below_px}

    @property
    def code(self) -> str:
        """The legend's script."""
        return script("legend")


def legend_box(data: "MapInput", facts: dict[str, Any]) -> str:
    """The legend box: title with level and period, each layer's rows (registry order, from the
    ``facts`` its build returned, by layer name), then the credits."""
    rows = [f'<div style="margin:2px 0 4px">{text_html(data.period)}</div>'] if data.period else []
    for layer in registry.LAYERS:
        if layer.legend is not None:
            rows += layer.legend(data, facts.get(layer.name))
    credit = t(
        "Boundaries: {credit}. Events: sourced, see table.",
        data.lang,
        credit=text_html(t(settings.BOUNDARIES_CREDIT, data.lang)),
    )
    rows.append(f'<div style="margin-top:4px;color:#333;font-size:10px">{credit}</div>')
    # Folded, the legend is its title: the page folds it on narrow maps and whenever a popup opens.
    return (
        '<div style="background:#ffffff;color:#000000;border:1px solid #333;padding:4px 8px;'
        'font:12px/1.35 Arial, sans-serif;max-width:250px"><details open>'
        f'<summary style="font-weight:bold;cursor:pointer" title="{t("Fold or unfold the legend", data.lang)}">'
        f"{text_html(map_title(data))}</summary>" + "".join(rows) + "</details></div>"
    )
