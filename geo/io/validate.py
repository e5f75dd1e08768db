"""Check the rows of an events file and convert their types, accounting for every row.

Good rows are never lost because of bad ones. Each thing wrong is one row of
:attr:`EventTable.problems` in the user's terms (the file's row number, the column, what is wrong
and what was done): a row that cannot be used is refused (``dropped``) and kept, as the file wrote
it, in :attr:`EventTable.rejected` with its reason; a value that is wrong but not essential (an
unreadable injured count, a point outside Peru) is cleared or corrected and the row kept. Accepted
plus rejected rows always equal the rows of the file.

What is checked is a table: :data:`COLUMN_RULES` and :data:`LATER_RULES` give each column its
parser, its :class:`Check`\\ s (what is wrong, the message, whether the row is refused) in the
order they are listed for a row, and what a kept value becomes. The few checks that read several
columns are steps of :func:`check_events` between them: the dates (one message per kind of
wrong date), the coordinate pair and the place of a row without one (:mod:`geo.io.coordinates`),
repeated ids (:mod:`geo.io.tally`). The checks are made on whole columns at once: a million rows
with a million problems take seconds.

A new column is one name in :data:`settings.EVENT_COLUMNS` (read as stripped text), plus one
:class:`ColumnRule` here when it has a type or rules of its own.

Placing is not done here: :mod:`geo.place.locate` hands :func:`check_events` a :class:`Locator`
(whether a point is in Peru, where a named town is), so that reading a file needs no boundaries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from geo import settings
from geo.i18n import N_
from geo.io.coordinates import DECIMAL_COMMA, Locator, Report, check_coordinates, place_unplaced
from geo.io.parse import GROUPED_NOTE, acled_types, date_problem, grouped_thousands, numbers, parse_dates
from geo.io.rawtable import RawTable, broken_rows
from geo.io.schema import PLACED_AT_VALUES, EventTable
from geo.io.tally import Problems, missing_columns_error, quoted, table_of


@dataclass(frozen=True)
class Cell:
    """A column as its checks see it: the text as written (stripped), the value parsed from it,
    and the values parsed so far of the columns before it (``parsed["fatalities"]``)."""

    text: pd.Series
    value: pd.Series
    parsed: dict[str, pd.Series]

    @property
    def given(self) -> np.ndarray:
        return (self.text != "").to_numpy()

    @property
    def finite(self) -> np.ndarray:
        return np.isfinite(self.value.to_numpy(dtype=float))


@dataclass(frozen=True)
class Check:
    """One thing that can be wrong with a column's value: rows where ``finds`` is true (and no
    earlier check of the column found something) get ``template`` with the value quoted as
    ``{value}`` (when ``quotes``) and ``values()`` put in; a ``refuses`` check refuses the row, any
    other keeps it and the column's ``settle`` says what its value becomes."""

    reason: str
    template: str
    finds: Callable[[Cell], Any]
    refuses: bool = False
    quotes: bool = True
    values: Callable[[], dict[str, object]] = dict  # read when checking: settings can change


@dataclass(frozen=True)
class ColumnRule:
    """How one column is read: ``parse(text, decimal_comma, report)`` gives its values, ``checks``
    say what is wrong with them (in order), and ``settle(cell, flagged)`` gives the values kept
    (``flagged``: rows some check found)."""

    column: str
    parse: Callable[[pd.Series, bool, Report], pd.Series]
    checks: tuple[Check, ...]
    settle: Callable[[Cell, np.ndarray], pd.Series] = lambda cell, flagged: cell.value


def _text(values: pd.Series, decimal_comma: bool, report: Report) -> pd.Series:
    return values.str.strip()


def _lower(values: pd.Series, decimal_comma: bool, report: Report) -> pd.Series:
    return values.str.strip().str.lower()


def _precision(values: pd.Series, decimal_comma: bool, report: Report) -> pd.Series:
    return numbers(values)  # 1, 2 or 3: never a decimal comma


def people(values: pd.Series, decimal_comma: bool, report: Report) -> pd.Series:
    """A count of people (deaths, injured) as :func:`geo.io.parse.numbers` reads it, except for a
    whole number written with its thousands grouped, read as the whole number with a note on the row:

    - "1,000" or "12,500" (a comma, then groups of exactly three digits): English spreadsheets
      group thousands so. Read as a decimal comma it would be one person (1,000) or one and a half
      (1,500), which no count of people is; ACLED writes whole numbers without separators, and a
      Spanish file with a decimal comma never writes "1,000" for one. So 1000, never silently 1.
    - "1.234" in a file written with decimal commas: the Spanish way; 1234 people, not 1.234 of
      a person.

    A comma followed by other than three digits ("2,5") stays a decimal comma: 2.5, refused as
    not a whole number.
    """
    values_read = numbers(values, decimal_comma)
    column = str(values.name)
    for mark, grouped, whole in grouped_thousands(values.str.strip(), decimal_comma):
        values_read[grouped] = whole.astype(float).to_numpy()
        report(
            grouped,
            column,
            N_("thousands grouped"),
            GROUPED_NOTE[mark],
            False,
            value=partial(quoted, column=column),
            number=whole.reindex(values.index, fill_value=""),
        )
    return values_read


