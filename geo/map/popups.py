"""Popup and tooltip HTML from data: every text escaped for where it lands.

Popups are HTML built here and set as ``innerHTML`` in the browser; folium writes some into
JavaScript template literals, so text is escaped for HTML and for those literals alike
(:func:`text_html`). Tooltips are set as text in the browser and need no escaping.
"""

import html
from datetime import date
from typing import cast

import pandas as pd

from geo import settings
from geo.analysis.deaths import describe, kind_columns
from geo.analysis.mines import NAMED_IN_ROW, commodity_words
from geo.i18n import count, day, number, t, type_label
from geo.place.boundaries import region_names
from geo.place.gazetteer import position_note

# Folium writes popup and tooltip HTML into JavaScript template literals, where a backtick, "${"
# or a backslash would be code: they are written as HTML character references instead.
_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def text_html(value: object) -> str:
    """Text from a data file made safe for HTML inside a folium popup or tooltip."""
    return html.escape(str(value), quote=True).translate(_TEMPLATE_LITERAL)


def link_html(url: str) -> str:
    """A source as a link opening in a new tab when it is a web address, else as escaped text."""
    if url.startswith(("http://", "https://")):
        safe = text_html(url)
        shown = url if len(url) <= 60 else url[:59] + "…"
        return f'<a href="{safe}" target="_blank" rel="noopener">{text_html(shown)}</a>'
    return text_html(url)


def _position(event, lang: str) -> str:
    district = region_names("district").get(getattr(event, "district_code", ""), "")
    return position_note(getattr(event, "placed_at", ""), event.geo_precision, district, lang)


def deaths_html(fatalities: int, kind: str, lang: str = "en") -> str:
    """``"<b>6</b> (soldiers)"``: the number of deaths and, when known, who died."""
    label = (fatalities == 1 and settings.FATALITY_KIND_ONE.get(kind)) or settings.FATALITY_KIND_SHORT.get(kind, "")
    shown = f" ({text_html(t(label, lang))})" if fatalities and label else ""
    return f"<b>{number(int(fatalities), lang)}</b>{shown}"


def event_popup_html(event, lang: str = "en") -> str:
    """Popup of one event: date, place and how well it is known, type, deaths by kind, the mine
    it is about, notes and source link, in ``lang`` (types with their Spanish label). Every text
    is escaped."""
    injured = "" if pd.isna(event.injured) else t("; injured: {n}", lang, n=number(int(event.injured), lang))
    place = ", ".join(p for p in (event.location, event.admin2, event.admin1) if p)
    note = _position(event, lang)
    where = f"<br><i>{text_html(note)}</i>" if note else ""
    mine = ""
    if getattr(event, "mine_basis", "") == NAMED_IN_ROW:
        mine = t("About: {mine} (named in the row)", lang, mine=f"<b>{text_html(event.mine_name)}</b>") + "<br>"
    deaths = deaths_html(event.fatalities, getattr(event, "fatality_kind", ""), lang)
    kinds = " / ".join(type_label(k, lang) for k in (event.event_type, event.sub_event_type) if k)
    return (
        f"<b>{day(event.event_date, lang)}</b> — {text_html(place)}{where}<br>{text_html(kinds)}<br>"
        f"{t('Fatalities: ', lang)}{deaths}{injured}<br>{mine}"
        f"<small>{text_html(event.notes)}</small><br>{t('Source:', lang)} "
        f"{link_html(event.source) if event.source.strip() else '<i>' + t('not given', lang) + '</i>'}"
    )


def mine_popup_html(mine, radius_km: float, lang: str = "en") -> str:
    """Popup of one mine: operator, commodity, status, and under the current filter the events
    about it (rows naming it) apart from the events within the radius, with deaths by kind."""
    status = t("Contested project (not producing in 2022–23)", lang) if mine.is_project else t("Producing mine", lang)
    links = " ".join(link_html(u) for u in mine.source_url.split(";")[:2] if u)
    kinds = {k: int(getattr(mine, k)) for k in kind_columns(mine._fields)}
    near_deaths = f" ({text_html(describe(kinds, lang))})" if mine.fatalities else ""

    def bold(n: int) -> str:
        return f"<b>{number(n, lang)}</b>"

    def counts(events: int, deaths: int) -> str:
        return (
            f"{count(events, '1 event', '{n} events', lang, bold(events))}, "
            f"{count(deaths, '1 fatality', '{n} fatalities', lang, bold(deaths))}"
        )

    return (
        f"<b>{text_html(mine.name)}</b> — {text_html(mine.department)}<br>{status}<br>"
        f"{text_html(mine.operator)}; {text_html(commodity_words(mine.commodity, lang))}<br>"
        f"{t('About this mine (rows naming it):', lang)} {counts(mine.named_events, mine.named_fatalities)}<br>"
        f"{t('Within {km} km (any subject):', lang, km=number(radius_km, lang))} "
        f"{counts(mine.events, mine.fatalities)}{near_deaths}"
        f"<br><small>{t('Source:', lang)} {links}</small>"
    )


def roadblock_popup_html(reports: pd.DataFrame, lang: str = "en") -> str:
    """Popup of a department's aggregate roadblock reports: each day, its note and its source
    link (a source that is not an http(s) address is shown as text). Every text is escaped."""
    source = t("Source:", lang)
    return "<br>".join(
        f"<b>{day(cast(date, r.event_date), lang)}</b>: {text_html(r.notes)} <small>{source} "
        f"{link_html(str(r.source)) if str(r.source).strip() else '<i>' + t('not given', lang) + '</i>'}</small>"
        for r in reports.itertuples()
    )
