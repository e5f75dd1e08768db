"""The rules a map and a report map share, written once: which metrics a level offers, the
choropleth's title, the values it colours and its classes (fixed over a longer period or not)."""

from typing import TYPE_CHECKING

import pandas as pd

from geo import settings
from geo.errors import ArgumentError
from geo.i18n import level_word, t
from geo.map.classify import Classes, classify

if TYPE_CHECKING:
    from geo.map.input import MapInput


def metrics_for_level(level: str) -> list[str]:
    """The choropleth metrics offered at ``level``: the rate per 100,000 needs population, which is
    bundled for departments only."""
    return [m for m in settings.METRICS if level == "department" or m != settings.RATE_METRIC]


def check_metric_name(metric: str) -> None:
    """Refuse a metric that is not one of :data:`settings.METRICS`."""
    if metric not in settings.METRICS:
        raise ArgumentError.said(
            "metric must be one of {choices}, not '{value}'", choices=", ".join(settings.METRICS), value=metric
        )


def check_metric(metric: str, level: str) -> None:
    """Refuse a metric unknown or not offered at ``level`` (:func:`metrics_for_level`)."""
    check_metric_name(metric)
    if metric not in metrics_for_level(level):
        raise ArgumentError.said("events per 100,000 inhabitants exist only at department level")


def map_title(data: "MapInput") -> str:
    """ "Events by department": the choropleth's name and the legend's title."""
    return t(
        "{metric} by {level}",
        data.lang,
        metric=t(settings.METRICS[data.metric], data.lang),
        level=level_word(data.level, data.lang),
    )


def is_integer(metric: str) -> bool:
    """Counts are whole numbers; the rate per 100,000 has decimals."""
    return metric != settings.RATE_METRIC


def region_values(data: "MapInput") -> pd.Series:
    """The value of the map's metric per region code (unassigned events left out, missing as 0)."""
    check_metric(data.metric, data.level)
    by_code = data.counts.set_index("code")
    by_code = by_code[by_code.index != settings.UNASSIGNED]
    return by_code[data.metric].astype(float).fillna(0.0)


def choropleth_classes(data: "MapInput") -> Classes:
    """The choropleth's classes: from the values shown, or with ``data.class_values`` (the same
    filter over a longer period) from the larger of the two per region, so maps of different
    periods share their colours and every shown value still falls in a class."""
    value = region_values(data)
    integer = is_integer(data.metric)
    if data.class_values is None:
        return classify(value, integer=integer, lang=data.lang)
    fixed = data.class_values.drop(settings.UNASSIGNED, errors="ignore").astype(float)
    return classify(pd.concat([fixed, value]).groupby(level=0).max(), integer=integer, lang=data.lang)
