"""Report maps (geo/report/render.py and `python -m geo render`): sizes, colours, text kept as text."""

import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from itertools import pairwise

import pytest
from colorspacious import cspace_convert
from PIL import Image
from pypdf import PdfReader
from shapely.ops import polylabel

from geo import settings
from geo.analysis.aggregate import EventFilter
from geo.cli import run
from geo.errors import ArgumentError
from geo.place.boundaries import load_regions
from geo.report.render import SIZES, render_map
from tests.conftest import ROOT


@pytest.mark.parametrize("size", SIZES)
def test_each_size_has_its_pixels_at_300_dpi(bundle, tmp_path, size):
    rendered = render_map(bundle, tmp_path / "map.png", size=size)
    assert Image.open(rendered.path).size == SIZES[size]
    assert SIZES["a4-landscape"] == (3508, 2480)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def test_the_department_with_most_events_is_in_the_darkest_class(bundle, tmp_path):
    rendered = render_map(bundle, tmp_path / "map.png", dpi=100)
    image = Image.open(rendered.path).convert("RGB")
    departments = load_regions("department", "map").set_index("code")
    inside = departments.loc["21"].geometry.representative_point()  # Puno: 44 events, the most
    assert image.getpixel(rendered.pixel(inside.x, inside.y)) == _rgb(settings.CLASS_COLORS[-1])
    empty = departments.loc["16"].geometry.representative_point()  # Loreto: none in the bundled sample
    x, y = rendered.pixel(empty.x, empty.y)
    window = Counter(image.getpixel((x + dx, y + dy)) for dx in range(-10, 11) for dy in range(-10, 11))
    assert window.most_common(1)[0][0] == _rgb(settings.ZERO_COLOR)  # the zero class...
    assert window[_rgb(settings.CLASS_COLORS[0])] == 0


def test_the_classes_read_in_greyscale(bundle, tmp_path):
    """Printed in black and white, each class is darker than the one below it, and the zero class,
    as light as the first, is told apart by its hatching."""
    lightness = [cspace_convert(_rgb(c), "sRGB255", "CIELab")[0] for c in settings.CLASS_COLORS]
    assert all(a - b >= 10 for a, b in pairwise(lightness))
    rendered = render_map(bundle, tmp_path / "map.png", dpi=100)
    grey = Image.open(rendered.path).convert("L")
    departments = load_regions("department", "map").set_index("code")

    def shades(code):
        shape = departments.loc[code].geometry
        point = polylabel(max(getattr(shape, "geoms", [shape]), key=lambda part: part.area))  # deep inside
        x, y = rendered.pixel(point.x, point.y)
        return [grey.getpixel((x + dx, y + dy)) for dx in range(-4, 5) for dy in range(-4, 5)]

    puno = Counter(shades("21")).most_common(1)[0]  # a filled class: one flat shade (a mine label aside)
    assert puno[0] == Image.new("RGB", (1, 1), settings.CLASS_COLORS[-1]).convert("L").getpixel((0, 0))
    assert puno[1] >= 40
    loreto = shades("16")  # no events: light, with darker hatch lines across it
    assert max(loreto) > 230 and sum(v < 200 for v in loreto) >= 5


def test_pdf_and_svg_keep_their_text(bundle, tmp_path):
    pdf = render_map(bundle, tmp_path / "map.pdf", EventFilter(end=bundle.last_day), region="21", dpi=72)
    text = PdfReader(pdf.path).pages[0].extract_text()
    assert "Events by province, Puno" in text and "Dec 7, 2022 – Mar 21, 2023" in text
    assert "44 events, 29 deaths" in text and "26–44" not in text  # Puno's own classes
    assert "mine" in text and "project" in text and "Boundaries: INEI" in text  # legend and sources
    svg = render_map(bundle, tmp_path / "map.svg", dpi=72).path.read_text(encoding="utf-8")
    assert "<text" in svg and "Events by department, Peru" in svg and "26–44" in svg


