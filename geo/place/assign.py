"""Assign every event to its department, province and district, once, at load time."""

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo import settings
from geo.io import reference
from geo.names import normalize_name
from geo.place.boundaries import department_codes_by_name, load_regions, province_codes_by_name

CODE_COLUMNS = {level: f"{level}_code" for level in settings.LEVELS}
_SEVERAL = re.compile(r"\s*[;,]\s*")


@reference.memo
def _region_index(level: str) -> tuple[np.ndarray, shapely.STRtree]:
    """Codes and a spatial index of the full-detail regions of ``level`` that have a geometry,
    in code order; built once per process."""
    regions = load_regions(level, "full")
    regions = regions[regions.geometry.notna()].reset_index(drop=True)
    polygons = regions.geometry.values
    shapely.prepare(polygons)
    return regions["code"].to_numpy(), shapely.STRtree(polygons)


def _region_positions(longitude: np.ndarray, latitude: np.ndarray, level: str) -> np.ndarray:
    """Position (in code order) of the region of ``level`` containing each point, -1 for none.

    Vectorised: an STRtree query by bounding box, then one test per candidate pair against the
    prepared polygons (about 3x faster than the tree's own predicate, which prepares the points
    instead). A point on a border shared by two regions goes to the one with the lower code, so
    the result never depends on file order.
    """
    longitude, latitude = np.asarray(longitude, dtype=float), np.asarray(latitude, dtype=float)
    positions = np.full(len(longitude), -1, dtype=np.int32)
    if len(longitude) == 0:
        return positions
    _, tree = _region_index(level)
    point_idx, region_idx = tree.query(shapely.points(longitude, latitude))
    inside = shapely.intersects_xy(tree.geometries[region_idx], longitude[point_idx], latitude[point_idx])
    point_idx, region_idx = point_idx[inside], region_idx[inside]
    order = np.lexsort((region_idx, point_idx))  # regions are sorted by code: first = lowest
    point_idx, region_idx = point_idx[order], region_idx[order]
    first = np.ones(len(point_idx), dtype=bool)
    first[1:] = point_idx[1:] != point_idx[:-1]
    positions[point_idx[first]] = region_idx[first]
    return positions


def points_in_regions(longitude: np.ndarray, latitude: np.ndarray, level: str) -> np.ndarray:
    """INEI code of the region of ``level`` containing each point, or ``UNASSIGNED``."""
    codes = np.append(_region_index(level)[0], settings.UNASSIGNED).astype(object)
    return codes[_region_positions(longitude, latitude, level)]  # -1 picks UNASSIGNED


def _codes_at(codes: list[str], positions: np.ndarray, index: pd.Index) -> pd.Series:
    """``codes[positions]`` (-1: the last code) as a text column, taken by pyarrow (a million
    rows in 0.04 s, 4x faster than from Python strings)."""
    positions = np.where(positions < 0, len(codes) - 1, positions)
    taken = pa.array(codes, type=pa.string()).take(pa.array(positions))
    return pd.Series(
        taken.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get), index=index
    )


def _codes_from_names(admin1: pd.Series, admin2: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Department and province codes that the admin1/admin2 names give (UNASSIGNED if none)."""
    departments = department_codes_by_name()
    provinces = province_codes_by_name()
    department = admin1.map(normalize_name).map(departments).fillna(settings.UNASSIGNED)

    def province(dept: str, names: str) -> str:
        found = (provinces.get((dept, normalize_name(n))) for n in _SEVERAL.split(names) if n)
        matches = {code for code in found if code is not None}
        return matches.pop() if len(matches) == 1 else settings.UNASSIGNED  # several: no one province

    province_codes = [
        province(d, n) if d != settings.UNASSIGNED else settings.UNASSIGNED for d, n in zip(department, admin2)
    ]
    return department, pd.Series(province_codes, index=admin1.index)


def assign_regions(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``department_code``, ``province_code``, ``district_code`` and ``assigned_by``.

    An event with coordinates is placed by point-in-polygon in the districts; its province and
    department are read from the district's code, so the three levels always nest (the 2025
    layers nest exactly). An event without coordinates counts for the department and province its
    ``admin1`` and ``admin2`` name; its district is ``UNASSIGNED``. Events outside Peru (or in one
    of the six lakes the boundaries leave out), or without coordinates and without a known
    admin1, are ``UNASSIGNED`` at every level; none is dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"latitude": [-15.4997], "longitude": [-70.1331],
    ...                   "admin1": [""], "admin2": [""]})
    >>> assign_regions(e)[["department_code", "province_code", "district_code"]].iloc[0].tolist()
    ['21', '2111', '211101']
    """
    result = events.copy()
    has_point = result["latitude"].notna().to_numpy() & result["longitude"].notna().to_numpy()
    district = np.full(len(result), -1, dtype=np.int32)
    if has_point.any():
        district[has_point] = _region_positions(
            result["longitude"].to_numpy(dtype=float)[has_point],
            result["latitude"].to_numpy(dtype=float)[has_point],
            "district",
        )
    placed = district >= 0
    district_codes = _region_index("district")[0]
    for level in settings.LEVELS:
        width = settings.LEVEL_CODE_LENGTH[level]
        codes = [code[:width] for code in district_codes] + [settings.UNASSIGNED]  # -1 picks UNASSIGNED
        result[CODE_COLUMNS[level]] = _codes_at(codes, district, result.index)

    by_name = ~has_point
    if by_name.any():
        department, province = _codes_from_names(result.loc[by_name, "admin1"], result.loc[by_name, "admin2"])
        result.loc[by_name, "department_code"] = department
        result.loc[by_name, "province_code"] = province
    result["assigned_by"] = np.where(
        has_point & placed,
        "coordinates",
        np.where(~has_point & (result["department_code"] != settings.UNASSIGNED).to_numpy(), "admin names", "none"),
    )
    return result
