"""Every format and encoding people bring, loaded end to end with known counts (geo.io.reader, geo.io.events).

One Spanish newsroom table of eight rows is written in each format. Whatever the format, the same
three rows are refused (an impossible date, negative deaths, a repeated id), a swapped point is
turned round, a point in Spain is cleared, and two rows without coordinates are placed at the town
they name.
"""

import json
from datetime import datetime

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import shapely

from geo import settings
from geo.errors import EventFileError
from geo.io.reader import read_data, read_table
from geo.place.locate import read_events, validate_events, with_bundled
from tests.conftest import ACLED_COLUMNS

HEADERS = [
    "ID",
    "Fecha",
    "Tipo",
    "Departamento",
    "Provincia",
    "Lugar",
    "Latitud",
    "Longitud",
    "Fallecidos",
    "Heridos",
    "Notas",
    "Fuente",
]
# (id, date, type, department, province, place, lat, lon, deaths, injured, notes, source)
ROWS = [
    (
        "N1",
        "09/01/2023",
        "Protests",
        "Puno",
        "San Román",
        "Juliaca",
        -15.4997,
        -70.1331,
        18,
        100,
        "Enfrentamiento en el aeropuerto",
        "https://example.org/juliaca",
    ),
    (
        "N2",
        "15/12/2022",
        "Protests",
        "Apurímac",
        "Andahuaylas",
        "Andahuaylas",
        None,
        None,
        2,
        None,
        "Sin coordenadas: se ubica en la ciudad",
        "https://example.org/andahuaylas",
    ),
    ("N3", "31/02/2023", "Protests", "Puno", "", "Puno", -15.84, -70.02, 0, None, "fecha imposible", ""),
    ("N4", "10/01/2023", "Riots", "Cusco", "", "Cusco", -13.53, -71.97, -1, None, "muertos negativos", ""),
    (
        "N5",
        "11/01/2023",
        "Protests",
        "Arequipa",
        "",
        "Arequipa",
        -71.54,
        -16.40,
        1,
        None,
        "latitud y longitud al revés",
        "",
    ),
    ("N6", "12/01/2023", "Protests", "", "", "", 40.4168, -3.7038, 0, None, "un punto en Madrid", ""),
    ("N1", "09/01/2023", "Protests", "Puno", "San Román", "Juliaca", -15.4997, -70.1331, 18, None, "fila repetida", ""),
    ("N8", "13/01/2023", "Protests", "Puno", "", "Puno", -15.84, None, 0, None, "media coordenada", ""),
]
ACCEPTED_IDS = ["N1", "N2", "N5", "N6", "N8"]
REFUSED = {4: "impossible date", 5: "negative deaths", 8: "duplicate event id"}  # row -> reason


def _text(value, decimal_comma=False) -> str:
    if value is None:
        return ""
    text = str(value)
    return text.replace(".", ",") if decimal_comma and isinstance(value, float) else text


