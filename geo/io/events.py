"""Check the rows of an events file and convert their types, accounting for every row.

Good rows are never lost because of bad ones. Each thing wrong is one row of
:attr:`EventTable.problems` in the user's terms (the file's row number, the column, what is wrong
and what was done): a row that cannot be used is refused (``dropped``) and kept, as the file wrote
it, in :attr:`EventTable.rejected` with its reason; a value that is wrong but not essential (an
unreadable injured count, a point outside Peru) is cleared or corrected and the row kept. Accepted
plus rejected rows always equal the rows of the file.

The checks are made on whole columns at once: a million rows with a million problems take seconds.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo import settings
from geo.errors import EventFileError
from geo.i18n import N_, SOURCE_LANGUAGE, count, language, number, t
from geo.io.rawtable import (
    BROKEN_REASONS,
    EMPTY_GEOMETRY,
    UNREADABLE_GEOMETRY,
    LineCount,
    RawTable,
    broken_rows,
    header_key,
)
from geo.io.reader import kind_words, read_table
from geo.messages import join_fields, shown, write_messages
from geo.names import normalize_name
from geo.place.boundaries import near_peru, on_land
from geo.place.gazetteer import place_rows

TEXT_COLUMNS = (
    "event_id_cnty",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "notes",
    "source",
    "tags",
    "mine",
    "fatality_kind",
    "placed_at",
)
PLACED_AT_VALUES = ("", settings.PLACED_AT_TOWN, settings.PLACED_AT_DISTRICT)
# ``message`` is in English; ``template`` and ``fields`` write it in any language (geo.messages).
PROBLEM_COLUMNS = ("row", "column", "reason", "message", "dropped", "template", "fields")
WHOLE_ROW = N_("(whole row)")
OTHER_TYPES_NAMED = 8  # the file check names this many of a file's types that are not ACLED's


def _no_problems() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series(dtype="int64"),
            "column": pd.Series(dtype=str),
            "reason": pd.Series(dtype=str),
            "message": pd.Series(dtype=str),
            "dropped": pd.Series(dtype=bool),
            "template": pd.Series(dtype=str),
            "fields": pd.Series(dtype=str),
        }
    )


@dataclass
class EventTable:
    """Validated events, the problems found and the rows refused.

    ``problems`` has one row per problem (:data:`PROBLEM_COLUMNS`; ``row`` is the row number a
    spreadsheet shows, header = row 1, or the GeoJSON feature's position); ``rejected`` the refused
    rows with their file columns, ``row`` and ``reason``.
    """

    events: pd.DataFrame
    problems: pd.DataFrame = field(default_factory=_no_problems)
    source_name: str = ""
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    total: int | None = None
    kind: str = ""
    unit: str = "row"
    renamed: dict = field(default_factory=dict)
    bundled_rows: int = 0  # the bundled events shown with the file's (their rows come first)
    line_count: LineCount | None = None  # a text file's lines: where each went

    def __post_init__(self):
        if self.total is None:
            self.total = len(self.events) - self.bundled_rows + int(self.problems["dropped"].sum())

    @property
    def rows_read(self) -> int:
        """Rows in the file, header excluded: accepted plus rejected."""
        return self.total

    @property
    def accepted(self) -> int:
        """Rows of the file kept as events."""
        return len(self.events) - self.bundled_rows

    @property
    def rejected_count(self) -> int:
        return self.total - self.accepted

    def rejected_by_reason(self) -> pd.Series:
        """Refused rows counted by reason, most frequent first."""
        dropped = self.problems[self.problems["dropped"]]
        return dropped["reason"].value_counts() if len(dropped) else pd.Series(dtype="int64")

    def warnings_by_reason(self) -> pd.Series:
        """Values cleared or corrected in rows that were kept, counted by reason."""
        kept = self.problems[~self.problems["dropped"]]
        return kept["reason"].value_counts() if len(kept) else pd.Series(dtype="int64")

    def messages(self, problems: pd.DataFrame | None = None, lang: str = "en") -> pd.Series:
        """What is wrong in each of ``problems`` (by default all of them), in ``lang``."""
        problems = self.problems if problems is None else problems
        if language(lang) == SOURCE_LANGUAGE:
            return problems["message"]
        return write_messages(problems["template"], problems["fields"], lang)

    def rejected_rows(self, lang: str = "en") -> pd.DataFrame:
        """:attr:`rejected` with its ``reason`` in ``lang`` (and the two columns we add named in it)."""
        if language(lang) == SOURCE_LANGUAGE or not len(self.rejected):
            return self.rejected
        reasons = refusals(self.problems, self.renamed, self.messages(lang=lang), lang)
        number = pd.to_numeric(self.rejected["row"], errors="coerce")
        rows = self.rejected.assign(reason=number.map(reasons).fillna(self.rejected["reason"]))
        return rows.rename(
            columns={"row": t("row", lang) if self.unit == "row" else t("feature", lang), "reason": t("reason", lang)}
        )

    def headers(self, columns: pd.Series, lang: str = "en") -> pd.Series:
        """The file's own header of each of ``columns`` (our names, such as ``event_date``): "fecha"
        where the file said so."""
        written = {column: shown(header) for header, column in self.renamed.items()}
        written[WHOLE_ROW] = t(WHOLE_ROW, lang)
        return columns.map(lambda c: written.get(c, shown(c)))

    def problem_lines(self, limit: int | None = None, lang: str = "en") -> list[str]:
        """The problems as sentences, file order: "row 14, column 'fecha': ... (row refused)"."""
        listed = self.problems if limit is None else self.problems.head(limit)
        unit = t("row", lang) if self.unit == "row" else t("feature", lang)
        column, refused, kept = t("column", lang), t("row refused", lang), t("row kept", lang)
        return [
            f"{unit} {r}, {column} '{c}': {m} ({refused if d else kept})"
            for r, c, m, d in zip(
                listed["row"], self.headers(listed["column"], lang), self.messages(listed, lang), listed["dropped"]
            )
        ]

    def summary(self, lang: str = "en") -> str:
        """One line: "1,204 rows: 1,190 accepted, 14 rejected"; for a text file with more lines than
        the header and its rows, where the others went: "… (1,210 lines: the header, 1,204 rows,
        5 blank)"."""
        if lang != "en":
            units = t("1 row", lang) if self.unit == "row" else t("1 feature", lang)
            if self.total != 1:
                units = (
                    t("{n} rows", lang, n=number(self.total, lang))
                    if self.unit == "row"
                    else t("{n} features", lang, n=number(self.total, lang))
                )
            said = t(
                "{units}: {accepted} accepted, {rejected} rejected",
                lang,
                units=units,
                accepted=number(self.accepted, lang),
                rejected=number(self.rejected_count, lang),
            )
        else:
            said = (
                f"{self.total:,} {self.unit}{'' if self.total == 1 else 's'}: {self.accepted:,} accepted, "
                f"{self.rejected_count:,} rejected"
            )
        return said + self._lines_words(lang)

    def _lines_words(self, lang: str) -> str:
        """ " (12 lines: the header, 9 rows, 2 blank, 1 inside a quoted value)", when a text file
        has lines that are neither the header nor a row; else ""."""
        lines = self.line_count
        if lines is None or not (lines.above or lines.blank or lines.continued):
            return ""
        parts = (
            [count(lines.above, "1 line above the header", "{n} lines above the header", lang)] if lines.above else []
        )
        parts += [t("the header", lang), count(self.total, "1 row", "{n} rows", lang)]
        if lines.blank:
            parts.append(count(lines.blank, "1 blank", "{n} blank", lang))
        if lines.continued:
            parts.append(count(lines.continued, "1 inside a quoted value", "{n} inside quoted values", lang))
        return f" ({count(lines.lines, '1 line', '{n} lines', lang)}: {', '.join(parts)})"


