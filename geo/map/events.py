"""The filtered events with a known position: one dot each, or cells grouping them when too many."""

from functools import partial
from typing import TYPE_CHECKING, Any

from geo import settings
from geo.analysis.points import EventPayload, event_payload, marker_px
from geo.i18n import N_, count, number, t
from geo.map.base import Built, Layer, PayloadLayer
from geo.map.popups import event_popup_html, text_html
from geo.map.symbols import dot_html, symbol_row

if TYPE_CHECKING:
    from geo.map.input import MapInput


class EventLayer(PayloadLayer):
    """All drawn events as one layer built in the browser from one JSON payload (geo/analysis/points.py).

    Each event is an ``L.circleMarker``: its tooltip is set as text, its popup from HTML escaped
    in Python; in "cells" mode each cell is one circle with its count. Nothing from the events
    file is ever written into the script as code (``geo/map/js/events.js``).
    """

    default_name = "Events"
    _script = "events"


def build(data: "MapInput", inline: bool) -> Built:
    """The events layer, its facts the :class:`EventPayload` drawn (the legend describes it)."""
    lang = data.lang
    payload = event_payload(data.events, partial(event_popup_html, lang=lang), lang)
    name = (
        t("Events", lang)
        if payload.mode == "events"
        else t("Events in {degrees}° cells", lang, degrees=number(payload.cell_degrees or 0, lang))
    )
    degrees = number(payload.cell_degrees or 0, lang)
    words = {
        "event": t("1 event", lang),
        "events": t("{n} events", lang),
        "death": t("1 death", lang),
        "deaths": t("{n} deaths", lang),
        "fatalities": t("Fatalities: ", lang),
        "notes": t("Notes and source: in the events table below.", lang),
        "here": t("{n} events here, {deaths}", lang),
        "deadliest": t(" (deadliest first):", lang),
        "cell": t(" in this {degrees}° cell; the tables below list every event", lang, degrees=degrees),
    }
    return Built(EventLayer({**payload.data, "words": words}, name=name), payload)


def _one_by_one(lang: str, drawn: EventPayload) -> list[str]:
    """Legend rows of events drawn one by one: places holding several, sizes, how well placed."""
    rows = []
    if drawn.data.get("groups"):
        badge = '<span style="font:bold 10px sans-serif;border:1px solid #111;border-radius:7px;padding:0 3px">3</span>'
        rows.append(symbol_row(badge, t("events at one place: click for the list", lang)))
    sizes = " ".join(
        f'<span style="display:inline-block;vertical-align:middle">{dot_html("#bbbbbb", int(marker_px(f)))}</span> {f}'
        for f in (0, 1, 10)
    )
    rows.append(f"<div>{t('Size = fatalities:', lang)} {sizes}</div>")
    rows.append(symbol_row(dot_html("#bbbbbb", 11, settings.PLACED_AT_TOWN), t("placed at the town", lang)))
    rows.append(symbol_row(dot_html("#888888", 12, settings.PLACED_AT_DISTRICT), t("somewhere in the district", lang)))
    return rows


def _in_cells(lang: str, drawn: EventPayload) -> list[str]:
    """The legend's note on events grouped in cells."""
    said = t(
        "{events} events, too many to draw one by one, grouped in {cells} cells of {degrees}°: "
        "circle area = events, colour = the most frequent type",
        lang,
        events=number(drawn.drawn_events, lang),
        cells=number(drawn.rows, lang),
        degrees=number(drawn.cell_degrees or 0, lang),
    )
    return ["<div><i>" + said + "</i></div>"]


def legend(data: "MapInput", drawn: Any) -> list[str]:
    """The types' colours, then how the events are drawn, and how many are not."""
    if not isinstance(drawn, EventPayload):
        return []
    lang = data.lang
    rows = [f'<div style="margin-top:5px;font-weight:bold">{t("Events", lang)}</div>']
    for label, colour in zip(drawn.data["type_labels"], drawn.data["colors"]):
        rows.append(symbol_row(dot_html(colour, 11).replace("<div", '<div class="dot"', 1), text_html(label)))
    rows += _one_by_one(lang, drawn) if drawn.mode == "events" else _in_cells(lang, drawn)
    hidden = len(data.events) - drawn.drawn_events
    if hidden:
        said = count(
            hidden,
            "1 event without a precise position is not drawn: it counts in the region it names, or as unassigned",
            "{n} events without a precise position are not drawn: they count in the region they name, or as unassigned",
            lang,
        )
        rows.append("<div><i>" + said + "</i></div>")
    return rows


LAYER = Layer("events", N_("Events"), True, build, legend, draw_order=4)
