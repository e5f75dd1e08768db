"""What one map shows (:class:`MapInput`), made from a view of the data: the one input of the
page's map, the map saved as one HTML file and the report map (:mod:`geo.report.render`)."""

from dataclasses import dataclass, field, replace
from typing import Any

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.analysis.aggregate import EventFilter, period_label
from geo.analysis.dataset import Bundle, View, make_view
from geo.map.registry import LayerToggles
from geo.place.boundaries import load_regions


@dataclass
class MapInput:
    """Everything one map shows, already filtered and aggregated by the caller."""

    level: str
    metric: str
    regions: gpd.GeoDataFrame  # map-detail regions of ``level``
    counts: pd.DataFrame  # aggregate.region_counts for the filter
    events: pd.DataFrame  # filtered events (View.map_events: only the cells' columns above MAX_POINTS)
    mines: pd.DataFrame  # mines.mine_counts for the filter
    radius_km: float
    emergency: pd.DataFrame  # decrees.departments_under_emergency
    departments: gpd.GeoDataFrame  # map-detail departments (emergency and roadblock layers)
    roadblocks: pd.DataFrame = field(default_factory=pd.DataFrame)
    period: str = ""  # e.g. "7 Dec 2022 – 21 Mar 2023", printed in the legend
    toggles: LayerToggles = field(default_factory=LayerToggles)
    # Classes drawn from these region values (code -> value of ``metric``) instead of the shown
    # ones, so maps of different periods share their colours; ``classes_period`` names them
    # (:func:`fixed_classes`; the rule itself: geo.map.rules.choropleth_classes).
    class_values: pd.Series | None = None
    classes_period: str = ""
    focus: str | None = None  # a department's code: only its regions are drawn (counts hold only them)
    fit: tuple[tuple[float, float], tuple[float, float]] | None = None  # bounds to fit once, on this draw
    static_url: str = settings.STATIC_URL  # where the browser finds static/ (offline.static_url)
    lang: str = "en"  # the language of the legend, popups and tooltips (geo.i18n.LANGUAGES)
    # The page's name for this map (its session and its map): a map made anew under the same name,
    # as when the page's language changes, opens where the user left the last one.
    view_scope: str = ""


def map_input(
    view: View,
    level: str,
    metric: str,
    radius_km: float,
    period: str,
    regions: gpd.GeoDataFrame | None = None,
    departments: gpd.GeoDataFrame | None = None,
    **options: Any,
) -> MapInput:
    """What a :class:`geo.analysis.dataset.View` puts on the map; ``regions``/``departments``
    default to the map-detail shapes, ``options`` are MapInput's other fields (toggles, focus,
    classes...)."""
    return MapInput(
        level=level,
        metric=metric,
        regions=load_regions(level, "map") if regions is None else regions,
        counts=view.counts,
        events=view.map_events,
        mines=view.mines,
        radius_km=radius_km,
        emergency=view.emergency,
        roadblocks=view.roadblocks,
        period=period,
        departments=load_regions("department", "map") if departments is None else departments,
        **options,
    )


def fixed_classes(
    bundle: Bundle,
    event_filter: EventFilter,
    level: str,
    metric: str,
    radius_km: float = settings.DEFAULT_RADIUS_KM,
    lang: str = "en",
) -> dict[str, Any]:
    """The page's "same colour classes for every period": ``class_values`` and ``classes_period``
    of a :class:`MapInput` (pass them as ``**options``), the same filter over the whole file's dates."""
    whole = replace(event_filter, start=bundle.first_day, end=bundle.last_day)
    values = make_view(bundle, whole, level, radius_km).counts.set_index("code")[metric]
    return {"class_values": values, "classes_period": period_label(whole.start, whole.end, lang)}