def _most() -> dict[str, object]:
    return {"most": settings.MAX_PEOPLE_PER_EVENT}


def _not_whole(cell: Cell) -> np.ndarray:
    value = cell.value.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return cell.finite & (value != np.round(value))


def _implausible(cell: Cell) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return cell.given & (~cell.finite | (cell.value.to_numpy(dtype=float) > settings.MAX_PEOPLE_PER_EVENT))


def _injured_unreadable(cell: Cell) -> np.ndarray:
    value = cell.value.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return cell.given & (
            ~cell.finite | (value < 0) | (value != np.round(value)) | (value > settings.MAX_PEOPLE_PER_EVENT)
        )


def _settle_kind(cell: Cell, flagged: np.ndarray) -> pd.Series:
    # A file that does not say who died counts its deaths as of unknown kind.
    known = cell.value.isin(settings.FATALITY_KINDS)
    return cell.value.where(known, settings.UNKNOWN_KIND).where(cell.parsed["fatalities"] > 0, "")


# The columns checked one by one, in the order their problems are listed for a row. A new column
# with rules of its own is one entry here (and its name in settings.EVENT_COLUMNS).
COLUMN_RULES: tuple[ColumnRule, ...] = (
    ColumnRule(
        "event_type",
        _text,
        (Check(N_("no event type"), N_("no event type given"), lambda c: ~c.given, refuses=True, quotes=False),),
    ),
    # Deaths: whole numbers of people; a blank counts as 0, and says so (ACLED writes 0 for none).
    ColumnRule(
        "fatalities",
        people,
        (
            Check(
                N_("deaths not a number"),
                N_("{value} is not a number of people"),
                lambda c: c.given & c.value.isna().to_numpy(),
                refuses=True,
            ),
            Check(N_("negative deaths"), N_("{value} is negative"), lambda c: c.finite & (c.value < 0), refuses=True),
            Check(
                N_("implausible deaths"),
                N_("{value} deaths is more than {most} in one event"),
                _implausible,
                refuses=True,
                values=_most,
            ),
            Check(N_("deaths not whole"), N_("{value} is not a whole number"), _not_whole, refuses=True),
            Check(
                N_("no deaths given"),
                N_("no number of deaths given; counted as 0 (write 0 when none were reported)"),
                lambda c: ~c.given,
                quotes=False,
            ),
        ),
        lambda cell, flagged: cell.value.where(~flagged & cell.value.notna(), 0).astype("int64"),  # refused: 0
    ),
    ColumnRule(
        "injured",
        people,
        (
            Check(
                N_("injured unreadable"),
                N_("{value} is not a plausible whole number of people (0 to {most}); the injured count is left blank"),
                _injured_unreadable,
                values=_most,
            ),
        ),
        lambda cell, flagged: cell.value.where(~flagged).round().astype("Int64"),
    ),
)

# Checked after the coordinates, as before the rules became a table (the order problems are listed in).
LATER_RULES: tuple[ColumnRule, ...] = (
    ColumnRule(
        "fatality_kind",
        _lower,
        (
            Check(
                N_("unknown fatality kind"),
                N_("{value} is not one of {kinds}; these deaths count as '{unknown}'"),
                lambda c: (c.parsed["fatalities"] > 0) & (c.value != "") & ~c.value.isin(settings.FATALITY_KINDS),
                values=lambda: {"kinds": ", ".join(settings.FATALITY_KINDS), "unknown": settings.UNKNOWN_KIND},
            ),
        ),
        _settle_kind,
    ),
    ColumnRule(
        "placed_at",
        _lower,
        (
            Check(
                N_("unknown placed_at"),
                N_("{value} is not 'town' or 'district'; ignored"),
                lambda c: ~c.value.isin(PLACED_AT_VALUES),
            ),
        ),
        lambda cell, flagged: cell.value.where(~flagged, ""),
    ),
    ColumnRule(
        "geo_precision",
        _precision,
        (
            Check(
                N_("unknown geo_precision"),
                N_("{value} is not 1, 2 or 3 (exact place, nearby town, region); read from the coordinates instead"),
                lambda c: c.given & ~c.value.isin([1, 2, 3]).to_numpy(),
            ),
        ),
        lambda cell, flagged: cell.value.where(cell.value.isin([1, 2, 3])),
    ),
)