def write_delimited(path, delimiter=",", encoding="utf-8", decimal_comma=False, newline="\n"):
    def cell(value):
        text = _text(value, decimal_comma)
        return f'"{text}"' if delimiter in text or '"' in text else text

    lines = [delimiter.join(HEADERS)] + [delimiter.join(cell(v) for v in row) for row in ROWS]
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def write_xlsx(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Eventos"
    sheet.append(HEADERS)
    for row in ROWS:
        values = list(row)
        try:  # a real spreadsheet holds dates as dates (the impossible one stays text)
            values[1] = datetime.strptime(values[1], "%d/%m/%Y")
        except ValueError:
            pass
        sheet.append(values)
    book.save(path)
    return path


def _features():
    features = []
    for row in ROWS:
        properties = dict(zip(HEADERS, row))
        lat, lon = properties.pop("Latitud"), properties.pop("Longitud")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        if row[0] == "N8":  # half a pair cannot be a GeoJSON point: written as properties
            properties["Latitud"] = lat
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return features


def write_geojson(path):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": _features()}), encoding="utf-8")
    return path


def write_geoparquet(path):
    frame = pd.DataFrame([dict(zip(HEADERS, row)) for row in ROWS])
    points = [
        shapely.Point(lon, lat) if lat is not None and lon is not None and not pd.isna(lon) else None
        for lat, lon in zip(frame.pop("Latitud"), frame.pop("Longitud"))
    ]
    frame["Latitud"] = [None] * 7 + [-15.84]  # N8's half pair
    gpd.GeoDataFrame(frame, geometry=points, crs=settings.CRS).to_parquet(path)
    return path


FORMATS = {
    "csv-utf8-comma": lambda d: write_delimited(d / "eventos.csv"),
    "csv-utf8-bom-crlf": lambda d: write_delimited(d / "eventos.csv", encoding="utf-8-sig", newline="\r\n"),
    "csv-cp1252-semicolon-decimal-comma": lambda d: write_delimited(d / "eventos.csv", ";", "cp1252", True),
    "tsv-utf8": lambda d: write_delimited(d / "eventos.tsv", "\t"),
    "txt-utf16-tab (Excel 'Unicode text')": lambda d: write_delimited(d / "eventos.txt", "\t", "utf-16", True, "\r\n"),
    "xlsx": lambda d: write_xlsx(d / "eventos.xlsx"),
    "geojson": lambda d: write_geojson(d / "eventos.geojson"),
    "geoparquet": lambda d: write_geoparquet(d / "eventos.parquet"),
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_loads_with_the_same_counts(tmp_path, fmt):
    table = read_events(FORMATS[fmt](tmp_path))
    assert (table.total, table.accepted, table.rejected_count) == (8, 5, 3)
    events = table.events.set_index("event_id_cnty")
    assert list(events.index) == ACCEPTED_IDS
    assert events["fatalities"].sum() == 21
    assert events.loc["N1", "injured"] == 100 and pd.isna(events.loc["N2", "injured"])
    assert events.loc["N2", "event_date"] == pd.Timestamp("2022-12-15")
    # Accents survive every encoding.
    assert events.loc["N2", "admin1"] == "Apurímac" and events.loc["N1", "admin2"] == "San Román"
    # Swapped point turned round; Madrid cleared; the half pair and N2 placed by the gazetteer.
    assert events.loc["N5", ["latitude", "longitude"]].tolist() == pytest.approx([-16.40, -71.54])
    assert pd.isna(events.loc["N6", "latitude"])
    assert events.loc["N2", "placed_at"] == settings.PLACED_AT_TOWN
    assert events.loc["N2", "geo_precision"] == settings.GEO_PRECISION_TOWN
    assert events.loc["N2", "latitude"] == pytest.approx(-13.656, abs=0.01)  # Andahuaylas town
    assert events.loc["N8", "placed_at"] == settings.PLACED_AT_TOWN
    assert events.loc["N8", "longitude"] == pytest.approx(-70.02, abs=0.05)  # Puno town
    unit = "feature" if fmt == "geojson" else "row"
    first_row = 1 if fmt in ("geojson", "geoparquet") else 2  # the first record's number
    refused = table.problems[table.problems["dropped"]]
    assert dict(zip(refused["row"] - first_row + 2, refused["reason"])) == REFUSED
    assert table.unit == unit
    assert len(table.rejected) == 3 and list(table.rejected["row"] - first_row + 2) == sorted(REFUSED)


def test_messages_name_the_row_column_and_what_was_done(tmp_path):
    """Each problem names the row, the column as the file heads it (Fecha, not event_date), what
    is wrong and what was done."""
    table = read_events(FORMATS["csv-cp1252-semicolon-decimal-comma"](tmp_path))
    lines = table.problem_lines()
    assert "row 4, column 'Fecha': date 31/02/2023 does not exist (row refused)" in lines
    assert "row 5, column 'Fallecidos': '-1' is negative (row refused)" in lines
    assert (
        "row 6, column 'Latitud': latitude -71,54 and longitude -16,4 are the wrong way round (no place in "
        "Peru has that latitude); read as latitude -16,4, longitude -71,54 (row kept)"
    ) in lines
    assert (
        "row 7, column 'Latitud': the point (40,4168, -3,7038) is outside Peru; the event is placed by the "
        "place it names instead (row kept)"
    ) in lines
    assert "row 8, column 'ID': 'N1' repeats row 2 (re-exports overlap) (row refused)" in lines
    assert (
        "row 9, column 'Longitud': no longitude given with the latitude; the event is placed by the place "
        "it names instead (row kept)"
    ) in lines
    assert table.renamed["Fecha"] == "event_date" and table.renamed["Fallecidos"] == "fatalities"
    assert table.kind == "CSV (Windows-1252, semicolon-separated)"


def test_rejected_rows_keep_the_users_headers_and_values(tmp_path):
    table = read_events(FORMATS["csv-utf8-comma"](tmp_path))
    rejected = table.rejected
    assert list(rejected.columns[:4]) == ["row", "reason", "ID", "Fecha"]
    assert rejected["ID"].tolist() == ["N3", "N4", "N1"]
    assert rejected["reason"].iloc[0] == "column 'Fecha': date 31/02/2023 does not exist"


def test_row_numbers_count_blank_lines_and_quoted_newlines(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text(
        "event_date,event_type,fatalities,latitude,longitude,notes\n"
        "\n"
        '2023-01-09,Protests,1,-15.5,-70.13,"two\nlines"\n'
        "\n"
        "2023-02-30,Protests,0,-15.5,-70.13,x\n",
        encoding="utf-8",
    )
    table = read_events(path)
    assert table.problem_lines() == ["row 6, column 'event_date': date 2023-02-30 does not exist (row refused)"]
    assert table.events["notes"].tolist() == ["two\nlines"]


def test_a_stray_quote_swallows_no_rows_and_ragged_rows_are_refused_alone(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "event_date,event_type,fatalities,latitude,longitude,notes\n"
        "2023-01-09,Protests,1,-15.5,-70.13,ok\n"
        '2023-01-10,Protests,1,-15.5,-70.13,"never closed\n'
        "2023-01-11,Protests,1,-15.5,-70.13,ok\n"
        "2023-01-12,Protests,1,-15.5\n"
        "2023-01-13,Protests,1,-15.5,-70.13,ok,extra,fields\n"
        "2023-01-14,Protests,2,-15.5,-70.13,ok,,\n",
        encoding="utf-8",
    )
    table = read_events(path)
    assert table.events["event_date"].dt.day.tolist() == [9, 11, 14]
    assert table.problem_lines() == [
        "row 3, column '(whole row)': a quote opened in this row is never closed (row refused)",
        "row 5, column '(whole row)': it has 4 fields where the header has 6 (row refused)",
        "row 6, column '(whole row)': it has 8 fields where the header has 6 (row refused)",
    ]
    assert (table.total, table.accepted) == (6, 3)
    assert table.rejected["raw_text"].tolist()[1] == "2023-01-12,Protests,1,-15.5"


def test_ragged_rows_in_a_clean_file_are_found_by_the_fast_reader(tmp_path, monkeypatch):
    """Every line one record: pyarrow reads it (the line-by-line reader is switched off) and still
    names the ragged rows by line, blank lines counted."""
    import geo.io.delimited

    monkeypatch.setattr(geo.io.delimited, "_line_by_line", None)
    path = tmp_path / "fast.csv"
    path.write_text(
        "event_date,event_type,fatalities,latitude,longitude\n"
        "2023-01-09,Protests,1,-15.5,-70.13\n\n"
        "2023-01-10,Protests,1\n\n"
        "2023-01-11,Protests,1,-15.5,-70.13,,\n"
        "2023-01-12,Protests\n",
        encoding="utf-8",
    )
    table = read_events(path)
    assert table.problem_lines() == [
        "row 4, column '(whole row)': it has 3 fields where the header has 5 (row refused)",
        "row 7, column '(whole row)': it has 2 fields where the header has 5 (row refused)",
    ]
    assert table.events["source_row"].tolist() == [2, 6]


def test_acled_older_layout_with_numeric_interaction_codes_and_export_dates(tmp_path):
    old = [c for c in ACLED_COLUMNS if c not in ("disorder_type", "civilian_targeting", "tags")]
    old = ["data_id", "iso3", *old[:1], "event_id_no_cnty", *old[1:]]
    row = dict.fromkeys(old, "")
    row.update(
        data_id="123",
        iso3="PER",
        event_id_cnty="PER9001",
        event_id_no_cnty="9001",
        event_date="9 January 2023",
        year="2023",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        inter1="6",
        inter2="1",
        interaction="16",
        admin1="Puno",
        location="Juliaca",
        latitude="-15.4997",
        longitude="-70.1331",
        geo_precision="1",
        fatalities="18",
        notes="x",
        source="y",
    )
    second = {
        **row,
        "event_id_cnty": "PER9002",
        "event_date": "10-01-2023",
        "inter1": "Protesters",
        "interaction": "Protesters-State forces",
    }
    path = tmp_path / "acled_2022.csv"
    pd.DataFrame([row, second], columns=old).to_csv(path, index=False)
    table = read_events(path)
    assert table.problems.empty and table.events["event_date"].dt.day.tolist() == [9, 10]
    assert table.events["fatalities"].sum() == 36


def test_acled_xlsx_export(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ACLED_COLUMNS)
    values = dict.fromkeys(ACLED_COLUMNS, None)
    values.update(
        event_id_cnty="PER1",
        event_date=datetime(2023, 1, 9),
        event_type="Protests",
        admin1="Puno",
        location="Juliaca",
        latitude=-15.4997,
        longitude=-70.1331,
        geo_precision=1,
        fatalities=18,
    )
    sheet.append([values[c] for c in ACLED_COLUMNS])
    sheet.append([None] * len(ACLED_COLUMNS))  # an empty row in the sheet
    sheet.append([{**values, "event_id_cnty": "PER2", "fatalities": "x"}[c] for c in ACLED_COLUMNS])
    book.save(tmp_path / "acled.xlsx")
    table = read_events(tmp_path / "acled.xlsx")
    assert table.kind == "Excel (sheet 'Sheet')" and table.events["fatalities"].tolist() == [18]
    assert table.problem_lines() == ["row 4, column 'fatalities': 'x' is not a number of people (row refused)"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2023-01-09", 9),
        ("9 January 2023", 9),
        ("09-01-2023", 9),
        ("09/01/2023", 9),
        ("9 de enero de 2023", 9),
        ("9-ene-2023", 9),
        ("9 Sep 2023", 9),
        ("2023-01-09 00:00:00", 9),
    ],
)
def test_date_spellings(text, day):
    raw = pd.DataFrame({"event_date": [text], "event_type": ["Protests"], "fatalities": ["0"], "location": ["x"]})
    assert validate_events(raw).events["event_date"].dt.day.tolist() == [day]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2023", "date 31/02/2023 does not exist"),
        ("01/31/2023", "date 01/31/2023 does not exist (dates are read day first: 09/01/2023 is 9 January)"),
        ("1500-01-01", "date 1500-01-01 is outside the years 1900–2100"),
        ("9999-12-31", "date 9999-12-31 is outside the years 1900–2100"),
        ("ayer", "'ayer' is not a date (write e.g. 2023-01-09 or 09/01/2023)"),
    ],
)
def test_impossible_and_extreme_dates_are_refused_in_words(text, message):
    raw = pd.DataFrame(
        {
            "event_date": [text, "2023-01-09"],
            "event_type": ["Protests"] * 2,
            "fatalities": ["0", "1"],
            "location": ["x", "y"],
        }
    )
    table = validate_events(raw)
    assert table.problems.loc[table.problems["dropped"], "message"].tolist() == [message]
    assert table.accepted == 1


