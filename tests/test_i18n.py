"""Spanish and English: the catalogue is complete, dates and numbers follow each language, and the
page switches language from its address."""

import ast
import importlib
import re
from datetime import date

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from geo import i18n, settings
from tests.conftest import ROOT

SOURCES = [ROOT / "dashboard.py", *sorted((ROOT / "geo").rglob("*.py")), *sorted((ROOT / "app").rglob("*.py"))]
PLACEHOLDER = re.compile(r"\{(\w*)\}")
# Functions whose literal arguments are texts of the catalogue: name -> the arguments' positions.
TRANSLATING = {"t": (0,), "translate": (0,), "N_": (0,), "count": (1, 2)}


def wrapped_texts() -> dict[str, str]:
    """Every literal text passed to t(), translate(), N_() or an error's said() (or a count()'s
    forms) in the code, with where it is."""
    found = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name):
                texts = TRANSLATING.get(node.func.id, ())
            else:  # EventFileError.said("...", ...)
                texts = (0,) if getattr(node.func, "attr", "") == "said" else ()
            for position in texts:
                arg = node.args[position] if position < len(node.args) else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{path.name}:{node.lineno}")
    for module, names in i18n.TRANSLATED_CONSTANTS.items():
        for name in names:
            value = getattr(importlib.import_module(module), name)
            if isinstance(value, dict):
                value = list(value.values()) if all(isinstance(v, str) for v in value.values()) else list(value)
            for text in [value] if isinstance(value, str) else value:
                found.setdefault(text, f"{module}.{name}")
    return found


# Every language's catalogue (the source language's texts are the code's own).
TRANSLATIONS = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]


def catalogue(lang: str = "es") -> dict[str, str]:
    with open(i18n.catalogue_path(lang), "rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_text_of_the_page_exists_in_both_languages(lang):
    texts, spanish = wrapped_texts(), catalogue(lang)
    assert len(texts) >= 10  # the scan finds the page's texts
    untranslated = {text: where for text, where in texts.items() if not spanish.get(text)}
    assert not untranslated, f"in English only: {untranslated}"
    unused = set(spanish) - set(texts)
    assert not unused, f"in the catalogue but not in the code: {unused}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translations_keep_their_placeholders(lang):
    for english, spanish in catalogue(lang).items():
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(spanish)), english


@pytest.mark.parametrize(
    ("lang", "period", "one_day", "thousands"),
    [
        ("es", "7 dic 2022 – 21 mar 2023", "9 ene 2023", "1.234"),
        ("en", "Dec 7, 2022 – Mar 21, 2023", "Jan 9, 2023", "1,234"),
    ],
)
def test_dates_and_numbers_in_each_language(lang, period, one_day, thousands):
    assert i18n.days(date(2022, 12, 7), date(2023, 3, 21), lang) == period
    assert i18n.day(date(2023, 1, 9), lang) == one_day
    assert i18n.number(1234, lang) == thousands


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("es-PE,es;q=0.9,en;q=0.8", "es"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4", "es"),
        ("de-DE,de;q=0.9", "en"),
        ("", "en"),
    ],
)
def test_the_browser_language_chooses_the_default(header, lang):
    assert i18n.preferred_language(header) == lang


@pytest.mark.parametrize(
    ("lang", "labels", "caption", "deaths"),
    [
        (
            "es",
            ("Eventos", "Fallecidos"),
            "7 dic 2022 – 21 mar 2023 · 226 eventos en total, de los datos incluidos",
            "**58 muertes detalladas** en el periodo elegido (48 civiles muertos en protestas, de los cuales 24 en "
            "4 eventos codificados como uso excesivo de la fuerza contra manifestantes; 1 policía; 3 vinculadas a "
            "bloqueos; 6 soldados).",
        ),
        (
            "en",
            ("Events", "Fatalities"),
            "Dec 7, 2022 – Mar 21, 2023 · 226 events in all, from the bundled data",
            "**58 deaths itemized** in the selected period (48 civilians killed in protests, of whom 24 in 4 events "
            "coded as excessive force against protesters; 1 police officer; 3 linked to roadblocks; 6 soldiers).",
        ),
    ],
)
def test_the_address_sets_the_language(lang, labels, caption, deaths):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    shown = {m.label: m.value for m in at.metric}
    assert (shown[labels[0]], shown[labels[1]]) == ("226", "58")
    assert any(c.value.startswith(caption) for c in at.caption)
    assert at.title[0].value.startswith("La crisis" if lang == "es" else "Peru's protest crisis")
    assert deaths in at.info[0].value
    assert shown["Departamentos" if lang == "es" else "Departments"] == "21"


