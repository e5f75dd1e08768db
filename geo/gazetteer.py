"""Place events that have no coordinates at the town their location names.

The gazetteer is ``data/derived/places.csv``: the INEI provincial capitals (the town itself) and
every district (its representative point), each with its department and province codes.
"""

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import settings
from .boundaries import region_names
from .names import normalize_name, place_name

PLACES_FILE = settings.DERIVED_DIR / "places.csv"
# A provincial capital is the town itself; a district point only lies somewhere inside it.
KIND_PRIORITY = {"capital": 0, "district": 1}


@dataclass(frozen=True)
class Place:
    """A gazetteer hit: where a named place is and what the match was made on."""

    latitude: float
    longitude: float
    kind: str
    name: str


@lru_cache(maxsize=1)
def _places() -> pd.DataFrame:
    places = pd.read_csv(PLACES_FILE, dtype={"department_code": str, "province_code": str})
    places["key"] = places["name"].map(normalize_name)
    places["priority"] = places["kind"].map(KIND_PRIORITY)
    return places.sort_values(["priority", "province_code"])


def locate(location: str, department_code: str, province_codes: tuple[str, ...] = ()) -> Place | None:
    """Find the town ``location`` names inside the department ``department_code``.

    Parameters
    ----------
    location : str
        Location text such as ``"La Joya (Panamericana Sur)"``; qualifiers in parentheses and a
        trailing "district" are ignored.
    department_code : str
        Two-digit INEI code; places in other departments never match.
    province_codes : tuple of str
        Provinces the event names; when given, a match inside them is preferred and a place name
        found in several other provinces only is left unplaced as ambiguous.

    Returns
    -------
    Place or None
        ``None`` when the gazetteer does not know the place, or knows several and cannot choose.
    """
    name = place_name(location)
    if name.lower().endswith(" district"):
        name = name[: -len(" district")]
    key = normalize_name(name)
    if not key or not department_code:
        return None
    places = _places()
    hits = places[(places["key"] == key) & (places["department_code"] == department_code)]
    if province_codes:
        in_province = hits[hits["province_code"].isin(province_codes)]
        if not in_province.empty:
            hits = in_province
    if hits.empty:
        return None
    best = hits[hits["priority"] == hits["priority"].min()]
    if best["province_code"].nunique() > 1:
        return None  # the same name in two provinces: do not guess
    row = best.iloc[0]
    return Place(float(row["latitude"]), float(row["longitude"]), str(row["kind"]), str(row["name"]))


def position_note(placed_at: str, geo_precision: int, district_name: str = "") -> str:
    """How well an event's point is known, in a reader's words; "" for source coordinates.

    Examples
    --------
    >>> position_note("district", 2, "La Joya")
    'somewhere in district La Joya'
    >>> position_note("town", 2)
    'placed at the town (exact spot not known)'
    """
    if placed_at == settings.PLACED_AT_DISTRICT:
        return f"somewhere in district {district_name}" if district_name else "somewhere in its district"
    if placed_at == settings.PLACED_AT_TOWN or geo_precision == settings.GEO_PRECISION_TOWN:
        return "placed at the town (exact spot not known)"
    if geo_precision == settings.GEO_PRECISION_REGION:
        return "region only (not drawn)"
    return ""


def position_notes(events: pd.DataFrame) -> list[str]:
    """:func:`position_note` for every row of an assigned events frame (district names by code)."""
    districts = events["district_code"].map(region_names("district")).fillna("")
    return [position_note(p, g, d) for p, g, d in zip(events["placed_at"], events["geo_precision"], districts)]
