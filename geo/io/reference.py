"""The reference data, read in one place and kept once per process: the INEI boundaries, the
2017 census population, the gazetteer of towns, the mines, the published death tolls, the decrees
and the aggregate roadblock reports (data/README.md says where each comes from).

Everything read here, and everything derived from it with :func:`memo` (a spatial index, the
gazetteer by name, Peru's outline), lives in one store that :func:`clear` empties: the data build
(scripts/build_data.py) calls it after rewriting the derived files, and a test after changing them.
The frames handed out are shared: callers that change one take a copy.

Kept because it measures (a fresh process on the development machine): the full-detail districts
take 1.2 s to read, provinces 0.5 s, Peru's outline 1.1 s to build; the CSV files 12-38 ms each,
kept too, so that a page rerun reads no file; a second call costs microseconds.
"""

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import settings

P = ParamSpec("P")
T = TypeVar("T")

_store: dict[tuple, Any] = {}
_lock = threading.RLock()  # one reader at a time (the boundaries are not read twice at start-up); re-entered

# The reference files' property names, renamed to the project's.
REGION_COLUMNS = {
    "department": {"ubigeo": "code", "departamento": "name"},
    "province": {"ubigeo": "code", "provincia": "name", "ubigeo_dep": "department_code"},
    "district": {"ubigeo": "code", "distrito": "name", "ubigeo_prov": "province_code", "ubigeo_dep": "department_code"},
}
PLACES_FILE = settings.DERIVED_DIR / "places.csv"


def memo(function: Callable[P, T]) -> Callable[P, T]:
    """Keep ``function``'s result for each of its arguments in the reference store (emptied by
    :func:`clear`): for what is read from, or built from, the reference data."""

    @wraps(function)
    def kept(*args: P.args, **kwargs: P.kwargs) -> T:
        key = (function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items())))
        if key in _store:
            return _store[key]
        with _lock:
            if key not in _store:
                _store[key] = function(*args, **kwargs)
            return _store[key]

    return kept


def clear() -> None:
    """Forget everything read or built from the reference data (the next use reads it again)."""
    with _lock:
        _store.clear()


@memo
def regions(level: str, detail: str = "full") -> gpd.GeoDataFrame:
    """The regions of ``level`` as the boundary file holds them, renamed to the project's columns
    (``code``, ``name``, parent codes as text), departments with their ``population``, by code.
    Shared: :func:`geo.place.boundaries.load_regions` hands out copies."""
    frame = gpd.read_file(settings.regions_file(level, detail))
    if detail == "full":
        columns = REGION_COLUMNS[level]
        frame = frame.rename(columns=columns)[[*columns.values(), "geometry"]]
    for column in ("code", "department_code", "province_code"):
        if column in frame:
            frame[column] = frame[column].astype(str)
    if level == "department":
        frame["population"] = frame["code"].map(population()).astype("Int64")
    return frame.sort_values("code").reset_index(drop=True)


@memo
def population() -> pd.Series:
    """The 2017 census population of each department, indexed by its code."""
    table = pd.read_csv(settings.POPULATION_FILE, dtype={"ubigeo": str})
    return table.set_index("ubigeo")["population_2017_census"]


@memo
def places() -> pd.DataFrame:
    """The gazetteer (data/derived/places.csv): name, kind (capital or district), department and
    province codes, latitude, longitude."""
    return pd.read_csv(PLACES_FILE, dtype={"department_code": str, "province_code": str})


@memo
def mines() -> pd.DataFrame:
    """data/reference/mines.csv in file order, with ``is_project`` (a contested project, not a
    producing mine) and ``has_location``; coordinates as numbers (NaN when not known)."""
    table = pd.read_csv(settings.MINES_FILE, dtype=str, keep_default_na=False)
    table["latitude"] = pd.to_numeric(table["latitude"].replace("", np.nan))
    table["longitude"] = pd.to_numeric(table["longitude"].replace("", np.nan))
    table["is_project"] = table["rank_note"].str.lower().str.startswith(settings.PROJECT_PREFIX)
    table["has_location"] = table["latitude"].notna() & table["longitude"].notna()
    return table


@memo
def tolls() -> pd.DataFrame:
    """The published death tolls, oldest first, ``as_of`` a date and ``total`` a number."""
    table = pd.read_csv(settings.TOLLS_FILE, dtype=str, keep_default_na=False)
    table["as_of"] = pd.to_datetime(table["as_of"], format="%Y-%m-%d")
    table["total"] = table["total"].astype(int)
    return table.sort_values("as_of").reset_index(drop=True)


def _dated(path: str, date_columns: tuple[str, ...]) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in date_columns:
        table[column] = pd.to_datetime(table[column], format="%Y-%m-%d")
    return table


@memo
def decrees() -> pd.DataFrame:
    """The bundled decrees (data/derived/decrees.csv) with their dates read."""
    return _dated(str(settings.BUNDLED_DECREES), ("event_date", "in_force_from", "in_force_to"))


@memo
def roadblock_counts() -> pd.DataFrame:
    """The bundled aggregate roadblock reports (data/derived/roadblock_counts.csv), dates read."""
    return _dated(str(settings.BUNDLED_ROADBLOCK_COUNTS), ("event_date",))