def test_acled_types_show_a_spanish_label_beside_them_and_keep_their_value():
    assert i18n.type_label("Protests", "es") == "Protestas (Protests)"
    assert i18n.type_label("Peaceful protest", "es") == "Protesta pacífica (Peaceful protest)"
    assert i18n.type_label("Protests", "en") == "Protests"
    assert i18n.type_label("Marcha", "es") == "Marcha"  # a type the table does not know stays as written
    # Every ACLED event type has its label (the six of the codebook).
    assert set(settings.EVENT_TYPE_SPANISH) == set(settings.EVENT_TYPE_COLORS)


def test_types_written_in_spanish_are_read_as_acled_types():
    import pandas as pd

    from geo.io.events import acled_types

    read = acled_types(pd.Series(["Protestas", "protesta pacífica", " DISTURBIOS", "Riots", "Marcha"]))
    assert read.tolist() == ["Protests", "Peaceful protest", "Riots", "Riots", "Marcha"]


def test_legend_popup_and_file_names_follow_the_language(bundle):
    from geo.analysis.aggregate import EventFilter
    from geo.analysis.dataset import make_view
    from geo.map.layers import build_layers, legend_html, map_input
    from geo.report.exports import export_file_name
    from geo.report.render import report_file_name

    view = make_view(bundle, EventFilter(), "department", 25)
    spanish = map_input(view, "department", "fatalities", 25, "7 dic 2022 – 21 mar 2023", lang="es")
    legend = legend_html(spanish, None, None)
    assert "Fallecidos por departamento" in legend and "mina en producción" in legend and "Fatalities" not in legend
    layers = build_layers(spanish)
    assert [group.layer_name for group in layers.layers][:2] == [
        "Fallecidos por departamento",
        "Estado de emergencia / toque de queda",
    ]
    week = EventFilter(start=date(2023, 1, 6), end=date(2023, 1, 12))
    assert (
        export_file_name("eventos", week, "21", ".csv", lang="es")
        == "protestas-peru_eventos_puno_2023-01-06_2023-01-12.csv"
    )
    assert (
        report_file_name(week, "province", "fatalities", "05", ".pdf", lang="es")
        == "protestas-peru_fallecidos-por-provincia_ayacucho_2023-01-06_2023-01-12.pdf"
    )
    assert (
        report_file_name(week, "province", "fatalities", "05", ".pdf")
        == "peru-protests_fatalities-by-province_ayacucho_2023-01-06_2023-01-12.pdf"
    )


def test_the_file_check_in_spanish(tmp_path):
    """The accounting, the reasons, each problem (named by the file's own header) and the
    rejected rows' file follow the language."""
    from geo.io.events import report_lines, validate_events
    from geo.io.reader import read_table
    from geo.report.exports import rejected_csv

    path = tmp_path / "eventos.csv"
    path.write_text(
        "fecha,tipo,fallecidos,departamento\n31/02/2023,Protestas,0,Puno\n09/01/2023,Protestas,-1,Puno\n"
        "10/01/2023,Protestas,0,Puno\n",
        encoding="utf-8",
    )
    other = tmp_path / "otros.csv"
    other.write_text(
        "fecha,tipo,fallecidos,departamento\n09/01/2023,Manifestación,0,Puno\n"
        "10/01/2023,Manifestación,0,Puno\n10/01/2023,Protestas,0,Puno\n",
        encoding="utf-8",
    )
    assert "tipos de evento que no son de ACLED, dibujados en gris como «otros»: Manifestación (2)" in report_lines(
        validate_events(read_table(other)), lang="es"
    )
    table = validate_events(read_table(path))
    lines = report_lines(table, lang="es")
    assert lines[0].endswith("3 filas: aceptadas 1, rechazadas 2")
    assert "rechazadas:" in lines
    assert "          1  fecha imposible" in lines and "          1  muertes negativas" in lines
    assert lines[0] == "eventos.csv (CSV (UTF-8, separado por comas)): 3 filas: aceptadas 1, rechazadas 2"
    assert "fila 2, columna 'fecha': la fecha 31/02/2023 no existe (fila rechazada)" in lines
    assert "fila 3, columna 'fallecidos': '-1' es negativo (fila rechazada)" in lines
    assert report_lines(table)[0].endswith("3 rows: 1 accepted, 2 rejected")
    assert "row 2, column 'fecha': date 31/02/2023 does not exist (row refused)" in report_lines(table)
    rejected = rejected_csv(table, "es").decode("utf-8-sig").splitlines()
    assert rejected[0] == "fila,motivo,fecha,tipo,fallecidos,departamento"  # the header first: a plain table
    assert rejected[1] == "2,columna 'fecha': la fecha 31/02/2023 no existe,31/02/2023,Protestas,0,Puno"
    assert (
        rejected_csv(table, "en").decode("utf-8-sig").splitlines()[1]
        == "2,column 'fecha': date 31/02/2023 does not exist,31/02/2023,Protestas,0,Puno"
    )
    assert table.events["event_type"].tolist() == ["Protests"]  # the Spanish type read as ACLED's


