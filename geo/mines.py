"""Big mines and contested projects, and the events near each of them.

Distances are geodesic (WGS84 ellipsoid, pyproj). To stay fast at a million events, great-circle
distances on a sphere first pick the nearest mine and the candidates near the radius; only those
get the exact geodesic distance.
"""

from functools import lru_cache

import numpy as np
import pandas as pd
from pyproj import Geod

from . import settings
from .errors import ArgumentError

_GEOD = Geod(ellps="WGS84")
_EARTH_RADIUS_KM = 6371.0088
# Sphere vs ellipsoid differ by under 0.6 %; candidates within this factor of the radius are
# checked exactly, so no event inside the radius is missed.
_CANDIDATE_FACTOR = 1.01


@lru_cache(maxsize=1)
def _read_mines() -> pd.DataFrame:
    mines = pd.read_csv(settings.MINES_FILE, dtype=str, keep_default_na=False)
    mines["latitude"] = pd.to_numeric(mines["latitude"].replace("", np.nan))
    mines["longitude"] = pd.to_numeric(mines["longitude"].replace("", np.nan))
    mines["is_project"] = mines["rank_note"].str.lower().str.startswith(settings.PROJECT_PREFIX)
    mines["has_location"] = mines["latitude"].notna() & mines["longitude"].notna()
    return mines


def load_mines() -> pd.DataFrame:
    """All mines of ``data/reference/mines.csv`` in file order.

    Adds ``is_project`` (contested project, not a producing mine) and ``has_location``; mines
    without coordinates stay in the table (shown as "location not available"), never on the map.
    """
    return _read_mines().copy()


def check_radius(radius_km: float) -> float:
    """Return ``radius_km`` if it is a usable radius, else raise :class:`ArgumentError`."""
    if not (0 < radius_km <= settings.MAX_RADIUS_KM):
        raise ArgumentError(f"the mine radius must be between 0 and {settings.MAX_RADIUS_KM:g} km, "
                            f"not {radius_km:g}")
    return radius_km


def _sphere_km(lat: np.ndarray, lon: np.ndarray, mine_lat: np.ndarray, mine_lon: np.ndarray) -> np.ndarray:
    """Great-circle distances, events x mines, in km (haversine)."""
    phi1, phi2 = np.radians(lat)[:, None], np.radians(mine_lat)[None, :]
    dphi = phi2 - phi1
    dlmb = np.radians(mine_lon)[None, :] - np.radians(lon)[:, None]
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def geodesic_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Geodesic distance in km on the WGS84 ellipsoid between paired points (arrays or scalars)."""
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lat1, lon1, lat2, lon2)))
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return np.asarray(metres) / 1000.0


def _mappable(events: pd.DataFrame) -> np.ndarray:
    """Events whose position is known well enough to measure distances (not region centroids)."""
    return (events["latitude"].notna() & events["longitude"].notna()
            & (events["geo_precision"] < settings.GEO_PRECISION_REGION)).to_numpy()


def nearest_mine(events: pd.DataFrame, mines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each event's nearest located mine and the geodesic distance to it.

    Returns
    -------
    DataFrame
        ``nearest_mine`` (name, "" when the event's position is not known) and
        ``nearest_mine_km`` (NaN then), aligned with ``events``.
    """
    mines = load_mines() if mines is None else mines
    located = mines[mines["has_location"]]
    names = np.full(len(events), "", dtype=object)
    km = np.full(len(events), np.nan)
    usable = _mappable(events)
    if usable.any() and len(located):
        lat = events["latitude"].to_numpy(float)[usable]
        lon = events["longitude"].to_numpy(float)[usable]
        mine_lat, mine_lon = located["latitude"].to_numpy(float), located["longitude"].to_numpy(float)
        best = _sphere_km(lat, lon, mine_lat, mine_lon).argmin(axis=1)
        names[usable] = located["name"].to_numpy()[best]
        km[usable] = geodesic_km(lat, lon, mine_lat[best], mine_lon[best])
    return pd.DataFrame({"nearest_mine": names, "nearest_mine_km": km}, index=events.index)


def within_radius(events: pd.DataFrame, mines: pd.DataFrame, radius_km: float) -> np.ndarray:
    """Boolean matrix events x located mines: is the event within ``radius_km`` of the mine?

    Events at a region centroid (``geo_precision`` 3) or without coordinates are never near a mine.
    """
    check_radius(radius_km)
    located = mines[mines["has_location"]]
    inside = np.zeros((len(events), len(located)), dtype=bool)
    usable = np.flatnonzero(_mappable(events))
    if len(usable) == 0 or len(located) == 0:
        return inside
    lat = events["latitude"].to_numpy(float)[usable]
    lon = events["longitude"].to_numpy(float)[usable]
    mine_lat, mine_lon = located["latitude"].to_numpy(float), located["longitude"].to_numpy(float)
    rows, cols = np.nonzero(_sphere_km(lat, lon, mine_lat, mine_lon) <= radius_km * _CANDIDATE_FACTOR)
    exact = geodesic_km(lat[rows], lon[rows], mine_lat[cols], mine_lon[cols]) <= radius_km
    inside[usable[rows[exact]], cols[exact]] = True
    return inside


def mine_counts(events: pd.DataFrame, radius_km: float = settings.DEFAULT_RADIUS_KM,
                mask: np.ndarray | None = None, mines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events and fatalities within ``radius_km`` of every mine, for the filtered events.

    Returns
    -------
    DataFrame
        Every mine (file order) with ``events`` and ``fatalities``; both are ``<NA>`` for a mine
        without coordinates, whose ``location`` reads "location not available".
    """
    return mines_near_events(events, radius_km, mask, mines)[0]


def near_any_mine(events: pd.DataFrame, radius_km: float, mask: np.ndarray | None = None,
                  mines: pd.DataFrame | None = None) -> int:
    """Number of filtered events within ``radius_km`` of at least one mine (each counted once)."""
    return mines_near_events(events, radius_km, mask, mines)[1]


def mines_near_events(events: pd.DataFrame, radius_km: float, mask: np.ndarray | None = None,
                      mines: pd.DataFrame | None = None) -> tuple[pd.DataFrame, int]:
    """Both :func:`mine_counts` and :func:`near_any_mine` from a single distance computation."""
    mines = load_mines() if mines is None else mines
    selected = events if mask is None else events[mask]
    inside = within_radius(selected, mines, radius_km)
    fatalities = selected["fatalities"].to_numpy()
    table = mines.copy()
    table["events"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table["fatalities"] = pd.array([pd.NA] * len(table), dtype="Int64")
    located = table.index[table["has_location"]]
    table.loc[located, "events"] = inside.sum(axis=0)
    table.loc[located, "fatalities"] = fatalities @ inside if len(selected) else 0
    table["location"] = np.where(table["has_location"], "", settings.NO_LOCATION)
    return table, int(inside.any(axis=1).sum())
