"""(Geo)Parquet files read into text columns, whatever their column types.

The footer is checked before any column is read (:func:`geo.io.bounds.check_parquet`), then the row
groups are read one at a time, their size in memory counted against
:data:`settings.MAX_UNPACKED_MB`. Every column becomes text with pyarrow's own casts (numbers,
decimals, dates, timestamps of any year, dictionaries), lists, records and maps as JSON text; no
value goes through pandas' timestamps, whose years stop at 1677 and 2262. A GeoParquet geometry
column of points gives longitude and latitude; a geometry that cannot be read, or is empty, is a
problem of its row, not of the file. Metadata that cannot be read is ignored, and the file says so.
"""

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo import settings
from geo.errors import EventFileError
from geo.i18n import N_
from geo.io.bounds import check_json_depth, check_parquet, unpacked_too_large
from geo.io.rawtable import EMPTY_GEOMETRY, UNREADABLE_GEOMETRY, RawTable, project_names, raw_table
from geo.messages import shown

# Said after "GeoParquet" or "Parquet" in what a file was read as (geo.io.reader.kind_words translates them).
METADATA_IGNORED = N_("its GeoParquet metadata could not be read and was ignored")
PARQUET_NOTES = (METADATA_IGNORED,)
# Shapely's geometry type ids, in order (a Parquet file's shapes come as ids).
GEOMETRY_KINDS = (
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
)


def read_parquet(data: bytes, name: str) -> RawTable:
    """A Parquet file; a GeoParquet geometry column of points gives longitude and latitude."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        check_parquet(parquet.metadata, name)
        table = _row_groups(parquet, name)
    except (pa.ArrowException, OSError) as error:
        raise EventFileError.said(
            "'{name}' is not a readable Parquet file: {error}", name=name, error=shown(error)
        ) from None
    geometry, understood = _geometry_column(table.schema.metadata, table.column_names)
    headers, columns, size = [], [], 0
    for header, column in zip(table.column_names, table.columns):
        if header != geometry:
            try:
                text = text_column(column)
            except _TooLong:
                raise unpacked_too_large(name) from None
            size += text.nbytes
            if size > settings.MAX_UNPACKED_MB << 20:
                raise unpacked_too_large(name)
            headers.append(str(header))
            columns.append(text)
    if geometry is not None:
        headers += ["longitude", "latitude", "geometry_problem"]
        columns += _points(table.column(geometry))
    names, renamed = project_names(headers)
    frame = pa.Table.from_arrays(columns, names=names).to_pandas() if columns else pd.DataFrame(index=range(0))
    kind = "GeoParquet" if geometry is not None else "Parquet"
    kind = kind if understood else f"{kind} ({METADATA_IGNORED})"
    return raw_table(frame, np.arange(1, len(frame) + 1), [], name, kind, renamed)


def _row_groups(parquet, name: str) -> pa.Table:
    """The file's rows, read a row group at a time and refused once they pass the bound."""
    groups, size = [], 0
    for i in range(parquet.num_row_groups):
        group = parquet.read_row_group(i)
        size += group.nbytes
        if size > settings.MAX_UNPACKED_MB << 20:
            raise unpacked_too_large(name)
        groups.append(group)
    return pa.concat_tables(groups) if groups else parquet.schema_arrow.empty_table()


def _geometry_column(metadata: dict | None, columns: list[str]) -> tuple[str | None, bool]:
    """The GeoParquet primary geometry column, and whether the ``geo`` metadata could be read. When
    it cannot (not JSON, not an object, no column name), a column named "geometry" is taken."""
    raw = (metadata or {}).get(b"geo")
    if raw is None:
        return None, True
    try:
        check_json_depth(raw, "geo")
        geo = json.loads(raw)
    except (EventFileError, ValueError, RecursionError):
        geo = None
    column = geo.get("primary_column") if isinstance(geo, dict) else None
    if isinstance(column, str) and column in columns:
        return column, True
    return ("geometry" if "geometry" in columns else None), False


class _TooLong(Exception):
    """A column's text would pass the bound on a file's unpacked content."""


