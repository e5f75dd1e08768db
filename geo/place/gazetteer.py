"""Place events that have no coordinates at the town their location names.

The gazetteer is ``data/derived/places.csv``: the INEI provincial capitals (the town itself) and
every district (its representative point), each with its department and province codes.
"""

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo import settings
from geo.i18n import N_, t
from geo.io import reference
from geo.messages import SEPARATOR, placeholders, shown
from geo.names import normalize_name, place_name
from geo.place.boundaries import region_names

# A provincial capital is the town itself; a district point only lies somewhere inside it.
KIND_PRIORITY = {"capital": 0, "district": 1}


@dataclass(frozen=True)
class Place:
    """A gazetteer hit: where a named place is and what the match was made on."""

    latitude: float
    longitude: float
    kind: str
    name: str


@reference.memo
def _places() -> pd.DataFrame:
    places = reference.places().copy()
    places["key"] = places["name"].map(normalize_name)
    places["priority"] = places["kind"].map(KIND_PRIORITY)
    return places.sort_values(["priority", "province_code"])


@reference.memo
def _places_by_key() -> dict[str, list[tuple]]:
    """The gazetteer's places of each normalised name, best kind first: (priority, department
    code, province code, latitude, longitude, kind, name)."""
    places = _places()
    found: dict[str, list[tuple]] = {}
    columns = ("key", "priority", "department_code", "province_code", "latitude", "longitude", "kind", "name")
    for key, priority, department, province, latitude, longitude, kind, name in zip(*(places[c] for c in columns)):
        found.setdefault(key, []).append(
            (priority, department, province, float(latitude), float(longitude), kind, name)
        )
    return found


@reference.memo
def _department_codes() -> dict[str, str]:
    from geo.place.boundaries import department_codes_by_name

    return department_codes_by_name()


@reference.memo
def _province_codes() -> dict[tuple[str, str], str]:
    from geo.place.boundaries import province_codes_by_name

    return province_codes_by_name()


@dataclass(frozen=True)
class Placement:
    """Where a row without coordinates was put, or why it could not be."""

    place: Place | None
    template: str = ""  # why it was not placed, for the user ("" when placed or nothing to look up)
    reason: str = ""
    values: tuple[tuple[str, str], ...] = ()  # the template's values: (name, value) pairs, as the file wrote them

    def _shown(self) -> dict[str, str]:
        return {name: shown(value) for name, value in self.values}  # a file's text, safe to show

    @property
    def problem(self) -> str:
        """Why it was not placed, in English."""
        return self.template.format(**self._shown())

    def fields(self) -> str:
        """The template's values as :func:`geo.messages.join_fields` joins them."""
        values = self._shown()
        return SEPARATOR.join(values[name] for name in placeholders(self.template))


def find_place(location: str, admin1: str, admin2: str = "", admin3: str = "") -> Placement:
    """The town or district a row names: its ``location`` first, then its district (``admin3``);
    inside the department ``admin1`` names and, when ``admin2`` names a province, preferably inside
    it. Without a department, a name found in one department only is placed; a name found in
    several is reported as ambiguous.

    Examples
    --------
    >>> find_place("Juliaca", "Puno").place.kind
    'capital'
    >>> find_place("", "", "", "ilave").place.name
    'Ilave'
    """
    department = _department_codes().get(normalize_name(admin1), "") if admin1.strip() else ""
    if admin1.strip() and not department:
        return Placement(
            None,
            N_("'{department}' is not a department of Peru; the event is not on the map and counts as unassigned"),
            N_("unknown department"),
            (("department", admin1),),
        )
    provinces = _province_codes_named(department, admin2) if department else ()
    outside_province = None  # a place found only outside the province named: the last resort
    for text in (location, admin3):
        name = place_name(text)
        if name.lower().endswith(" district"):
            name = name[: -len(" district")]
        found = _lookup(name, department, provinces, admin2)
        if found is None:
            continue
        if found.reason != N_("other province"):
            return found
        outside_province = outside_province or found
    if outside_province:
        return outside_province
    written = [n for n in (location, admin3) if place_name(n)]
    if written:
        return Placement(
            None,
            N_(
                "'{name}' is not in the gazetteer (INEI districts and provincial capitals); the "
                "event counts by its department and province only"
            ),
            N_("place not found"),
            (("name", place_name(written[0])),),
        )
    return Placement(None)


def _province_codes_named(department: str, admin2: str) -> tuple[str, ...]:
    """The codes of the provinces of ``department`` that ``admin2`` names ("Lima; Callao")."""
    named = (_province_codes().get((department, normalize_name(n))) for n in re.split(r"[;,] ", admin2) if n)
    return tuple(c for c in named if c)


