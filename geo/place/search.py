"""Finding a place by name (accent- and case-insensitive) and the bounds to show it."""

import pandas as pd

from geo.i18n import level_word
from geo.io import reference
from geo.names import normalize_name
from geo.place.boundaries import load_regions, region_attributes

# A region's level from the length of its INEI code: codes nest (0101 is in 01; 010101 in 0101).
LEVEL_BY_CODE_LENGTH = {2: "department", 4: "province", 6: "district"}
CODE_LENGTH = {level: length for length, level in LEVEL_BY_CODE_LENGTH.items()}


def level_of(code: str) -> str:
    return LEVEL_BY_CODE_LENGTH[len(code)]


@reference.memo
def place_index() -> pd.DataFrame:
    """Every department, province and district: ``code``, ``name``, the names of the ``province``
    and ``department`` it lies in ("" for a region itself at that level) and ``key`` (the name
    normalised for matching). Towns are found as their districts: the 2025 boundaries name each
    capital's district after it (Juliaca, Andahuaylas)."""
    departments = region_attributes("department").set_index("code")["name"]
    provinces = region_attributes("province")
    districts = region_attributes("district")
    province_names = provinces.set_index("code")["name"]
    frames = [
        pd.DataFrame({"code": departments.index, "name": departments.to_numpy(), "province": "", "department": ""}),
        pd.DataFrame(
            {
                "code": provinces["code"],
                "name": provinces["name"],
                "province": "",
                "department": provinces["department_code"].map(departments),
            }
        ),
        pd.DataFrame(
            {
                "code": districts["code"],
                "name": districts["name"],
                "province": districts["province_code"].map(province_names),
                "department": districts["department_code"].map(departments),
            }
        ),
    ]
    index = pd.concat(frames, ignore_index=True)
    index["key"] = index["name"].map(normalize_name)
    return index


def find_places(query: str, limit: int = 8, lang: str = "en") -> pd.DataFrame:
    """Places whose name matches ``query`` whatever its accents and case: whole-name matches first,
    then names starting with it, then names containing it; larger regions first within each. Each
    has a ``label`` in ``lang``: "San Román (distrito, San Román, Puno)"."""
    wanted = normalize_name(query)
    index = place_index()
    if len(wanted) < 2:
        return index.iloc[0:0].assign(label=pd.Series(dtype=str))
    rank = pd.Series(3, index=index.index)
    rank[index["key"].str.contains(wanted, regex=False)] = 2
    rank[index["key"].str.startswith(wanted)] = 1
    rank[index["key"] == wanted] = 0
    found = index.assign(rank=rank, size=index["code"].str.len())[rank < 3]
    found = found.sort_values(["rank", "size", "code"]).head(limit).drop(columns=["rank", "size"])
    return found.assign(
        label=[
            place_label(*row, lang) for row in zip(found["code"], found["name"], found["province"], found["department"])
        ]
    )


def place_label(code: str, name: str, province: str, department: str, lang: str) -> str:
    """ "Juliaca (district, San Román, Puno)": the place's name, what it is and where."""
    where = ", ".join(part for part in (level_word(level_of(code), lang), province, department) if part)
    return f"{name} ({where})"


def region_bounds(code: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """((south, west), (north, east)) of the region with ``code``, as Leaflet's fitBounds takes them."""
    regions = load_regions(level_of(code), "map")
    west, south, east, north = regions.loc[regions["code"] == code].total_bounds
    return (float(south), float(west)), (float(north), float(east))