@pytest.mark.parametrize("deaths", ["inf", "1e19", "1e9", "10001", "-inf", "nan", "-1", "2.5", "dos"])
def test_deaths_must_be_a_plausible_whole_number(deaths):
    raw = pd.DataFrame(
        {
            "event_date": ["2023-01-09"] * 2,
            "event_type": ["Protests"] * 2,
            "fatalities": [deaths, "3"],
            "location": ["x", "y"],
        }
    )
    table = validate_events(raw)
    assert table.accepted == 1 and table.events["fatalities"].sum() == 3
    assert table.problems.loc[table.problems["dropped"], "column"].tolist() == ["fatalities"]


def test_sums_never_overflow():
    raw = pd.DataFrame(
        {
            "event_date": ["2023-01-09"] * 10,
            "event_type": ["Protests"] * 10,
            "fatalities": ["1e18"] * 9 + ["10000"],
            "location": ["x"] * 10,
        }
    )
    table = validate_events(raw)
    assert table.events["fatalities"].sum() == 10000 and table.rejected_count == 9


def test_injured_out_of_bounds_is_cleared_row_kept():
    raw = pd.DataFrame(
        {
            "event_date": ["2023-01-09"] * 2,
            "event_type": ["Protests"] * 2,
            "fatalities": ["0"] * 2,
            "injured": ["1e19", "inf"],
            "location": ["x"] * 2,
        }
    )
    table = validate_events(raw)
    assert table.accepted == 2 and table.events["injured"].isna().all()


