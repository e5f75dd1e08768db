"""Report maps (geo/render.py and `python -m geo render`): sizes, colours, text kept as text."""

import subprocess
import sys

import pytest
from conftest import ROOT
from PIL import Image
from pypdf import PdfReader

from geo import settings
from geo.aggregate import EventFilter
from geo.boundaries import load_regions
from geo.errors import ArgumentError
from geo.render import SIZES, render_map


@pytest.mark.parametrize("size", SIZES)
def test_each_size_has_its_pixels_at_300_dpi(bundle, tmp_path, size):
    rendered = render_map(bundle, tmp_path / "map.png", size=size)
    assert Image.open(rendered.path).size == SIZES[size]
    assert SIZES["a4-landscape"] == (3508, 2480)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def test_the_department_with_most_events_is_in_the_darkest_class(bundle, tmp_path):
    rendered = render_map(bundle, tmp_path / "map.png", dpi=100)
    image = Image.open(rendered.path).convert("RGB")
    departments = load_regions("department", "map").set_index("code")
    inside = departments.loc["21"].geometry.representative_point()  # Puno: 44 events, the most
    assert image.getpixel(rendered.pixel(inside.x, inside.y)) == _rgb(settings.CLASS_COLORS[-1])
    empty = departments.loc["16"].geometry.representative_point()  # Loreto: none in the bundled sample
    assert image.getpixel(rendered.pixel(empty.x, empty.y)) == _rgb(settings.ZERO_COLOR)


def test_pdf_and_svg_keep_their_text(bundle, tmp_path):
    pdf = render_map(bundle, tmp_path / "map.pdf", EventFilter(end=bundle.last_day), region="21", dpi=72)
    text = PdfReader(pdf.path).pages[0].extract_text()
    assert "Events by province, Puno" in text and "7 Dec 2022 – 21 Mar 2023" in text
    assert "44 events, 29 deaths" in text and "26–44" not in text  # Puno's own classes
    svg = render_map(bundle, tmp_path / "map.svg", dpi=72).path.read_text(encoding="utf-8")
    assert "<text" in svg and "Events by department, Peru" in svg and "26–44" in svg


def test_bad_requests_are_one_clear_error(bundle, tmp_path):
    with pytest.raises(ArgumentError, match="must end in .png, .pdf, .svg"):
        render_map(bundle, tmp_path / "map.gif")
    with pytest.raises(ArgumentError, match="no department has the code '99'"):
        render_map(bundle, tmp_path / "map.png", region="99")


def test_the_command_line_writes_the_file(tmp_path):
    out = tmp_path / "slide.png"
    done = subprocess.run([sys.executable, "-m", "geo", "render", "--size", "slide", "--dpi", "50", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size == (640, 360) and "640 × 360 px" in done.stdout


def test_file_names_say_what_the_map_holds():
    from datetime import date

    from geo.render import report_file_name

    every = ("Protests", "Riots", "Strategic developments")
    whole = EventFilter(date(2022, 12, 7), date(2023, 3, 21), every)
    assert report_file_name(whole, "department", "events", None, ".png", every) == \
        "peru-protests_events-by-department_2022-12-07_2023-03-21.png"
    some = EventFilter(date(2023, 1, 6), date(2023, 1, 12), ("Riots",))
    assert report_file_name(some, "province", "fatalities", "21", ".pdf", every) == \
        "peru-protests_fatalities-by-province_puno_2023-01-06_2023-01-12_1-of-3-types.pdf"


def test_neighbouring_mines_share_one_label(bundle):
    from geo.render import mine_labels

    located = bundle.mines[bundle.mines["has_location"]]
    labels = [names for _, names in mine_labels(located, 0.3)]
    assert ["Antapaccay", "Tintaya", "Quechua"] in labels
    assert sum(len(names) for names in labels) == len(located)  # every mine named once
    assert ["Cerro Verde"] in labels
