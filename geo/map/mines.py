"""The located mines: a diamond per mine above a dotted ring of the chosen radius."""

from typing import TYPE_CHECKING, Any

from geo.i18n import N_, number, t
from geo.map.base import Built, Layer, PayloadLayer
from geo.map.popups import mine_popup_html
from geo.map.symbols import mine_symbol_html

if TYPE_CHECKING:
    from geo.map.input import MapInput


class MineLayer(PayloadLayer):
    """The located mines as one layer built in the browser from one JSON payload: a diamond
    marker (black: producing mine, white: contested project) above a dotted ring of the radius
    (dots, where the emergency outlines are dashes).
    Tooltips are set as text; popups are HTML escaped in Python (:func:`geo.map.popups.mine_popup_html`).
    A click reaches the page as a feature whose ``properties.mine`` is the mine's name
    (:func:`geo.map.layers.clicked_mine`)."""

    _script = "mines"


def build(data: "MapInput", inline: bool) -> Built:
    """The mines that have a location, each with its popup."""
    lang = data.lang
    kind = {True: t("project", lang), False: t("mine", lang)}
    rows = [
        [
            mine.latitude,
            mine.longitude,
            int(bool(mine.is_project)),
            f"{mine.name} ({kind[bool(mine.is_project)]})",
            mine_popup_html(mine, data.radius_km, lang),
            mine.name,
        ]
        for mine in data.mines[data.mines["has_location"]].itertuples(index=False)
    ]
    payload = {
        "rows": rows,
        "radius_m": data.radius_km * 1000,
        "icons": [mine_symbol_html(False), mine_symbol_html(True)],
    }
    return Built(MineLayer(payload, name=t("Mines and {km} km rings", lang, km=number(data.radius_km, lang))))


def legend(data: "MapInput", facts: Any) -> list[str]:
    """The two diamonds and the ring."""
    if not data.toggles.mines:
        return []
    lang = data.lang
    return [
        f'<div style="margin-top:5px;font-weight:bold">{t("Mines", lang)}</div>',
        f'<div style="display:flex;align-items:center;gap:6px">{mine_symbol_html(False)} '
        f"{t('producing mine', lang)} &nbsp;{mine_symbol_html(True)} {t('project', lang)}</div>",
        '<div><span style="display:inline-block;width:22px;border-top:2.5px dotted #111;'
        'vertical-align:middle;margin-right:5px"></span>'
        f"{t('{km} km around a mine', lang, km=number(data.radius_km, lang))}</div>",
    ]


LAYER = Layer("mines", N_("Mines and radius rings"), True, build, legend, draw_order=3)
