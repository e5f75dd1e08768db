"""Aggregate roadblock reports: one box per department holding their number (not counted as events)."""

from typing import TYPE_CHECKING, Any

from geo.i18n import N_, t
from geo.map.base import Built, Layer, PayloadLayer
from geo.map.popups import roadblock_popup_html

if TYPE_CHECKING:
    from geo.map.input import MapInput

_BOX = (
    '<div style="background:#fff;border:1.5px solid #111;font:bold 11px sans-serif;'
    'padding:1px 3px;white-space:nowrap">N</div>'
)


class RoadblockLayer(PayloadLayer):
    """Aggregate roadblock reports, one white box per department at a point inside it, holding
    their number; its popup lists them by day, each with its source. Popups are HTML escaped in
    Python (:func:`geo.map.popups.roadblock_popup_html`), tooltips set as text. A click opens the
    popup and stays in the map (``addOwn``): passed up to the page it would rerun it, and the
    redrawn layer closed the popup at once."""

    _script = "roadblocks"


def build(data: "MapInput", inline: bool) -> Built | None:
    """The departments' boxes (no report in the period: nothing to draw)."""
    reports = data.roadblocks
    if reports.empty:
        return None
    per_department = reports[reports["department_code"] != ""].groupby("department_code")
    points = data.departments.set_index("code").geometry.representative_point()
    lang = data.lang
    rows = [
        [
            points[code].y,
            points[code].x,
            len(found),
            t("1 aggregate roadblock report", lang)
            if len(found) == 1
            else t("{n} aggregate roadblock reports", lang, n=len(found)),
            roadblock_popup_html(found, lang),
        ]
        for code, found in per_department
    ]
    return Built(RoadblockLayer({"rows": rows, "box": _BOX}, name=t("Roadblock reports (aggregate counts)", lang)))


def legend(data: "MapInput", facts: Any) -> list[str]:
    """A box with a number: what it counts."""
    if not data.toggles.roadblocks or data.roadblocks.empty:
        return []
    return [
        '<div style="margin-top:3px"><span style="border:1.5px solid #111;padding:0 3px;'
        'font-weight:bold">2</span> '
        f"{t('aggregate roadblock reports in the department (not counted as events)', data.lang)}</div>"
    ]


LAYER = Layer("roadblocks", N_("Roadblock reports (aggregate counts)"), False, build, legend, draw_order=2)