def _lookup(name: str, department: str, provinces: tuple[str, ...], admin2: str) -> Placement | None:
    """The gazetteer's answer for one name (``None``: it does not know it there, or knows it only
    in several other provinces): in the department, preferably in the provinces named; a place
    found only outside them is placed with a note (reason "other province")."""
    key = normalize_name(name)
    hits = _places_by_key().get(settings.PLACE_ALIASES.get(key, key), [])
    if department:
        hits = [h for h in hits if h[1] == department]
    elsewhere = bool(provinces) and not any(h[2] in provinces for h in hits)
    if not elsewhere:
        hits = [h for h in hits if not provinces or h[2] in provinces]
    if not hits:
        return None
    best = [h for h in hits if h[0] == min(h[0] for h in hits)]
    if len({h[2] for h in best}) > 1:
        return None if elsewhere else _ambiguous(name, best)
    _, _, province, latitude, longitude, kind, found_name = best[0]
    place = Place(latitude, longitude, str(kind), str(found_name))
    if not elsewhere:
        return Placement(place)
    return Placement(
        place,
        N_("'{name}' is not in the province '{named}' but in {province}; placed there (check the province)"),
        N_("other province"),
        (("name", name), ("named", admin2), ("province", region_names("province").get(province, province))),
    )


def _ambiguous(name: str, best: list[tuple]) -> Placement:
    """Why a name the gazetteer knows in several provinces is not placed."""
    where = sorted({region_names("department").get(h[1], h[1]) for h in best})
    if len(where) == 1:
        return Placement(
            None,
            N_("'{name}' names places in {count} provinces of {department}; add the province (admin2) to place it"),
            N_("ambiguous place"),
            (("name", name), ("count", str(len({h[2] for h in best}))), ("department", where[0])),
        )
    return Placement(
        None,
        N_("'{name}' names places in {count} departments ({departments}); add the department (admin1) to place it"),
        N_("ambiguous place"),
        (
            ("name", name),
            ("count", str(len(where))),
            ("departments", ", ".join(where[:6]) + (", …" if len(where) > 6 else "")),
        ),
    )


def place_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Points for the rows of ``frame`` (text columns location, admin1, admin2, admin3) from the
    gazetteer, looked up once per distinct place.

    Returns
    -------
    (placed, noted)
        ``placed``: latitude, longitude, placed_at ("town" or "district") and name, indexed like the
        rows found; ``noted``: reason, message (English; template and fields, as geo.messages
        writes it in any language) of the rows that name a place the gazetteer
        cannot settle, or that it placed outside the province they name.
    """
    keys = ["location", "admin1", "admin2", "admin3"]
    distinct = frame[keys].drop_duplicates()
    results = [find_place(*k) for k in distinct.itertuples(index=False)]
    found = distinct.assign(
        latitude=[r.place.latitude if r.place else np.nan for r in results],
        longitude=[r.place.longitude if r.place else np.nan for r in results],
        placed_at=[
            (settings.PLACED_AT_TOWN if r.place.kind == "capital" else settings.PLACED_AT_DISTRICT) if r.place else ""
            for r in results
        ],
        name=[r.place.name if r.place else "" for r in results],
        reason=[r.reason for r in results],
        template=[r.template for r in results],
        fields=[r.fields() for r in results],
        message=[r.problem for r in results],
    )
    rows = frame[keys].reset_index().merge(found, on=keys, how="left").set_index("index")
    placed = rows["placed_at"] != ""
    placed_frame = rows.loc[placed, ["latitude", "longitude", "placed_at", "name"]]
    noted = rows.loc[rows["message"] != "", ["reason", "template", "fields", "message"]]
    return placed_frame, noted


def position_note(placed_at: str, geo_precision: int, district_name: str = "", lang: str = "en") -> str:
    """How well an event's point is known, in a reader's words (in ``lang``); "" for source
    coordinates.

    Examples
    --------
    >>> position_note("district", 2, "La Joya")
    'somewhere in district La Joya'
    >>> position_note("town", 2, lang="es")
    'ubicado en la localidad (lugar exacto desconocido)'
    """
    if placed_at == settings.PLACED_AT_DISTRICT:
        return (
            t("somewhere in district {name}", lang, name=district_name)
            if district_name
            else t("somewhere in its district", lang)
        )
    if placed_at == settings.PLACED_AT_TOWN or geo_precision == settings.GEO_PRECISION_TOWN:
        return t("placed at the town (exact spot not known)", lang)
    if geo_precision == settings.GEO_PRECISION_REGION:
        return t("region only (not drawn)", lang)
    return ""


def position_notes(events: pd.DataFrame, lang: str = "en") -> list[str]:
    """:func:`position_note` for every row of an assigned events frame (district names by code)."""
    districts = events["district_code"].map(region_names("district")).fillna("")
    return [position_note(p, g, d, lang) for p, g, d in zip(events["placed_at"], events["geo_precision"], districts)]
