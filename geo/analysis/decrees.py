"""States of emergency, curfews and aggregate roadblock reports: context, never event counts."""

from datetime import date
from functools import cache

import pandas as pd

from geo import settings
from geo.i18n import N_, days
from geo.names import normalize_name
from geo.place.boundaries import department_codes_by_name, region_names

# The scope of a decree covering a whole department (shown translated: geo.report.tables.headed).
WHOLE_DEPARTMENT = N_("whole department")


@cache  # two files: the decrees and the roadblock reports
def _read(path: str, date_columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    codes = department_codes_by_name()
    frame["department_code"] = frame["admin1"].map(normalize_name).map(codes).fillna("")
    return frame


def load_decrees() -> pd.DataFrame:
    """Bundled decree rows with ``in_force_from``/``in_force_to`` dates and ``department_code``
    ("" for a nationwide decree)."""
    return _read(str(settings.BUNDLED_DECREES), ("event_date", "in_force_from", "in_force_to")).copy()


def load_roadblock_counts() -> pd.DataFrame:
    """Bundled aggregate roadblock reports (tag ``count``) with ``department_code``."""
    return _read(str(settings.BUNDLED_ROADBLOCK_COUNTS), ("event_date",)).copy()


def _overlaps(first: pd.Series, last: pd.Series, start: date | None, end: date | None) -> pd.Series:
    """Rows whose span ``first``..``last`` shares at least one day with ``start``..``end``."""
    keep = pd.Series(True, index=first.index)
    if start is not None:
        keep &= last >= pd.Timestamp(start)
    if end is not None:
        keep &= first <= pd.Timestamp(end)
    return keep


def decrees_in_force(decrees: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    """Decrees in force on at least one day of the inclusive range ``start``..``end``."""
    return decrees[_overlaps(decrees["in_force_from"], decrees["in_force_to"], start, end)]


def decrees_by_department(
    decrees: pd.DataFrame, start: date | None, end: date | None, lang: str = "en"
) -> pd.DataFrame:
    """Every decree in force during the dates, once per department it covers (a nationwide decree
    covers every department), departments in INEI order.

    Returns
    -------
    DataFrame
        ``code``, ``department`` (its name), ``scope`` ("whole department" or the provinces or
        districts named), ``in_force`` (its days, written in ``lang``), ``notes`` and ``source``
        (one address, so a table can show it as a link).
    """
    active = decrees_in_force(decrees, start, end)
    rows = []
    for code, name in region_names("department").items():
        covering = active[(active["department_code"] == code) | (active["department_code"] == "")]
        columns = ("location", "in_force_from", "in_force_to", "notes", "source")
        for location, first, last, notes, source in zip(*(covering[c] for c in columns)):
            whole = location in ("(department-wide)", "(national)") or "department" in location.lower()
            rows.append(
                {
                    "code": code,
                    "department": name,
                    "scope": WHOLE_DEPARTMENT if whole else location.strip("()"),
                    "in_force": days(first, last, lang),
                    "notes": notes,
                    "source": source,
                }
            )
    return pd.DataFrame(rows, columns=["code", "department", "scope", "in_force", "notes", "source"])


def departments_under_emergency(
    decrees: pd.DataFrame, start: date | None, end: date | None, lang: str = "en"
) -> pd.DataFrame:
    """Departments covered, wholly or in part, by a decree in force during the dates.

    Returns
    -------
    DataFrame
        ``code``, ``name``, ``scope`` ("whole department" or the provinces/districts named),
        ``decrees`` (one line per decree: dates and note) and ``sources``; a nationwide decree
        covers every department. Dates written in ``lang``.
    """
    rows = []
    for code, covering in decrees_by_department(decrees, start, end, lang).groupby("code", sort=False):
        whole = (covering["scope"] == WHOLE_DEPARTMENT).any()
        rows.append(
            {
                "code": code,
                "name": covering["department"].iloc[0],
                "scope": WHOLE_DEPARTMENT if whole else "; ".join(covering["scope"]),
                "decrees": "\n".join(f"{r.in_force}: {r.notes}" for r in covering.itertuples()),
                "sources": " ".join(dict.fromkeys(covering["source"])),
            }
        )
    return pd.DataFrame(rows, columns=["code", "name", "scope", "decrees", "sources"])


def roadblock_reports(counts: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    """Aggregate roadblock reports dated within the range, nationwide rows included."""
    return counts[_overlaps(counts["event_date"], counts["event_date"], start, end)]