def text_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A column of any type as text ("" for a missing value), as a CSV would hold it.

    >>> text_column(pa.chunked_array([[3.0, -15.4997, None, float("nan")]])).to_pylist()
    ['3', '-15.4997', '', '']
    """
    return pa.chunked_array([pc.fill_null(_text(chunk), "") for chunk in column.chunks], pa.large_string())


def _text(array: pa.Array) -> pa.Array:
    kind = array.type
    if isinstance(kind, pa.ExtensionType):
        return _text(array.storage)
    if pa.types.is_dictionary(kind):
        values = _text(array.dictionary)
        expanded = pc.sum(pc.take(pc.binary_length(values), array.indices)).as_py() or 0
        if expanded > settings.MAX_UNPACKED_MB << 20:  # a short list of long texts repeated: too much once written out
            raise _TooLong
        return pc.take(values, array.indices)
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.large_string())
    if pa.types.is_floating(kind):
        array = array.cast(pa.float32()) if pa.types.is_float16(kind) else array
        return pc.if_else(pc.is_nan(array), pa.scalar(None, pa.large_string()), array.cast(pa.large_string()))
    if pa.types.is_timestamp(kind):  # whole seconds, any year; the time left out at midnight
        text = pc.strftime(array.cast(pa.timestamp("s", kind.tz), safe=False), "%Y-%m-%d %H:%M:%S")
        return pc.replace_substring_regex(text, " 00:00:00$", "").cast(pa.large_string())
    if pa.types.is_nested(kind):  # lists, records, maps: JSON text
        return pa.array(
            [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in array.to_pylist()],
            pa.large_string(),
        )
    try:
        return array.cast(pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # bytes that are not UTF-8, a duration
        pass
    if pa.types.is_duration(kind):
        return array.cast(pa.int64()).cast(pa.large_string())
    return pa.array(
        [
            None if v is None else bytes(v).decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
            for v in array.to_pylist()
        ],
        pa.large_string(),
    )


def _points(column: pa.ChunkedArray) -> list[pa.Array]:
    """Longitude, latitude and ``geometry_problem`` from a geometry column: well-known binary
    (WKB), or GeoArrow points (records of x and y). A geometry that is not a point, cannot be
    read, or is empty gives no coordinates and says so."""
    import shapely

    kind = column.type
    if pa.types.is_struct(kind) and {"x", "y"} <= {kind.field(i).name for i in range(kind.num_fields)}:
        flat = column.combine_chunks()
        x = flat.field("x").to_numpy(zero_copy_only=False).astype(float)
        y = flat.field("y").to_numpy(zero_copy_only=False).astype(float)
        missing = ~flat.is_valid().to_numpy(zero_copy_only=False)
        x[missing], y[missing] = np.nan, np.nan
        return [_numbers_text(x), _numbers_text(y), pa.array(np.full(len(x), ""), pa.large_string())]
    if not (pa.types.is_binary(kind) or pa.types.is_large_binary(kind)):  # WKT, numbers: not a geometry we read
        none = np.full(len(column), np.nan)
        unread = np.where(column.is_valid().to_numpy(zero_copy_only=False), UNREADABLE_GEOMETRY, "")
        return [_numbers_text(none), _numbers_text(none), pa.array(unread.astype(str), pa.large_string())]
    given = column.to_numpy()
    shapes = shapely.from_wkb(given, on_invalid="ignore")
    kinds = shapely.get_type_id(shapes)
    is_point = (kinds == 0) & ~shapely.is_empty(shapes)
    x, y = np.full(len(shapes), np.nan), np.full(len(shapes), np.nan)
    x[is_point], y[is_point] = shapely.get_x(shapes[is_point]), shapely.get_y(shapes[is_point])
    problem = np.array(GEOMETRY_KINDS, dtype=object)[np.clip(kinds, 0, len(GEOMETRY_KINDS) - 1)]
    problem = np.where(is_point, "", np.where(kinds == 0, EMPTY_GEOMETRY, problem))
    unread = shapely.is_missing(shapes) & pd.notna(given)  # bytes given, no geometry made of them
    problem = np.where(unread, UNREADABLE_GEOMETRY, np.where(shapely.is_missing(shapes), "", problem))
    return [_numbers_text(x), _numbers_text(y), pa.array(problem.astype(str), pa.large_string())]


def _numbers_text(values: np.ndarray) -> pa.Array:
    return pc.fill_null(_text(pa.array(values, pa.float64())), "").cast(pa.large_string())