@pytest.mark.parametrize(
    ("lang", "title", "words"),
    [
        ("es", "Eventos por provincia, Puno", ("7 dic 2022 – 21 mar 2023", "44 eventos, 29 muertes", "Límites: INEI")),
        ("en", "Events by province, Puno", ("Dec 7, 2022 – Mar 21, 2023", "44 events, 29 deaths", "Boundaries: INEI")),
    ],
)
def test_a_report_in_each_language(tmp_path, lang, title, words, capsys):
    """``python -m geo render --lang es``: the PDF's text, as pdftotext reads it, is Spanish, and
    so is what the command says."""
    out = tmp_path / "map.pdf"
    assert (
        run(["render", "--region", "21", "--level", "province", "--dpi", "72", "--lang", lang, "--out", str(out)]) == 0
    )
    said = capsys.readouterr().out
    assert said.startswith({"es": "escrito ", "en": "wrote "}[lang]) and said.rstrip().endswith(
        {"es": "px a 72 ppp)", "en": "px at 72 dpi)"}[lang]
    ), said
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())  # pdftotext lays the words out in columns
    assert title in text and all(w in text for w in words), text
    other = EXPECTED_TITLES["en" if lang == "es" else "es"]
    assert other not in text


EXPECTED_TITLES = {"es": "Eventos por provincia", "en": "Events by province"}


def test_bad_requests_are_one_clear_error(bundle, tmp_path):
    with pytest.raises(ArgumentError, match=r"must end in \.png, \.pdf, \.svg"):
        render_map(bundle, tmp_path / "map.gif")
    with pytest.raises(ArgumentError, match="no department has the code '99'"):
        render_map(bundle, tmp_path / "map.png", region="99")


def test_the_command_line_writes_the_file(tmp_path):
    out = tmp_path / "slide.png"
    done = subprocess.run(
        [sys.executable, "-m", "geo", "render", "--size", "slide", "--dpi", "50", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size == (640, 360) and "640 × 360 px" in done.stdout


def test_file_names_say_what_the_map_holds():
    from datetime import date

    from geo.report.render import report_file_name

    every = ("Protests", "Riots", "Strategic developments")
    whole = EventFilter(date(2022, 12, 7), date(2023, 3, 21), every)
    assert (
        report_file_name(whole, "department", "events", None, ".png", every)
        == "peru-protests_events-by-department_2022-12-07_2023-03-21.png"
    )
    some = EventFilter(date(2023, 1, 6), date(2023, 1, 12), ("Riots",))
    assert (
        report_file_name(some, "province", "fatalities", "21", ".pdf", every)
        == "peru-protests_fatalities-by-province_puno_2023-01-06_2023-01-12_1-of-3-types.pdf"
    )


def test_neighbouring_mines_share_one_label(bundle):
    from geo.report.render import mine_labels

    located = bundle.mines[bundle.mines["has_location"]]
    labels = [names for _, names in mine_labels(located, 0.3)]
    assert ["Antapaccay", "Tintaya", "Quechua"] in labels
    assert sum(len(names) for names in labels) == len(located)  # every mine named once
    assert ["Cerro Verde"] in labels


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("region", [None, "08"])
def test_mine_labels_cover_no_label_and_no_mine(bundle, tmp_path, size, region):
    """Every mine label stays clear of the others and of every mine's marker (Las Bambas and Los
    Chancas, Uchucchacua and Cerro de Pasco once printed over each other)."""
    rendered = render_map(bundle, tmp_path / "map.png", size=size, region=region, dpi=100)
    labels, markers = rendered.label_boxes, rendered.marker_boxes
    assert len(labels) >= 2 and len(markers) >= len(labels)

    def overlap(a, b):
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    assert [(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :] if overlap(a, b)] == []
    assert [(a, m) for a in labels for m in markers if overlap(a, m)] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "map.gif"], "error: the output must end in .png, .pdf, .svg or .html, not '.gif'"),
        (["--region", "99", "--out", "map.html"], "error: no department has the code '99'"),
        (
            ["--level", "province", "--metric", "events_per_100k", "--out", "map.html"],
            "error: events per 100,000 inhabitants exist only at department level",
        ),
        (["--dpi", "0", "--out", "map.png"], "error: the resolution must be between 36 and 1200 dpi, not 0"),
        (["--out", "/proc/map.html"], "error: cannot write /proc/map.html: No such file or directory"),
    ],
)
def test_the_command_line_errors_are_one_line_with_status_2(tmp_path, capsys, args, message):
    from geo.cli import run

    assert run(["render", *args]) == 2
    err = capsys.readouterr().err
    assert err == message + "\n"