_SPANISH_MONTHS = {
    "enero": "January",
    "febrero": "February",
    "marzo": "March",
    "abril": "April",
    "mayo": "May",
    "junio": "June",
    "julio": "July",
    "agosto": "August",
    "septiembre": "September",
    "setiembre": "September",
    "octubre": "October",
    "noviembre": "November",
    "diciembre": "December",
    "ene": "Jan",
    "abr": "Apr",
    "ago": "Aug",
    "set": "Sep",
    "dic": "Dec",
}
_SPANISH_MONTH = re.compile(r"\b(" + "|".join(sorted(_SPANISH_MONTHS, key=len, reverse=True)) + r")\b\.?")
# Dates written with numbers only: year first (2023-02-31) or day first (31/02/2023).
_YEAR_FIRST = re.compile(r"^(?P<y>\d{1,6})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ T].*)?$")
_DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{1,6})$")


def _spanish_months(text: pd.Series) -> pd.Series:
    """ "9 de enero de 2023", "9-ene-2023" -> "9 January 2023", "9-Jan-2023"."""
    text = text.str.lower().str.replace(r"\s+de\s+", " ", regex=True)
    return text.str.replace(_SPANISH_MONTH, lambda m: _SPANISH_MONTHS[m.group(1)], regex=True)


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse dates written in any of :data:`settings.DATE_FORMATS` (Spanish month names too);
    unreadable ones, and days outside :data:`settings.FIRST_YEAR`-:data:`settings.LAST_YEAR`,
    become NaT. Each spelling is tried only on the values no earlier one read."""
    text = values.str.strip().to_numpy(dtype=object)
    parsed = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    todo = np.flatnonzero(text != "")
    for spanish in (False, True):
        attempt = pd.Series(text[todo], dtype=str)
        if spanish:
            if not len(todo):
                break
            attempt = _spanish_months(attempt)
            attempt = attempt.str.replace("-", " ").where(attempt.str.contains(r"[a-zA-Z]"), attempt)
        for date_format in settings.DATE_FORMATS:
            if not len(todo):
                break
            got = pd.to_datetime(attempt, format=date_format, errors="coerce")
            years = got.dt.year
            ok = (got.notna() & (years >= settings.FIRST_YEAR) & (years <= settings.LAST_YEAR)).to_numpy()
            parsed[todo[ok]] = got[ok].to_numpy().astype("datetime64[ns]")
            todo, attempt = todo[~ok], attempt[~ok].reset_index(drop=True)
    return pd.Series(parsed, index=values.index)


def date_problem(value: str) -> tuple[str, str]:
    """Why ``value`` is not a date the map can use: (reason, message).
    The message is a catalogue template of ``value`` and the years ``first``-``last`` allowed."""
    value = value.strip()
    if not value:
        return N_("no date"), N_("no date given")
    match = _YEAR_FIRST.match(value) or _DAY_FIRST.match(value)
    if match:
        y, m, d = (int(match.group(k)) for k in "ymd")
        if not settings.FIRST_YEAR <= y <= settings.LAST_YEAR:
            return N_("date out of range"), N_("date {value} is outside the years {first}–{last}")
        if _DAY_FIRST.match(value) and m > 12:
            return N_("impossible date"), N_(
                "date {value} does not exist (dates are read day first: 09/01/2023 is 9 January)"
            )
        return N_("impossible date"), N_("date {value} does not exist")
    return N_("unreadable date"), N_("'{value}' is not a date (write e.g. 2023-01-09 or 09/01/2023)")


def _numbers(values: pd.Series, decimal_comma: bool = False) -> pd.Series:
    """Numbers written as text; blanks and unreadable values become NaN. With ``decimal_comma``
    a comma in a value without a point is its decimal mark (-15,49)."""
    text = values.str.strip()
    if decimal_comma:
        text = text.where(text.str.contains(".", regex=False), text.str.replace(",", ".", regex=False))
    try:  # pyarrow's cast: 4x faster than to_numeric when every value reads
        arrow = pa.array(text.array)
        arrow = pc.if_else(pc.equal(arrow, ""), pa.scalar(None, arrow.type), arrow)
        return pd.Series(pc.cast(arrow, pa.float64()).to_numpy(zero_copy_only=False), index=values.index)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pd.to_numeric(text.replace("", np.nan), errors="coerce").astype(float)


# A whole number whose points (Spanish) or commas (English) group its thousands: 1.234, 12,000.
GROUPED_WHOLE = {".": r"\d{1,3}(?:\.\d{3})+", ",": r"\d{1,3}(?:,\d{3})+"}
GROUPED_NOTE = {
    ".": N_("{value} read as {number} people (its point separates thousands)"),
    ",": N_("{value} read as {number} people (its comma separates thousands)"),
}


def _people(values: pd.Series, decimal_comma: bool, report) -> pd.Series:
    """A count of people (deaths, injured) as :func:`_numbers` reads it, except for a whole number
    written with its thousands grouped, read as the whole number with a note on the row:

    - "1,000" or "12,500" (a comma, then groups of exactly three digits): English spreadsheets
      group thousands so. Read as a decimal comma it would be one person (1,000) or one and a half
      (1,500), which no count of people is; ACLED writes whole numbers without separators, and a
      Spanish file with a decimal comma never writes "1,000" for one. So 1000, never silently 1.
    - "1.234" in a file written with decimal commas: the Spanish way; 1234 people, not 1.234 of
      a person.

    A comma followed by other than three digits ("2,5") stays a decimal comma: 2.5, refused as
    not a whole number.
    """
    numbers = _numbers(values, decimal_comma)
    text = values.str.strip()
    for mark in (".", ",") if decimal_comma else (",",):
        # 12.000 reads as 12.0, 1,200 as 1.2: the text says which were written grouped (RE2, vectorized).
        grouped = pc.match_substring_regex(pa.array(text.array, pa.string()), f"^{GROUPED_WHOLE[mark]}$")
        grouped = grouped.to_numpy(zero_copy_only=False).astype(bool)
        if grouped.any():
            whole = text[grouped].str.replace(mark, "", regex=False)
            numbers[grouped] = whole.astype(float).to_numpy()
            report(
                grouped,
                values.name,
                N_("thousands grouped"),
                GROUPED_NOTE[mark],
                False,
                value=partial(quoted, column=values.name),
                number=whole.reindex(values.index, fill_value=""),
            )
    return numbers


def missing_columns_error(name: str, headers: list[str], missing: list[str]) -> EventFileError:
    """One error for a file without the columns it needs: which, and the nearest headers found."""
    keys = {header_key(h): h for h in headers}
    hints = []
    for column in missing:
        candidates = (column, *settings.HEADER_ALIASES.get(column, ()))
        near = {keys[k] for c in candidates for k in difflib.get_close_matches(header_key(c), keys, n=2, cutoff=0.6)}
        if near:
            hints.append((column, ", ".join(f"'{shown(h)}'" for h in sorted(near))))
    listed = ", ".join(f"'{shown(h)}'" for h in headers[:12]) + (", …" if len(headers) > 12 else "")
    named = [f"{c} ({settings.HEADER_ALIASES[c][0]})" if settings.HEADER_ALIASES.get(c) else c for c in missing]

    def message(lang: str) -> str:
        near = "; ".join(t("{column}: nearest header {headers}", lang, column=c, headers=h) for c, h in hints)
        return t(
            "'{name}' lacks the column(s) {columns}{hints}. Its headers are {headers}. An events file needs "
            "{required}, and latitude and longitude or a place (admin1, admin2, admin3 or location); ACLED "
            "names or their Spanish equivalents (fecha, tipo, fallecidos, latitud, longitud, departamento, "
            "provincia, distrito, lugar) are understood",
            lang,
            name=name,
            columns=", ".join(named),
            hints=f" ({near})" if near else "",
            headers=listed or t("none", lang),
            required=", ".join(settings.REQUIRED_COLUMNS),
        )

    return EventFileError(message("en"), told=message)


def validate_events(raw: RawTable | pd.DataFrame, source_name: str = "") -> EventTable:
    """Check the text columns read from an events file and convert their types.

    Parameters
    ----------
    raw : RawTable or DataFrame
        As read by :func:`geo.io.reader.read_table` (a bare frame of text columns counts its rows
        from 2, as a CSV with a header would).
    source_name : str
        File name, for messages (a RawTable's own name by default).

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
    columns = list(raw.frame.columns)
    missing = [c for c in settings.REQUIRED_COLUMNS if c not in columns]
    has_pair = all(c in columns for c in settings.COORDINATE_COLUMNS)
    if not has_pair and not any(c in columns for c in settings.PLACE_COLUMNS):
        missing += [c for c in settings.COORDINATE_COLUMNS if c not in columns]
    if missing:
        written = {column: header for header, column in raw.renamed.items()}  # the user's own headers
        headers = [written.get(c, c) for c in columns if c != "geometry_problem"]
        raise missing_columns_error(name, headers, missing)

    frame = raw.frame.reset_index(drop=True)
    for column in (*settings.EVENT_COLUMNS, "geometry_problem"):
        if column not in frame:
            frame[column] = ""
        frame[column] = frame[column].astype(str)
    for column in ("event_type", "sub_event_type"):
        frame[column] = acled_types(frame[column])
    file_row = raw.rows
    found: list[pd.DataFrame] = []
    drop = np.zeros(len(frame), dtype=bool)
    decimal_comma = True  # -15,49: Spanish spreadsheets; no number of ours has a thousands comma

    def report(
        mask,
        column: str,
        reason: str,
        template,
        dropped: bool,
        only_kept: bool = True,
        fields: pd.Series | None = None,
        **values,
    ) -> None:
        """Note a problem in every row of ``mask`` (not yet refused, when ``only_kept``): what is
        wrong is ``template`` (a catalogue text, or a column of them) with ``values`` put in, each
        a text, a column of texts, or a function of the rows concerned giving one (made for those
        rows only: a million messages cost seconds); or with ``fields`` already joined."""
        mask = np.asarray(mask, dtype=bool) & (~drop if only_kept else True)
        if not mask.any():
            return
        rows = _Rows(frame, mask)
        values = {
            name: value(rows) if callable(value) else value[mask] if isinstance(value, pd.Series) else value
            for name, value in values.items()
        }
        templates = template[mask] if isinstance(template, pd.Series) else pd.Series(template, index=rows.index)
        if fields is None:
            fields = pd.Series("", index=rows.index, dtype=object)
            for each in templates.unique():
                alike = (templates == each).to_numpy()
                fields[alike] = join_fields(
                    each, {k: v[alike] if isinstance(v, pd.Series) else v for k, v in values.items()}, rows.index[alike]
                ).to_numpy()
        else:
            fields = fields[mask].astype(object)
        found.append(
            pd.DataFrame(
                {
                    "row": file_row[mask],
                    "column": column,
                    "reason": reason,
                    "message": write_messages(templates, fields, SOURCE_LANGUAGE).to_numpy(),
                    "dropped": dropped,
                    "template": templates.to_numpy(),
                    "fields": fields.to_numpy(),
                }
            )
        )

    # Dates
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
            report(
                rows,
                "event_date",
                reason,
                templates,
                True,
                value=shown(frame["event_date"].str.strip()),
                first=settings.FIRST_YEAR,
                last=settings.LAST_YEAR,
            )
    drop |= bad

    no_type = (frame["event_type"].str.strip() == "").to_numpy()
    report(no_type, "event_type", N_("no event type"), N_("no event type given"), True)
    drop |= no_type

    # Deaths: whole numbers of people; a blank counts as 0, and says so (ACLED writes 0 for none).
    fatalities = _people(frame["fatalities"], decimal_comma, report)
    blank = (frame["fatalities"].str.strip() == "").to_numpy()
    finite = np.isfinite(fatalities.to_numpy())
    not_number = ~blank & ~finite & fatalities.isna().to_numpy()
    said = partial(quoted, column="fatalities")
    report(
        not_number, "fatalities", N_("deaths not a number"), N_("{value} is not a number of people"), True, value=said
    )
    negative = finite & (fatalities.to_numpy() < 0)
    report(negative, "fatalities", N_("negative deaths"), N_("{value} is negative"), True, value=said)
    too_many = ~blank & ~not_number & ~negative & (~finite | (fatalities.to_numpy() > settings.MAX_PEOPLE_PER_EVENT))
    report(
        too_many,
        "fatalities",
        N_("implausible deaths"),
        N_("{value} deaths is more than {most} in one event"),
        True,
        value=said,
        most=settings.MAX_PEOPLE_PER_EVENT,
    )
    fractional = finite & ~negative & ~too_many & (fatalities.to_numpy() != np.round(fatalities.to_numpy()))
    report(fractional, "fatalities", N_("deaths not whole"), N_("{value} is not a whole number"), True, value=said)
    drop |= not_number | negative | too_many | fractional
    report(
        blank & ~drop,
        "fatalities",
        N_("no deaths given"),
        N_("no number of deaths given; counted as 0 (write 0 when none were reported)"),
        False,
    )
    fatalities = fatalities.where(~pd.Series(drop, index=frame.index) & fatalities.notna(), 0)

    injured = _people(frame["injured"], decimal_comma, report)
    given = (frame["injured"].str.strip() != "").to_numpy()
    values = injured.to_numpy()
    with np.errstate(invalid="ignore"):
        bad = given & (
            ~np.isfinite(values)
            | (values < 0)
            | (values != np.round(values))
            | (values > settings.MAX_PEOPLE_PER_EVENT)
        )
    report(
        bad,
        "injured",
        N_("injured unreadable"),
        N_("{value} is not a plausible whole number of people (0 to {most}); the injured count is left blank"),
        False,
        value=partial(quoted, column="injured"),
        most=settings.MAX_PEOPLE_PER_EVENT,
    )
    injured = injured.where(~bad)

    latitude, longitude = _locate(frame, report, decimal_comma)

    kind = frame["fatality_kind"].str.strip().str.lower()
    bad = ((fatalities > 0) & (kind != "") & ~kind.isin(settings.FATALITY_KINDS)).to_numpy()
    report(
        bad,
        "fatality_kind",
        N_("unknown fatality kind"),
        N_("{value} is not one of {kinds}; these deaths count as '{unknown}'"),
        False,
        value=partial(quoted, column="fatality_kind"),
        kinds=", ".join(settings.FATALITY_KINDS),
        unknown=settings.UNKNOWN_KIND,
    )
    # A file that does not say who died counts its deaths as of unknown kind.
    kind = kind.where(kind.isin(settings.FATALITY_KINDS), settings.UNKNOWN_KIND).where(fatalities > 0, "")

    placed_at = frame["placed_at"].str.strip().str.lower()
    bad = (~placed_at.isin(PLACED_AT_VALUES)).to_numpy()
    report(
        bad,
        "placed_at",
        N_("unknown placed_at"),
        N_("{value} is not 'town' or 'district'; ignored"),
        False,
        value=partial(quoted, column="placed_at"),
    )
    placed_at = placed_at.where(~bad, "")

    precision = _numbers(frame["geo_precision"])
    given = (frame["geo_precision"].str.strip() != "").to_numpy()
    bad = given & ~precision.isin([1, 2, 3]).to_numpy()
    report(
        bad,
        "geo_precision",
        N_("unknown geo_precision"),
        N_("{value} is not 1, 2 or 3 (exact place, nearby town, region); read from the coordinates instead"),
        False,
        value=partial(quoted, column="geo_precision"),
    )
    precision = precision.where(precision.isin([1, 2, 3]))
    # Rows without a point that name a place are placed at it by the gazetteer.
    unplaced = (latitude.isna() & (precision != settings.GEO_PRECISION_REGION) & (placed_at == "")).to_numpy() & ~drop
    if unplaced.any():
        placed, noted = place_rows(frame.loc[unplaced, ["location", "admin1", "admin2", "admin3"]])
        latitude[placed.index], longitude[placed.index] = placed["latitude"], placed["longitude"]
        placed_at[placed.index] = placed["placed_at"]
        precision[placed.index] = settings.GEO_PRECISION_TOWN
        for reason in noted["reason"].unique():
            rows = noted[noted["reason"] == reason]
            mask = np.zeros(len(frame), dtype=bool)
            mask[rows.index] = True
            templates, fields = pd.Series("", index=frame.index), pd.Series("", index=frame.index)
            templates[rows.index], fields[rows.index] = rows["template"], rows["fields"]
            column = {"unknown department": "admin1", "other province": "admin2"}.get(reason, "location")
            report(mask, column, reason, templates, False, fields=fields)
    has_point = latitude.notna()
    named = frame[list(settings.PLACE_COLUMNS)].apply(lambda c: c.str.strip() != "").any(axis=1)
    nowhere = (~has_point & ~named).to_numpy()
    report(
        nowhere,
        "location",
        N_("no place"),
        N_("no coordinates and no place named; the event counts in the totals as unassigned"),
        False,
    )
    precision = precision.fillna(
        pd.Series(np.where(has_point, settings.GEO_PRECISION_EXACT, settings.GEO_PRECISION_REGION), index=frame.index)
    )
    # A point given at region precision is a region's centre, whatever a file claims for a blank.
    precision = precision.where(
        has_point | (precision == settings.GEO_PRECISION_REGION) | (placed_at != ""), settings.GEO_PRECISION_REGION
    )

    events = frame[list(settings.EVENT_COLUMNS)].copy()
    for column in TEXT_COLUMNS:
        events[column] = events[column].str.strip()
    events["event_date"] = dates
    events["latitude"], events["longitude"] = latitude, longitude
    events["geo_precision"] = precision.astype("int8")
    events["fatalities"] = fatalities.astype("int64")
    events["fatality_kind"] = kind
    events["placed_at"] = placed_at.where(latitude.notna(), "")
    events["injured"] = injured.round().astype("Int64")
    events["source_row"] = file_row

    ids = events["event_id_cnty"]
    duplicate = (
        (ids != "")
        & ids.where(~pd.Series(drop, index=ids.index)).duplicated(keep="first")
        & ~pd.Series(drop, index=ids.index)
    ).to_numpy()

    def first_row(f) -> pd.Series:  # "'A1' repeats row 2": the row that kept the id
        again = f["event_id_cnty"]
        firsts = ids[~drop & ~duplicate & ids.isin(set(again)).to_numpy()]
        return again.map(pd.Series(file_row[firsts.index], index=firsts.to_numpy())).fillna(0).astype(int).astype(str)

    report(
        duplicate,
        "event_id_cnty",
        N_("duplicate event id"),
        N_("{value} repeats row {row} (re-exports overlap)"),
        True,
        value=partial(quoted, column="event_id_cnty"),
        row=first_row,
    )
    drop |= duplicate
    missing_id = (events["event_id_cnty"] == "").to_numpy() & ~drop
    events.loc[missing_id, "event_id_cnty"] = ["row-" + str(r) for r in file_row[missing_id]]

    broken = raw.broken
    found.append(
        pd.DataFrame(
            {
                "row": broken["row"].to_numpy(dtype=np.int64),
                "column": WHOLE_ROW,
                "reason": broken["template"].map(BROKEN_REASONS).fillna(N_("malformed row")).to_numpy(),
                "message": broken["message"].to_numpy(dtype=object),
                "template": broken["template"].to_numpy(dtype=object),
                "fields": broken["fields"].to_numpy(dtype=object),
                "dropped": True,
            }
        )
    )
    problems = (
        pd.concat([f for f in found if len(f)], ignore_index=True) if any(len(f) for f in found) else _no_problems()
    )
    refused_rows = problems.loc[problems["dropped"], "row"]
    problems = problems[problems["dropped"] | ~problems["row"].isin(refused_rows)]
    problems = (
        problems.astype({"row": "int64", "dropped": bool})
        .sort_values(["row", "dropped"], ascending=[True, False], kind="stable")
        .reset_index(drop=True)
    )
    rejected = _rejected(raw, drop, problems)
    kept = events[~drop].reset_index(drop=True)
    return EventTable(
        kept, problems, name, rejected, raw.total, raw.kind, raw.unit, raw.renamed, line_count=raw.line_count
    )


class _Rows:
    """Some rows of a frame, a column taken only when asked for (a message reads one or two)."""

    def __init__(self, frame: pd.DataFrame, mask: np.ndarray):
        self.frame, self.mask = frame, mask
        self.index = frame.index[mask]

    def __getitem__(self, column: str) -> pd.Series:
        return self.frame[column][self.mask]


def quoted(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column's values as a message quotes them: 'value', made safe to show by
    :func:`geo.messages.shown` (cut at :data:`settings.MAX_SHOWN_CHARS` characters)."""
    return "'" + shown(frame[column].str.strip()) + "'"


def _locate(frame: pd.DataFrame, report, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """The coordinates of each row, checked: unreadable, half a pair, swapped, or outside Peru."""
    latitude = _numbers(frame["latitude"], decimal_comma)
    longitude = _numbers(frame["longitude"], decimal_comma)
    for column, values, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        given = (frame[column].str.strip() != "").to_numpy()
        bad = given & (values.isna() | ~np.isfinite(values) | (values.abs() > limit)).to_numpy()
        report(
            bad,
            column,
            N_("unreadable coordinate"),
            N_(
                "{value} is not a coordinate between -{limit} and "
                "{limit}; the event is placed by the place it names instead"
            ),
            False,
            value=partial(quoted, column=column),
            limit=limit,
        )
        values[bad] = np.nan
    half = (latitude.isna() ^ longitude.isna()).to_numpy()
    for column, other_values, template in (
        (
            "longitude",
            latitude,
            N_("no longitude given with the latitude; the event is placed by the place it names instead"),
        ),
        (
            "latitude",
            longitude,
            N_("no latitude given with the longitude; the event is placed by the place it names instead"),
        ),
    ):
        blank = frame[column].str.strip().eq("").to_numpy()
        report(half & blank & other_values.notna().to_numpy(), column, N_("half a coordinate pair"), template, False)
    latitude[half], longitude[half] = np.nan, np.nan
    has = latitude.notna().to_numpy()
    as_given = has & near_peru(longitude.to_numpy(), latitude.to_numpy())
    swapped = has & ~as_given & near_peru(latitude.to_numpy(), longitude.to_numpy())
    given = {
        "latitude": lambda f: shown(f["latitude"].str.strip()),
        "longitude": lambda f: shown(f["longitude"].str.strip()),
    }
    report(
        swapped,
        "latitude",
        N_("latitude and longitude swapped"),
        N_(
            "latitude {latitude} and longitude {longitude} are the wrong way round (no place in Peru has that "
            "latitude); read as latitude {longitude}, longitude {latitude}"
        ),
        False,
        **given,
    )
    # Copies first: with every row selected, pandas 3 hands out a view of the column being written.
    given_latitude, given_longitude = latitude.to_numpy(copy=True), longitude.to_numpy(copy=True)
    latitude[swapped], longitude[swapped] = given_longitude[swapped], given_latitude[swapped]
    outside = has & ~as_given & ~swapped
    report(
        outside,
        "latitude",
        N_("outside Peru"),
        N_("the point ({latitude}, {longitude}) is outside Peru; the event is placed by the place it names instead"),
        False,
        **given,
    )
    latitude[outside], longitude[outside] = np.nan, np.nan
    near = as_given | swapped
    off_land = near.copy()
    off_land[near] = ~on_land(longitude[near].to_numpy(), latitude[near].to_numpy())
    report(
        off_land,
        "latitude",
        N_("in no district"),
        N_(
            "the point ({latitude}, {longitude}) is in no district of "
            "Peru (a lake, the sea, or just across the border); it is drawn but counted as unassigned"
        ),
        False,
        **given,
    )
    geometry = frame["geometry_problem"].str.strip()
    unreadable, empty = (geometry == UNREADABLE_GEOMETRY).to_numpy(), (geometry == EMPTY_GEOMETRY).to_numpy()
    report(
        unreadable,
        "geometry",
        N_("unreadable geometry"),
        N_("its geometry cannot be read (not valid WKB); the event is placed by the place it names instead"),
        False,
    )
    report(
        empty,
        "geometry",
        N_("empty geometry"),
        N_("its geometry is an empty point; the event is placed by the place it names instead"),
        False,
    )
    report(
        (geometry != "").to_numpy() & ~unreadable & ~empty,
        "geometry",
        N_("not a point"),
        N_("its geometry is a {kind}, not a Point; the event is placed by the place it names instead"),
        False,
        kind=shown(geometry),
    )
    return latitude, longitude


def acled_types(values: pd.Series) -> pd.Series:
    """Event types or sub-types with those written in Spanish ("Protestas", "protesta pacífica")
    read as the ACLED value they name (settings.EVENT_TYPE_SPANISH), so they keep ACLED's colours
    and filters; other values as written. Each distinct value is looked at once."""
    english = {
        normalize_name(es): en
        for table in (settings.EVENT_TYPE_SPANISH, settings.SUB_EVENT_TYPE_SPANISH)
        for en, es in table.items()
    }
    codes, distinct = pd.factorize(values)
    named = np.array([english.get(normalize_name(v), v) for v in distinct], dtype=object)
    if len(distinct) == 0 or (named == distinct.to_numpy(dtype=object)).all():
        return values
    return pd.Series(named[codes], index=values.index, dtype=values.dtype)


def refusals(problems: pd.DataFrame, renamed: dict, messages: pd.Series, lang: str) -> pd.Series:
    """Why each refused row was refused, indexed by row: "column 'Fecha': date 31/02/2023 does
    not exist", its problems joined by "; " (``messages`` are the problems' messages in ``lang``;
    ``renamed`` the file's headers, as :attr:`EventTable.renamed`)."""
    refused = problems["dropped"].to_numpy()
    written = {column: shown(header) for header, column in renamed.items()}
    written[WHOLE_ROW] = t(WHOLE_ROW, lang)
    columns = problems.loc[refused, "column"].map(lambda c: written.get(c, shown(c)))
    text = pd.Series(
        (t("column", lang) + " '" + columns + "': " + messages[refused]).to_numpy(),
        index=problems.loc[refused, "row"].to_numpy(),
    )
    several = text.index.duplicated(keep=False)  # joined only where a row has several (fast)
    return pd.concat([text[~several], text[several].groupby(level=0).agg("; ".join)])


def _rejected(raw: RawTable, drop: np.ndarray, problems: pd.DataFrame) -> pd.DataFrame:
    """The refused rows as the file wrote them, with ``row`` and ``reason`` (every problem of the
    row that refused it), in file order; rows that could not be split keep their text in ``raw_text``."""
    reasons = refusals(problems, raw.renamed, problems["message"], SOURCE_LANGUAGE)
    rows = raw.frame[drop].rename(columns={v: k for k, v in raw.renamed.items()})
    # A file's own `row` or `reason` (a rejected-rows file opened again) keeps its values beside ours.
    rows = rows.rename(columns={c: f"{c} (in the file)" for c in ("row", "reason") if c in rows})
    rows.insert(0, "row", raw.rows[drop])
    broken = pd.DataFrame({"row": raw.broken["row"], "raw_text": raw.broken["text"]})
    out = pd.concat([rows, broken], ignore_index=True) if len(broken) else rows
    out = out.sort_values("row", kind="stable").reset_index(drop=True)
    out.insert(1, "reason", out["row"].map(reasons).fillna(""))
    return out.fillna("")


def read_events(path: str | Path | None = None, max_bytes: int | None = None) -> EventTable:
    """Read and check an events file (CSV, Excel, GeoJSON or Parquet; ACLED or Spanish headers).

    Parameters
    ----------
    path : str or Path, optional
        The file; the bundled events when omitted.
    max_bytes : int, optional
        Refuse larger files (the page's upload limit).

    Returns
    -------
    EventTable

    Raises
    ------
    EventFileError
        When the file is missing, unreadable, or lacks a required column.

    Examples
    --------
    >>> table = read_events()
    >>> int(table.events["fatalities"].sum())
    58
    """
    path = Path(path) if path is not None else settings.BUNDLED_EVENTS
    return validate_events(read_table(path, max_bytes=max_bytes))


def with_bundled(user: EventTable) -> EventTable:
    """The bundled events followed by a user's accepted rows, one event per id: a row whose
    ``event_id_cnty`` the bundled events already hold is refused as a duplicate."""
    base = read_events()
    duplicate = user.events["event_id_cnty"].isin(base.events["event_id_cnty"]).to_numpy()
    again = user.events[duplicate]
    template = N_("{value} is already among the bundled events")
    value = quoted(again, "event_id_cnty")
    problems = pd.DataFrame(
        {
            "row": again["source_row"].to_numpy(dtype=np.int64),
            "column": "event_id_cnty",
            "reason": N_("already bundled"),
            "message": "",
            "dropped": True,
            "template": template,
            "fields": join_fields(template, {"value": value}, value.index).to_numpy(),
        }
    )
    problems["message"] = write_messages(problems["template"], problems["fields"], SOURCE_LANGUAGE).to_numpy()
    problems = pd.concat([user.problems, problems], ignore_index=True).sort_values("row", kind="stable")
    written = {column: header for header, column in user.renamed.items()}  # back to the file's headers
    refused = again.astype(str).rename(columns={"source_row": "row", **written})
    refused = refused[["row", *(c for c in user.rejected.columns if c in refused and c not in ("row", "reason"))]]
    refused.insert(
        1,
        "reason",
        refusals(problems, user.renamed, problems["message"], SOURCE_LANGUAGE)
        .reindex(refused["row"].astype(int))
        .to_numpy(),
    )
    rejected = pd.concat([user.rejected, refused], ignore_index=True).fillna("")
    rejected = rejected.sort_values("row", key=lambda r: pd.to_numeric(r), kind="stable").reset_index(drop=True)
    events = pd.concat([base.events, user.events[~duplicate]], ignore_index=True)
    return EventTable(
        events,
        problems.reset_index(drop=True),
        user.source_name,
        rejected,
        user.total,
        user.kind,
        user.unit,
        user.renamed,
        bundled_rows=len(base.events),
        line_count=user.line_count,
    )


def report_lines(table: EventTable, limit: int = 20, hint: bool = True, lang: str = "en") -> list[str]:
    """What the command line prints (and the page shows) about a file: the accounting, the
    reasons, event types the map cannot colour, the first ``limit`` problems; in ``lang``."""
    lines = [f"{shown(table.source_name)} ({kind_words(table.kind, lang)}): {table.summary(lang)}"]
    if table.renamed:
        read_as = ", ".join(f"{shown(k)} → {v}" for k, v in table.renamed.items())
        lines.append(t("headers read as:", lang) + " " + read_as)
    if table.bundled_rows:
        lines.append(t("shown with the {n} bundled events", lang, n=number(table.bundled_rows, lang)))
    for title, counts in (
        (t("rejected:", lang), table.rejected_by_reason()),
        (t("kept, with a value cleared or corrected:", lang), table.warnings_by_reason()),
    ):
        if len(counts):
            lines.append(title)
            lines += [f"  {number(count, lang):>9}  {t(reason, lang)}" for reason, count in counts.items()]
    placed = table.events["placed_at"].iloc[table.bundled_rows :]
    placed = placed[placed != ""].value_counts()
    if placed.sum():
        lines.append(
            t(
                "placed by the gazetteer (no coordinates): {n} ({towns} at a town, {districts} somewhere in a "
                "district)",
                lang,
                n=number(int(placed.sum()), lang),
                towns=number(int(placed.get(settings.PLACED_AT_TOWN, 0)), lang),
                districts=number(int(placed.get(settings.PLACED_AT_DISTRICT, 0)), lang),
            )
        )
    # A type that is not one of ACLED's is kept, but the map can only draw it grey: say so.
    types = table.events["event_type"].iloc[table.bundled_rows :]
    other = types[~types.isin(settings.EVENT_TYPE_COLORS)].value_counts()
    if len(other):
        named = ", ".join(f"{shown(name)} ({number(n, lang)})" for name, n in other.head(OTHER_TYPES_NAMED).items())
        lines.append(
            t(
                "event types that are not ACLED's, drawn grey as “other”: {types}",
                lang,
                types=named + (", …" if len(other) > OTHER_TYPES_NAMED else ""),
            )
        )
    lines += table.problem_lines(limit, lang)
    if hint and len(table.problems) > limit:
        lines.append(
            t(
                "… and {n} more (python -m geo validate PATH --rejected OUT.csv writes the rejected rows)",
                lang,
                n=number(len(table.problems) - limit, lang),
            )
        )
    return lines