def test_missing_columns_are_one_error_naming_the_nearest_headers(tmp_path):
    path = tmp_path / "casi.csv"
    path.write_text("fech,tipo_evnto,latitud,longitud,muerto\n2023-01-09,Protests,-15.5,-70.1,0\n", encoding="utf-8")
    with pytest.raises(EventFileError) as error:
        read_events(path)
    message = str(error.value)
    assert message.startswith(
        "'casi.csv' lacks the column(s) event_date (fecha), event_type (tipo), fatalities (fallecidos) ("
    )
    assert "event_date: nearest header 'fech'" in message and "fatalities: nearest header 'muerto'" in message
    assert "event_type: nearest header 'tipo_evnto'" in message


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: d, "is a directory, not a file"),
        (lambda d: d / ("x" * 300 + ".csv"), "File name too long"),
        (lambda d: d / "absent.csv", "does not exist"),
    ],
)
def test_unreadable_paths_are_clear_errors(tmp_path, make, words):
    with pytest.raises(EventFileError, match=words):
        read_table(make(tmp_path))


def test_the_size_limit_is_a_clear_message(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(write_delimited(tmp_path / "small.csv").read_bytes() * 40)  # 795 bytes x 40: 32 KB
    with pytest.raises(EventFileError) as error:
        read_table(path, max_bytes=20 << 10)
    assert str(error.value) == (
        "'big.csv' is 32 KB; files up to 20 KB can be opened here (the command line reads files up to 2048 MB)"
    )


def test_upload_limit_is_the_servers():
    config = (settings.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert f"maxUploadSize = {settings.MAX_UPLOAD_MB}\n" in config


def test_added_to_the_bundled_events_duplicates_are_refused_by_id(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "event_id_cnty,event_date,event_type,fatalities,latitude,longitude\n"
        "PERF0001,2022-12-07,Protests,0,-12.05,-77.04\n"
        "NEW1,2023-01-09,Protests,2,-15.5,-70.13\n",
        encoding="utf-8",
    )
    table = with_bundled(read_events(path))
    bundled = read_events()
    assert len(table.events) == len(bundled.events) + 1 and table.events["event_id_cnty"].is_unique
    assert (table.total, table.accepted, table.rejected_count) == (2, 1, 1)
    assert table.problem_lines() == [
        "row 2, column 'event_id_cnty': 'PERF0001' is already among the bundled events (row refused)"
    ]
    # The refused row keeps the file's own columns, no more.
    assert table.rejected.columns.tolist() == [
        "row",
        "reason",
        "event_id_cnty",
        "event_date",
        "event_type",
        "fatalities",
        "latitude",
        "longitude",
    ]
    assert table.rejected.iloc[0][["row", "event_id_cnty", "fatalities"]].tolist() == ["2", "PERF0001", "0"]


def test_our_own_events_export_reads_back(tmp_path):
    from geo.report.exports import events_csv

    events = read_events().events
    path = tmp_path / "export.csv"
    path.write_bytes(events_csv(events))
    again = read_events(path)
    assert again.accepted == len(events) and again.events["fatalities"].sum() == events["fatalities"].sum()


def test_random_bytes_and_json_that_is_not_geojson_are_errors_not_crashes():
    with pytest.raises(EventFileError, match=r"'noise\.csv' lacks the column"):
        validate_events(read_data(bytes(range(256)) * 4, "noise.csv"))
    with pytest.raises(EventFileError, match="not a GeoJSON FeatureCollection"):
        read_data(b'{"a": 1}', "x.geojson")


def test_a_quote_inside_a_value_is_a_character(tmp_path):
    path = tmp_path / "inch.csv"
    path.write_text(
        "event_date,event_type,fatalities,location,notes\n"
        '2023-01-09,Protests,0,Juliaca,a 5" pipe\n'
        "2023-01-10,Protests,0,Juliaca,next\n",
        encoding="utf-8",
    )
    table = read_events(path)
    assert table.events["notes"].tolist() == ['a 5" pipe', "next"] and table.problems.empty


@pytest.mark.parametrize(
    ("location", "admin1", "admin2", "admin3", "expected"),
    [
        ("Juliaca", "Puno", "", "", ("town", -15.49, -70.14)),
        ("JULIACA", "", "", "", ("town", -15.49, -70.14)),  # one department only: no admin1 needed
        ("", "Puno", "", "Ilave", ("town", -16.09, -69.64)),  # the district column when no location
        ("Santa Rosa", "", "", "", "'Santa Rosa' names places in 9 departments"),
        ("Santa Rosa", "Puno", "", "", "'Santa Rosa' names places in 2 provinces of Puno; add the province"),
        ("Cuzco", "Cuzco", "", "", ("town", -13.52, -71.98)),  # the old spelling, for the city and the department
        ("Sicuani", "CUZCO", "", "", ("town", -14.27, -71.23)),
        ("Juliaca", "Pnuo", "", "", "'Pnuo' is not a department of Peru"),
        (
            "Chincheros",
            "Apurímac",
            "Andahuaylas",
            "",
            (
                "town",
                -13.52,
                -73.72,
                "'Chincheros' is not in the province 'Andahuaylas' but in "
                "Chincheros; placed there (check the province)",
            ),
        ),
        ("Chincheros", "Apurímac", "Andahuaylas", "Talavera", ("district", -13.61, -73.45)),  # the district settles it
        ("Nowhere Town", "Cusco", "", "", "'Nowhere Town' is not in the gazetteer"),
    ],
)
def test_rows_without_coordinates_are_placed_or_told_why(location, admin1, admin2, admin3, expected):
    raw = pd.DataFrame(
        {
            "event_date": ["2023-01-09"],
            "event_type": ["Protests"],
            "fatalities": ["0"],
            "location": [location],
            "admin1": [admin1],
            "admin2": [admin2],
            "admin3": [admin3],
        }
    )
    table = validate_events(raw)
    event = table.events.iloc[0]
    if isinstance(expected, tuple):
        assert (event["placed_at"], round(event["latitude"], 2), round(event["longitude"], 2)) == expected[:3]
        assert event["geo_precision"] == settings.GEO_PRECISION_TOWN
        assert table.problems["message"].tolist() == list(expected[3:])
    else:
        assert pd.isna(event["latitude"]) and event["geo_precision"] == settings.GEO_PRECISION_REGION
        assert table.problems["message"].iloc[0].startswith(expected) and not table.problems["dropped"].any()


def test_missing_columns_quote_the_headers_as_the_file_wrote_them():
    """Recognised Spanish headers are named as written ('Departamento'), not by the project's names."""
    with pytest.raises(EventFileError) as error:
        validate_events(read_data(b"Fecha;Departamento;Lugar;Muerto\n2023-01-09;Puno;Juliaca;1\n", "x.csv", ".csv"))
    message = str(error.value)
    assert "Its headers are 'Fecha', 'Departamento', 'Lugar', 'Muerto'." in message
    assert "admin1" not in message.split("Its headers")[1].split(". An events")[0]


@pytest.mark.parametrize(
    ("latitude", "longitude", "reason", "kept"),
    [
        ("-16.5", "-68.15", "outside Peru", False),  # La Paz, Bolivia: inside Peru's bounding box
        ("-18.48", "-70.31", "outside Peru", False),  # Arica, Chile: 0.15 degrees from Peru's land
        ("-68.15", "-16.5", "outside Peru", False),  # La Paz written the wrong way round
        ("-12.05", "-77.2", "in no district", True),  # at sea off Callao, within the margin: drawn
        ("-15.84", "-70.02", None, True),  # Puno
        ("-70.02", "-15.84", "latitude and longitude swapped", True),
    ],
)
def test_points_outside_peru_are_told_apart_from_points_near_it(latitude, longitude, reason, kept):
    raw = pd.DataFrame(
        {
            "event_date": ["2023-01-09"],
            "event_type": ["Protests"],
            "fatalities": ["0"],
            "latitude": [latitude],
            "longitude": [longitude],
            "admin1": ["Puno"],
            "location": [""],
        }
    )
    table = validate_events(raw)
    assert table.problems["reason"].tolist() == ([reason] if reason else [])
    assert table.accepted == 1 and table.events["latitude"].notna().iloc[0] == kept


def test_a_rejected_rows_file_opens_again(tmp_path):
    """The rejected rows, saved and opened again (their `row` and `reason` columns included): the
    fixed row is accepted, the other refused again, and the file's old columns are kept beside ours."""
    first = tmp_path / "first.csv"
    first.write_text(
        "event_date,event_type,fatalities,latitude,longitude\n"
        "31/02/2023,Protests,0,-15.5,-70.13\n"
        "2023-01-09,Protests,-1,-15.5,-70.13\n",
        encoding="utf-8",
    )
    from geo.report.exports import rejected_csv

    again = tmp_path / "again.csv"
    again.write_bytes(rejected_csv(read_events(first)).replace(b"31/02/2023", b"28/02/2023"))
    table = read_events(again)
    assert (table.total, table.accepted, table.rejected_count) == (2, 1, 1)
    assert table.rejected.columns.tolist()[:4] == ["row", "reason", "row (in the file)", "reason (in the file)"]
    assert table.rejected["reason"].iloc[0].startswith("column 'fatalities'")


def test_blank_deaths_count_as_zero_and_say_so():
    raw = pd.DataFrame(
        {
            "event_date": ["2023-01-09"] * 2,
            "event_type": ["Protests"] * 2,
            "fatalities": ["", "2"],
            "location": ["Juliaca"] * 2,
        }
    )
    table = validate_events(raw)
    assert table.events["fatalities"].tolist() == [0, 2] and table.accepted == 2
    assert table.problem_lines() == [
        "row 2, column 'fatalities': no number of deaths given; counted as 0 "
        "(write 0 when none were reported) (row kept)"
    ]
