"""Departments under a state of emergency or curfew, outlined in dashes, their decrees in the popup."""

from typing import TYPE_CHECKING, Any

from geo.analysis.decrees import WHOLE_DEPARTMENT
from geo.i18n import N_, t
from geo.map.base import Built, Layer
from geo.map.popups import text_html
from geo.map.regions import RegionLayer, region_shapes

if TYPE_CHECKING:
    from geo.map.input import MapInput


def build(data: "MapInput", inline: bool) -> Built | None:
    """The outlines of the departments under emergency in the period (none: nothing to draw)."""
    if data.emergency.empty:
        return None
    said = t("state of emergency or curfew", data.lang)
    scopes = {WHOLE_DEPARTMENT: t(WHOLE_DEPARTMENT, data.lang)}
    popups = {
        r.code: f"<b>{text_html(r.name)}</b>: {said} ({text_html(scopes.get(str(r.scope), r.scope))})<br>"
        + "<br>".join(text_html(line) for line in str(r.decrees).split("\n"))
        for r in data.emergency.itertuples()
    }
    shapes = region_shapes("department", data.departments, inline, data.static_url)
    payload = {"style": "outline", "shapes": shapes, "popups": popups}
    return Built(RegionLayer(payload, name=t("State of emergency / curfew", data.lang)))


def legend(data: "MapInput", facts: Any) -> list[str]:
    """A dashed line: the outline's meaning."""
    if not data.toggles.emergency or data.emergency.empty:
        return []
    return [
        '<div style="margin-top:3px"><span style="display:inline-block;width:22px;'
        'border-top:2.5px dashed #000;vertical-align:middle;margin-right:5px"></span>'
        f"{t('state of emergency / curfew in force', data.lang)}</div>"
    ]


LAYER = Layer("emergency", N_("State of emergency / curfew"), True, build, legend, draw_order=1)
