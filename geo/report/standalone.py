"""The interactive map as one HTML file: the same layers, legend and popups as the page, with
Leaflet, the region shapes and the events written into it, so that it opens from disk with no
server and no internet (``python -m geo render --out map.html``, or the page's "Map HTML")."""

import html
from dataclasses import replace
from pathlib import Path

from branca.element import Figure

from geo import settings
from geo.analysis.aggregate import EventFilter, period_label
from geo.analysis.dataset import Bundle, make_view
from geo.i18n import language, t
from geo.map.layers import MapInput, build_map, map_input
from geo.map.offline import inline_assets
from geo.place.boundaries import region_names
from geo.place.search import region_bounds
from geo.report.exports import describe_filter


def standalone_html(data: MapInput, title: str) -> str:
    """The page of ``data``'s map, every file it needs inside it; ``title`` names the browser tab.
    A map focused on a department opens fitted to it."""
    fit = data.fit or (region_bounds(data.focus) if data.focus else None)
    folium_map = build_map(replace(data, static_url=settings.STATIC_URL, fit=fit))
    inline_assets(folium_map, settings.STATIC_URL)
    root = folium_map.get_root()
    assert isinstance(root, Figure), "a folium.Map's root is a Figure"
    root.title = html.escape(title)
    page = root.render()
    # The page says its language (screen readers, hyphenation, a browser's offer to translate).
    return page.replace("<html>", f'<html lang="{language(data.lang)}">', 1)


def write_html(
    bundle: Bundle,
    out: str | Path,
    event_filter: EventFilter,
    level: str,
    metric: str,
    region: str | None = None,
    radius_km: float = settings.DEFAULT_RADIUS_KM,
    lang: str = "en",
) -> Path:
    """Write the map of ``bundle`` under ``event_filter`` (checked by :func:`render.report_filter`)
    to ``out`` as one HTML file, its words in ``lang``; returns its path."""
    view = make_view(bundle, event_filter, level, radius_km, lang)
    period = period_label(event_filter.start, event_filter.end, lang)
    where = region_names("department")[region] if region else t("Peru", lang)
    title = describe_filter(
        period, event_filter.event_types, where, bundle.source_label(lang), tuple(bundle.event_types), lang
    )
    page = standalone_html(map_input(view, level, metric, radius_km, period, focus=region, lang=lang), title)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
