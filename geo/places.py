"""Finding a place by name (accent- and case-insensitive) and the bounds to show it."""

from functools import cache

import pandas as pd

from .boundaries import load_regions, region_attributes
from .names import normalize_name

# A region's level from the length of its INEI code: codes nest (0101 is in 01; 010101 in 0101).
LEVEL_BY_CODE_LENGTH = {2: "department", 4: "province", 6: "district"}
CODE_LENGTH = {level: length for length, level in LEVEL_BY_CODE_LENGTH.items()}


def level_of(code: str) -> str:
    return LEVEL_BY_CODE_LENGTH[len(code)]


@cache
def place_index() -> pd.DataFrame:
    """Every department, province and district: ``code``, ``label`` (name, what it is, where) and
    ``key`` (the name normalised for matching). Towns are found as their districts: the 2025
    boundaries name each capital's district after it (Juliaca, Andahuaylas)."""
    departments = region_attributes("department").set_index("code")["name"]
    provinces = region_attributes("province")
    districts = region_attributes("district")
    province_names = provinces.set_index("code")["name"]
    frames = [
        pd.DataFrame({"code": departments.index, "name": departments.to_numpy(),
                      "label": [f"{n} (department)" for n in departments]}),
        pd.DataFrame({"code": provinces["code"], "name": provinces["name"],
                      "label": [f"{n} (province, {departments[d]})"
                                for n, d in zip(provinces["name"], provinces["department_code"])]}),
        pd.DataFrame({"code": districts["code"], "name": districts["name"],
                      "label": [f"{n} (district, {province_names[p]}, {departments[d]})"
                                for n, p, d in zip(districts["name"], districts["province_code"],
                                                   districts["department_code"])]}),
    ]
    index = pd.concat(frames, ignore_index=True)
    index["key"] = index["name"].map(normalize_name)
    return index


def find_places(query: str, limit: int = 8) -> pd.DataFrame:
    """Places whose name matches ``query`` whatever its accents and case: whole-name matches first,
    then names starting with it, then names containing it; larger regions first within each."""
    wanted = normalize_name(query)
    if len(wanted) < 2:
        return place_index().iloc[0:0]
    index = place_index()
    rank = pd.Series(3, index=index.index)
    rank[index["key"].str.contains(wanted, regex=False)] = 2
    rank[index["key"].str.startswith(wanted)] = 1
    rank[index["key"] == wanted] = 0
    found = index.assign(rank=rank, size=index["code"].str.len())[rank < 3]
    return found.sort_values(["rank", "size", "code"]).head(limit).drop(columns=["rank", "size"])


def region_bounds(code: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """((south, west), (north, east)) of the region with ``code``, as Leaflet's fitBounds takes them."""
    regions = load_regions(level_of(code), "map")
    west, south, east, north = regions.loc[regions["code"] == code].total_bounds
    return (float(south), float(west)), (float(north), float(east))