@pytest.mark.parametrize("lang", ["es", "en"])
def test_numbers_written_fast_are_what_babel_writes(lang):
    """The fast path of i18n.number (Python's formatting with the CLDR's signs) writes what Babel
    writes, whole numbers and two decimals alike."""
    from babel.numbers import format_decimal

    for value in (0, 7, 999, 1000, 1234, 58_000, 1_234_567, -1500, 12.5, 0.25, 1234.75, 10.0):
        assert i18n.number(value, lang) == format_decimal(value, locale=lang), value
        assert i18n.number(value, lang, decimals=2) == format_decimal(value, format="#,##0.00", locale=lang), value


def test_a_spanish_link_to_a_named_period_opens_it():
    """The address holds a named period as the page wrote it, here in Spanish."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"lang": "es", "period": "Semana de Juliaca (6–12 ene 2023)"})
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="period").value == "Juliaca week (6–12 Jan 2023)"
    assert at.metric[0].value == "36"
    assert at.caption[0].value.startswith("6–12 ene 2023 · ")


def test_a_refused_file_is_told_in_spanish(tmp_path):
    from geo.errors import EventFileError
    from geo.io.events import validate_events
    from geo.io.reader import read_table

    path = tmp_path / "muertos.csv"
    path.write_text("fecha,Muerto,lugar\n09/01/2023,3,Juliaca\n", encoding="utf-8")
    with pytest.raises(EventFileError) as refused:
        validate_events(read_table(path))
    assert str(refused.value).startswith("'muertos.csv' lacks the column(s) event_type (tipo), fatalities (fallecidos)")
    told = refused.value.told("es")
    assert told.startswith("A «muertos.csv» le faltan las columnas event_type (tipo), fatalities (fallecidos)")
    assert "encabezado más parecido 'Muerto'" in told and "Sus encabezados son 'fecha', 'Muerto', 'lugar'" in told
    empty = tmp_path / "vacio.csv"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(EventFileError) as nothing:
        read_table(empty)
    assert (str(nothing.value), nothing.value.told("es")) == ("'vacio.csv' is empty", "«vacio.csv» está vacío")


def spanish_app(section: str, **state) -> AppTest:
    """The page in Spanish with tab ``section`` open and ``state`` set, run once (AppTest cannot
    run a Spanish page twice: it replays a selectbox's state without its format_func)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"lang": "es", "section": section})
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_every_section_in_spanish():
    """Each tab under the map in Spanish, a mine studied: Spanish headers and words."""
    at = spanish_app("Mines", studied_mine="Cerro Verde")
    assert (
        "**Cerro Verde**: 1 evento que la nombra; 10 más a menos de 25 km, por cualquier causa; 2 muertes en "
        "total." in " ".join(m.value for m in at.markdown)
    )
    events = next(d.value for d in at.dataframe if "km" in d.value.columns)
    assert list(events.columns)[:4] == ["fecha", "km", "la nombra", "fallecidos"]
    assert set(events["tipo de evento"]) <= {
        "Protestas (Protests)",
        "Disturbios (Riots)",
        "Desarrollos estratégicos (Strategic developments)",
    }
    mines = next(d.value for d in at.dataframe if "nombre" in d.value.columns)
    assert "eventos a menos de 25 km, por cualquier causa" in mines.columns
    assert "proyecto (en disputa)" in set(mines["estado"])
    for section, header in (
        ("Regions", "civiles muertos en protestas"),
        ("Events", "quién murió"),
        ("Tolls, emergencies, roadblocks", "total publicado"),
    ):
        at = spanish_app(section)
        assert any(header in d.value.columns for d in at.dataframe), section
    about = spanish_app("About the data")
    assert "**Cobertura.** 226 eventos de los datos incluidos" in " ".join(m.value for m in about.markdown)


@pytest.mark.parametrize(
    "state, words",
    [
        ({"level": "province"}, "**Perú**: haga clic en una provincia para listar sus eventos."),
        ({"level": "district"}, "**Perú**: haga clic en un distrito para listar sus eventos."),
        ({"level": "district", "focus": "21"}, "› **Puno**: sus distritos; haga clic en uno para listar sus eventos."),
    ],
)
def test_the_place_bar_agrees_with_the_level_in_spanish(state, words):
    """Provincia is feminine, distrito masculine: "una provincia", "un distrito", "uno"."""
    at = spanish_app("Timeline", **state)
    assert words in [m.value for m in at.markdown]


def test_every_commodity_of_the_mines_has_its_spanish_word():
    """The mines' commodities are written in the page's language; one missing from
    settings.COMMODITIES (and so from the catalogue test) would stay English."""
    from geo import settings
    from geo.analysis.mines import commodity_words, load_mines

    named = {word.strip() for text in load_mines()["commodity"] for word in text.split(";") if word.strip()}
    assert named <= set(settings.COMMODITIES), named - set(settings.COMMODITIES)
    cerro_verde = load_mines().set_index("name").loc["Cerro Verde", "commodity"]
    assert commodity_words(cerro_verde, "es") == "cobre, molibdeno"
    assert commodity_words(cerro_verde, "en") == "copper, molybdenum"


@pytest.mark.parametrize(
    "lang, address",
    [
        ("en", {"level": "Provincia", "metric": "Fallecidos", "types": ["Protestas (Protests)", "Disturbios (Riots)"]}),
        ("es", {"level": "Province", "metric": "Fatalities", "types": ["Protests", "Riots"]}),
    ],
)
def test_a_link_whose_language_was_changed_by_hand_keeps_its_choices(lang, address):
    """A shared link holds labels in the language it was written in; with its ``lang`` changed by
    hand, the level, metric and types it names are still the ones shown."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"lang": lang, **address})
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="level").value == "province"
    assert at.selectbox(key="metric").value == "fatalities"
    assert at.multiselect(key="types").value == ["Protests", "Riots"]


@pytest.mark.parametrize(
    ("lang", "level", "said"),
    [
        ("es", "Provincia", "Provincias con al menos un evento, de un total de 196 en el Perú"),
        ("es", "Distrito", "Distritos con al menos un evento, de un total de 1.891 en el Perú"),
        ("en", "Province", "Provinces with at least one event, of the 196 in Peru"),
    ],
)
def test_the_regions_count_says_of_how_many(lang, level, said):
    """The headline's regions count explains itself without the article's gender (las provincias,
    los distritos) going wrong."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"lang": lang, "level": level})
    at.run()
    assert not at.exception, at.exception
    assert at.metric[2].proto.help == said


@pytest.mark.parametrize(
    "lang, coverage, sample",
    [
        (
            "es",
            r"**Cobertura.** 2 eventos de «mios\.csv». La página cuenta lo que el archivo contiene",
            "Dudas conocidas",
        ),
        ("en", r"**Coverage.** 2 events from 'mios\.csv'. The page counts what the file holds", "Known doubts"),
    ],
)
def test_about_the_data_describes_a_users_file_not_the_sample(tmp_path, monkeypatch, lang, coverage, sample):
    """Opened on a user's file, "About the data" says how the page reads a file; the paragraphs
    about the curated sample (its coverage, its known doubts) are not claimed for it."""
    path = tmp_path / "mios.csv"
    path.write_text(
        "event_date,event_type,fatalities,latitude,longitude\n2023-01-09,Protests,0,-15.5,-70.13\n"
        "2023-01-10,Riots,1,-13.52,-71.97\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PERU_MAP_EVENTS", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"lang": lang, "section": "About the data"})
    at.run()
    assert not at.exception, at.exception
    about = " ".join(m.value for m in at.markdown)  # the file's name as markdown text: "mios\.csv"
    assert coverage in about
    assert sample not in about and "Antapaccay" not in about and "Loreto" not in about