def test_a_department_map_names_only_its_own_mines(bundle, tmp_path):
    svg = render_map(bundle, tmp_path / "puno.svg", region="21", dpi=72).path.read_text(encoding="utf-8")
    assert "San Rafael" in svg  # in Puno
    assert "Cuajone" not in svg and "Toquepala" not in svg  # in Moquegua and Tacna, inside Puno's bounding box


def test_the_report_keeps_the_pages_fixed_classes_and_names_left_out_sub_types(bundle, tmp_path):
    week = EventFilter(date(2023, 1, 6), date(2023, 1, 12))
    own = render_map(bundle, tmp_path / "own.svg", week, dpi=72).path.read_text(encoding="utf-8")
    fixed = render_map(bundle, tmp_path / "fixed.svg", week, dpi=72, fixed_classes=True).path
    assert "26–44" in fixed.read_text(encoding="utf-8") and "26–44" not in own  # the whole file's top class
    some = replace(week, sub_event_types=tuple(bundle.sub_event_types[1:]))
    svg = render_map(bundle, tmp_path / "some.svg", some, dpi=72).path.read_text(encoding="utf-8")
    assert f"leaving out sub-event types: {bundle.sub_event_types[0]}" in svg


def test_render_takes_spanish_type_names_and_refuses_unknown_ones_in_spanish(tmp_path, capsys):
    """``--type Protestas`` is ACLED's Protests; an unknown type is told in the report's language."""
    out = tmp_path / "map.png"
    assert run(["render", "--type", "Protestas", "--dpi", "72", "--lang", "es", "--out", str(out)]) == 0
    assert out.is_file()
    assert run(["render", "--type", "Manifestación", "--lang", "es", "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith(
        "error: tipo(s) de evento desconocido(s) Manifestación; el archivo tiene: Protests"
    )


@pytest.mark.parametrize(
    ("args", "told"),
    [
        (["--region", "99"], "error: ningún departamento tiene el código «99»"),
        (
            ["--start", "2023-02-01", "--end", "2023-01-01"],
            "error: la fecha de inicio 2023-02-01 es posterior a la fecha final 2023-01-01",
        ),
        (
            ["--metric", "events_per_100k", "--region", "21"],
            "error: los eventos por 100.000 habitantes solo existen a nivel de departamento",
        ),
        (["--events", "/no/such.csv"], "error: el archivo de eventos «/no/such.csv» no existe"),
    ],
)
def test_render_refuses_in_spanish(tmp_path, capsys, args, told):
    """``render --lang es`` says what is wrong with its arguments in Spanish."""
    assert run(["render", *args, "--lang", "es", "--out", str(tmp_path / "map.png")]) == 2
    assert capsys.readouterr().err.strip() == told


@pytest.mark.parametrize(
    ("lang", "title", "totals", "toll"),
    [
        (
            "es",
            "Civiles muertos en las protestas por provincia, Puno",
            "44 eventos, 21 civiles muertos en protestas (29 muertes en total)",
            "Las muertes son las detalladas en los datos; el conteo nacional de la Defensoría del Pueblo era de 60 al "
            "20 feb 2023.",
        ),
        (
            "en",
            "Civilians killed in the protests by province, Puno",
            "44 events, 21 civilians killed in protests (29 deaths in all)",
            "Deaths are those itemized in the data; the Defensoría del Pueblo's national count was 60 on Feb 20, 2023.",
        ),
    ],
)
def test_a_deaths_map_gives_its_own_total_and_the_latest_toll(tmp_path, lang, title, totals, toll):
    """The clashes metric maps 21 civilians killed in Puno: the subtitle says 21 (beside the 29 deaths
    in all), and one line names the Defensoría's national count on or before the period's end."""
    out = tmp_path / "map.pdf"
    assert (
        run(["render", "--region", "21", "--metric", "clashes", "--dpi", "72", "--lang", lang, "--out", str(out)]) == 0
    )
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert title in text and totals in text and toll in text, text
    assert "clashes" not in text and "enfrentamientos" not in text


def test_the_toll_line_follows_the_periods_end(bundle, tmp_path):
    week = EventFilter(date(2023, 1, 6), date(2023, 1, 12))
    text = PdfReader(render_map(bundle, tmp_path / "week.pdf", week, metric="fatalities", dpi=72).path).pages[0]
    assert "national count was 49 on Jan 12, 2023" in " ".join(text.extract_text().split())
    early = EventFilter(date(2022, 12, 7), date(2022, 12, 15))
    text = PdfReader(render_map(bundle, tmp_path / "early.pdf", early, dpi=72).path).pages[0].extract_text()
    assert "first national count in this page, 25 on Dec 17, 2022, came after the period's end" in " ".join(
        text.split()
    )


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["es", "en"])
def test_titles_legend_and_map_never_overlap(bundle, tmp_path, size, lang):
    """The longest title (Spanish, civilians killed, at district level, a long department name) wraps or
    shrinks: the title, subtitle, toll line, legend, map frame and sources stay apart and on the page."""
    rendered = render_map(
        bundle, tmp_path / "map.png", level="district", metric="clashes", region="17", size=size, dpi=60, lang=lang
    )
    blocks = rendered.blocks
    assert set(blocks) == {"title", "subtitle", "toll", "legend", "sources", "map"}
    width, height = rendered.width_px, rendered.height_px
    for name, (x0, y0, x1, y1) in blocks.items():
        assert 0 <= x0 and x1 <= width + 1 and 0 <= y0 and y1 <= height + 1, name

    def overlap(a, b):
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    header = ("title", "subtitle", "toll")
    pairs = [(a, b) for i, a in enumerate(header) for b in [*header[i + 1 :], "map", "legend", "sources"]]
    assert [(a, b) for a, b in pairs if overlap(blocks[a], blocks[b])] == []


def test_the_report_map_and_the_page_share_one_input_and_its_classes(bundle):
    """The report draws the same MapInput as the page's map: with fixed classes, the classes of
    the whole file's dates (geo.map.input.fixed_classes) by the one rule (geo.map.rules)."""
    from geo.analysis.dataset import make_view
    from geo.map.input import fixed_classes, map_input
    from geo.map.rules import choropleth_classes
    from geo.report.render import report_filter, report_input

    week = EventFilter(date(2023, 1, 6), date(2023, 1, 12))
    checked, level = report_filter(bundle, week, "department", "events", None)
    report, words = report_input(bundle, checked, level, "events", fixed_classes=True)
    options = fixed_classes(bundle, checked, level, "events")
    page = map_input(make_view(bundle, checked, level, 25), level, "events", 25, report.period, **options)
    assert choropleth_classes(report) == choropleth_classes(page)
    assert "26–44" in choropleth_classes(report).labels  # the whole file's top class
    assert report.classes_period == page.classes_period == "Dec 7, 2022 – Mar 21, 2023"
    own, _ = report_input(bundle, checked, level, "events")
    assert own.class_values is None and "26–44" not in choropleth_classes(own).labels
    assert words.where == "Peru"
