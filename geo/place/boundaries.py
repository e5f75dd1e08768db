"""Peru's departments, provinces and districts (INEI ubigeo codes) as GeoDataFrames.

The full-detail layers are the 2025 reference files themselves (1,891 districts nesting exactly in
196 provinces and 25 departments); the map copies are their simplified derivatives.
"""

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import settings
from geo.errors import ArgumentError
from geo.io import reference
from geo.names import normalize_name


def check_level(level: str) -> str:
    """Return ``level`` if it is one of :data:`settings.LEVELS`, else raise :class:`ArgumentError`."""
    if level not in settings.LEVELS:
        raise ArgumentError(f"level must be one of {', '.join(settings.LEVELS)}, not '{level}'")
    return level


def load_regions(level: str, detail: str = "full") -> gpd.GeoDataFrame:
    """The regions of ``level``, one row per INEI code, ordered by code.

    Parameters
    ----------
    level : {"department", "province", "district"}
    detail : {"full", "map"}
        ``"full"`` keeps the reference geometry for point-in-polygon joins; ``"map"`` is the
        simplified copy made by ``scripts/build_data.py`` for drawing.

    Returns
    -------
    GeoDataFrame
        Columns ``code``, ``name`` (with accents: "Víctor Fajardo") and, below department level,
        ``department_code`` (and ``province_code`` for districts); departments also carry
        ``population`` (2017 census).
    """
    check_level(level)
    return reference.regions(level, detail).copy()


@reference.memo
def _read_attributes(level: str) -> pd.DataFrame:
    return pd.DataFrame(reference.regions(level, "full").drop(columns="geometry"))


def region_attributes(level: str) -> pd.DataFrame:
    """The regions of ``level`` without their geometry (code, name, parent codes, population).

    Cheap to call on every page rerun, unlike :func:`load_regions`, which copies the polygons.
    """
    return _read_attributes(check_level(level)).copy()


def region_names(level: str) -> pd.Series:
    """Display name of every region of ``level``, indexed by code (shared: do not modify)."""
    return _names(check_level(level))


@reference.memo
def _names(level: str) -> pd.Series:
    regions = _read_attributes(level)
    return pd.Series(regions["name"].to_numpy(), index=regions["code"].to_numpy(), name="name")


def department_codes_by_name() -> dict[str, str]:
    """Map of normalised department name (``"APURIMAC"``, or a spelling such as ``"CUZCO"`` from
    :data:`settings.DEPARTMENT_ALIASES`) to its two-digit code."""
    departments = _read_attributes("department")
    codes = {normalize_name(n): c for n, c in zip(departments["name"], departments["code"])}
    return codes | {alias: codes[name] for alias, name in settings.DEPARTMENT_ALIASES.items()}


def province_codes_by_name() -> dict[tuple[str, str], str]:
    """Map of (department code, normalised province name) to the province's four-digit code."""
    provinces = _read_attributes("province")
    return {
        (d, normalize_name(n)): c for d, n, c in zip(provinces["department_code"], provinces["name"], provinces["code"])
    }


@reference.memo
def _outline() -> tuple[shapely.Geometry, shapely.Geometry]:
    """Peru's land (the union of its departments) and the area near it (the land with its lakes
    filled, widened by :data:`settings.PERU_MARGIN_DEGREES`), both prepared."""
    land = shapely.union_all(reference.regions("department", "full").geometry.values)
    filled = shapely.union_all([shapely.Polygon(part.exterior) for part in shapely.get_parts(land)])
    near = shapely.buffer(shapely.simplify(filled, 0.01), settings.PERU_MARGIN_DEGREES)
    shapely.prepare(land)
    shapely.prepare(near)
    return land, near


def near_peru(longitude: np.ndarray, latitude: np.ndarray) -> np.ndarray:
    """Whether each point is on Peru's land, in one of its lakes, or within
    :data:`settings.PERU_MARGIN_DEGREES` of its coast or border (0.2 s for a million points); NaN
    is not. A cheap test against Peru's bounds first, the outline only for the points inside them."""
    longitude, latitude = np.asarray(longitude, float), np.asarray(latitude, float)
    (south, west), (north, east) = settings.PERU_BOUNDS
    margin = settings.PERU_MARGIN_DEGREES
    near = (
        (latitude >= south - margin)
        & (latitude <= north + margin)
        & (longitude >= west - margin)
        & (longitude <= east + margin)
    )
    near[near] = shapely.contains_xy(_outline()[1], longitude[near], latitude[near])
    return near


def on_land(longitude: np.ndarray, latitude: np.ndarray) -> np.ndarray:
    """Whether each point lies inside one of Peru's districts (not in a lake, at sea or abroad)."""
    return shapely.contains_xy(_outline()[0], np.asarray(longitude, float), np.asarray(latitude, float))