def apply_rule(rule: ColumnRule, problems: Problems, parsed: dict[str, pd.Series], decimal_comma: bool) -> None:
    """Read ``rule.column`` into ``parsed``, noting (and refusing) what its checks find."""
    text = problems.frame[rule.column]
    cell = Cell(text.str.strip(), rule.parse(text, decimal_comma, problems.report), parsed)
    flagged = np.zeros(len(text), dtype=bool)
    for check in rule.checks:
        found = np.asarray(check.finds(cell), dtype=bool) & ~flagged
        values: dict[str, Any] = {"value": partial(quoted, column=rule.column)} if check.quotes else {}
        values |= check.values()
        problems.report(found, rule.column, check.reason, check.template, check.refuses, **values)
        if check.refuses:
            problems.drop |= found
        flagged |= found
    parsed[rule.column] = rule.settle(cell, flagged)


def check_dates(problems: Problems) -> pd.Series:
    """The dates, each unreadable one refused with why (:func:`geo.io.parse.date_problem`)."""
    frame = problems.frame
    dates = parse_dates(frame["event_date"])
    bad = dates.isna().to_numpy()
    if bad.any():
        explained = frame.loc[bad, "event_date"].map(date_problem)
        reasons = explained.str[0]
        for reason in reasons.unique():
            rows = np.zeros(len(frame), dtype=bool)
            rows[np.flatnonzero(bad)[(reasons == reason).to_numpy()]] = True
            templates = pd.Series("", index=frame.index)
            templates[rows] = explained[(reasons == reason).to_numpy()].str[1].to_numpy()
            problems.report(
                rows,
                "event_date",
                reason,
                templates,
                True,
                value=problems.shown_column("event_date"),
                first=settings.FIRST_YEAR,
                last=settings.LAST_YEAR,
            )
    problems.drop |= bad
    return dates


def check_events(raw: RawTable | pd.DataFrame, source_name: str = "", locator: Locator | None = None) -> EventTable:
    """Check the text columns read from an events file and convert their types.

    Parameters
    ----------
    raw : RawTable or DataFrame
        As read by :func:`geo.io.reader.read_table` (a bare frame of text columns counts its rows
        from 2, as a CSV with a header would).
    source_name : str
        File name, for messages (a RawTable's own name by default).
    locator : Locator, optional
        What places events; without one, points are not checked against Peru and rows without
        one stay unplaced. Callers use :func:`geo.place.locate.validate_events`, which gives it.

    Returns
    -------
    EventTable
        ``events`` has one row per usable event with ``event_date`` (datetime), ``latitude`` and
        ``longitude`` (float, NaN when unknown), ``geo_precision``, ``fatalities`` and ``injured``
        (integers; injured may be missing), and every column of :data:`settings.EVENT_COLUMNS`.
    """
    if isinstance(raw, pd.DataFrame):
        raw = RawTable(raw, np.arange(len(raw), dtype=np.int64) + 2, broken_rows([]), source_name, "table", {})
    name = source_name or raw.name or "the file"
    _check_columns(raw, name)
    frame = raw.frame.reset_index(drop=True)
    for column in (*settings.EVENT_COLUMNS, "geometry_problem"):
        if column not in frame:
            frame[column] = ""
        frame[column] = frame[column].astype(str)
    for column in ("event_type", "sub_event_type"):
        frame[column] = acled_types(frame[column])
    problems = Problems(frame, raw.rows)
    parsed = {"event_date": check_dates(problems)}
    for rule in COLUMN_RULES:
        apply_rule(rule, problems, parsed, DECIMAL_COMMA)
    parsed["latitude"], parsed["longitude"] = check_coordinates(problems, locator)
    for rule in LATER_RULES:
        apply_rule(rule, problems, parsed, DECIMAL_COMMA)
    place_unplaced(problems, parsed, locator)
    return table_of(raw, name, problems, parsed)


def _check_columns(raw: RawTable, name: str) -> None:
    """Refuse a file without the columns it needs (:func:`geo.io.tally.missing_columns_error`)."""
    columns = list(raw.frame.columns)
    missing = [c for c in settings.REQUIRED_COLUMNS if c not in columns]
    has_pair = all(c in columns for c in settings.COORDINATE_COLUMNS)
    if not has_pair and not any(c in columns for c in settings.PLACE_COLUMNS):
        missing += [c for c in settings.COORDINATE_COLUMNS if c not in columns]
    if missing:
        written = {column: header for header, column in raw.renamed.items()}  # the user's own headers
        headers = [written.get(c, c) for c in columns if c != "geometry_problem"]
        raise missing_columns_error(name, headers, missing)
