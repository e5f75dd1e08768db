"""A user's own file opened in the page, in headless Chromium: hostile text in its notes, places,
types and sources stays text (no dialog, no markup, no link to javascript:), every region and
marker is still drawn, the rows add up, and the file can be added to the bundled events."""

import csv

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.pages import served_app, wait_for_map
from tests.browser.test_explore import _settled, opened
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"
HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "${alert(3)}", "`", "C:\\users\\x"]
COLUMNS = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "notes",
    "source",
]
ROWS = [
    [
        "H1",
        "2023-01-09",
        "Protests",
        "Peaceful protest",
        "Puno",
        "<img src=x onerror=alert(1)>",
        "-15.4997",
        "-70.1331",
        "1",
        "${alert(3)} and ` and C:\\users\\x",
        "javascript:alert(4)",
    ],
    [
        "H2",
        "2023-01-09",
        "Riots${alert(7)}",
        "Violent demonstration",
        "Puno",
        "<script>alert(2)</script>",
        "-15.4997",
        "-70.1331",
        "2",
        "<img src=x onerror=alert(5)>",
        "https://example.org/<img src=x onerror=alert(6)>",
    ],
    [
        "H3",
        "2023-01-10",
        "Protests",
        "<script>alert(9)</script>",
        "Cusco",
        "`${alert(8)}`",
        "-13.53",
        "-71.97",
        "0",
        "C:\\users\\x\\`",
        "${alert(10)}",
    ],
    [
        "H4",
        "2023-01-11",
        "Protests",
        "Peaceful protest",
        "Puno",
        "Juliaca",
        "",
        "",
        "0",
        "</div><img src=x onerror=alert(11)>",
        "<script>alert(12)</script>",
    ],
    [
        "H5",
        "2023-02-31",
        "Protests",
        "Peaceful protest",
        "Puno",
        "Juliaca",
        "",
        "",
        "0",
        "<img src=x onerror=alert(13)>",
        "",
    ],
]

# Open every tooltip and popup of the map; report their text and any element that is not text.
OPEN_ALL = """() => {
    const seen = {tooltips: [], popups: [], elements: 0, scriptLinks: 0};
    for (const layer of Object.values(window.map._layers)) {
        if (layer.getTooltip && layer.getTooltip()) {
            layer.openTooltip(layer.getLatLng ? layer.getLatLng() : undefined);
            const el = layer.getTooltip().getElement();
            if (el) {
                seen.tooltips.push(el.innerText);
                seen.elements += el.querySelectorAll('img,script,iframe').length;
            }
        }
        if (layer.getPopup && layer.getPopup()) {
            layer.openPopup(layer.getLatLng ? layer.getLatLng() : undefined);
            const el = layer.getPopup().getElement();
            if (el) {
                seen.popups.push(el.innerText);
                seen.elements += el.querySelectorAll('img,script,iframe').length;
                seen.scriptLinks += el.querySelectorAll('a[href^="javascript"]').length;
            }
            layer.closePopup();
        }
    }
    return seen;
}"""


@pytest.fixture(scope="module")
def served():
    ARTIFACTS.mkdir(exist_ok=True)
    with served_app() as url:
        yield url


def _hostile_file(path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(ROWS)
    return path


def test_a_hostile_file_stays_text_and_every_row_is_accounted_for(served, tmp_path):
    path = _hostile_file(tmp_path / "hostil.csv")
    with opened(served, 1280, 900) as (page, frame):
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.get_by_test_id("stSidebar").locator("input[type=file]").set_input_files(str(path))
        check = page.get_by_text("hostil.csv — 5 rows: 4 accepted, 1 rejected")
        expect(check).to_be_visible(timeout=60000)
        _settled(page)
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("4")
        # H1 and H2 share a point (one marker, its popup lists both); H4 is placed at Juliaca.
        frame = wait_for_map(
            page,
            "document.querySelectorAll('path.peru-event').length === 3 && "
            "Object.values(window.map._layers).filter(l => l.feature).length >= 25",
        )
        assert (
            frame.evaluate(
                "() => Object.values(window.map._layers).filter(l => l.feature && "
                "l.options.pane === 'peruRegions').length"
            )
            == 25
        )
        frame.locator("path.peru-event").last.hover()
        seen = frame.evaluate(OPEN_ALL)
        text = "\n".join(seen["popups"] + seen["tooltips"])
        for hostile in HOSTILE:
            assert hostile in text, hostile  # shown as the file wrote it
        assert "alert(11)" in text and "Riots${alert(7)}" in text
        assert seen["elements"] == 0 and seen["scriptLinks"] == 0
        legend = frame.evaluate("() => document.querySelector('details').textContent")
        assert "Riots${alert(7)}" in legend
        # The rejected row is named with its reason, and every tab opens.
        expect(page.get_by_text("date 2023-02-31 does not exist").first).to_be_attached()  # a table cell
        expect(page.get_by_role("button", name="Rejected rows (CSV)")).to_be_visible()
        with page.expect_download(timeout=60000) as download:
            page.get_by_role("button", name="Rejected rows (CSV)").click()
        assert download.value.suggested_filename == "hostil_rejected.csv"
        download.value.save_as(tmp_path / "rejected.csv")
        rejected = pd.read_csv(tmp_path / "rejected.csv", encoding="utf-8-sig", dtype=str)  # header first
        assert list(rejected.columns[:2]) == ["row", "reason"] and len(rejected) == 1
        expect(page.get_by_text("the header is line 1, blank lines count")).to_be_visible()
        for tab in page.get_by_role("tab").all():
            tab.click()
            _settled(page)
        page.get_by_role("tab", name="Events").click()
        _settled(page)
        table = page.get_by_test_id("stDataFrame").last
        table.hover()
        table.get_by_test_id("stElementToolbarButton").first.wait_for(timeout=10000)  # the toolbar is up
        assert table.get_by_role("button", name="Download as CSV").count() == 0  # only our defused CSVs
        page.screenshot(path=str(ARTIFACTS / "upload_hostile.png"), full_page=True)
        assert frame.evaluate("() => window.top.document.querySelectorAll('img[src=\"x\"]').length") == 0
        assert dialogs == []

        # Added to the bundled events: 226 + 4, none lost, none twice.
        page.get_by_test_id("stSidebar").get_by_text("Add to the bundled events").click()
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("230", timeout=60000)
        assert dialogs == []


def test_every_format_opens_in_the_page_with_the_same_counts(served, tmp_path):
    """The Spanish newsroom table of tests/io/test_formats.py in each format and encoding, opened
    one after the other in one page: each reads 8 rows = 5 accepted + 3 rejected and maps 5."""
    from tests.io.test_formats import FORMATS

    seen = {}
    with opened(served, 1280, 900) as (page, _frame):
        uploader = page.get_by_test_id("stSidebar").locator("input[type=file]")
        for label, write in FORMATS.items():
            folder = tmp_path / label.split(" ")[0]
            folder.mkdir()
            path = write(folder)
            uploader.set_input_files(str(path))
            check = page.get_by_text(f"File check: {path.name} — ")
            expect(check).to_be_visible(timeout=60000)
            # The upload's runs end with the headline on the file's events (5 mapped of 8 rows):
            # the file check can show while a run that follows it is still to redraw the headline.
            expect(page.get_by_test_id("stMetricValue").first).to_have_text("5", timeout=30000)
            _settled(page)
            seen[label] = (check.inner_text().split(" — ")[1], page.get_by_test_id("stMetricValue").first.inner_text())
            # Four points drawn: N1, N2 and N8 placed at their towns, N5 turned round; N6 is in Madrid.
            wait_for_map(page, "document.querySelectorAll('path.peru-event').length === 4")
    print(seen)
    assert seen == {
        label: (f"8 {'features' if label == 'geojson' else 'rows'}: 5 accepted, 3 rejected", "5") for label in FORMATS
    }


def test_a_file_starting_on_the_bundled_first_day_shows_its_own_whole_range(served, tmp_path):
    """The dates follow the new file even when it starts on the same day as the bundled events."""
    path = tmp_path / "longer.csv"
    path.write_text(
        "event_date,event_type,fatalities,latitude,longitude\n"
        "2022-12-07,Protests,0,-15.5,-70.13\n"
        "2023-06-30,Protests,0,-15.5,-70.13\n",
        encoding="utf-8",
    )
    with opened(served) as (page, _frame):
        page.get_by_test_id("stSidebar").locator("input[type=file]").set_input_files(str(path))
        expect(page.get_by_text("longer.csv — 2 rows: 2 accepted, 0 rejected")).to_be_visible(timeout=60000)
        _settled(page)
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("2")
        assert page.get_by_text("Dec 7, 2022 – Jun 30, 2023").count() >= 1


def test_a_file_that_cannot_be_opened_leaves_the_visitors_own_file_shown(served, tmp_path):
    """After a good file, a file without the needed columns is refused with its reason, and the
    page keeps the good file (its events and its own dates), saying so."""
    short = tmp_path / "short.csv"
    short.write_text(
        "event_date,event_type,fatalities,latitude,longitude\n"
        "2023-01-09,Protests,0,-15.5,-70.13\n"
        "2023-01-10,Protests,0,-15.5,-70.13\n",
        encoding="utf-8",
    )
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Fecha;Departamento;Muerto\n2023-01-09;Puno;1\n", encoding="utf-8")
    with opened(served) as (page, _frame):
        uploader = page.get_by_test_id("stSidebar").locator("input[type=file]")
        uploader.set_input_files(str(short))
        expect(page.get_by_text("short.csv — 2 rows: 2 accepted, 0 rejected")).to_be_visible(timeout=60000)
        _settled(page)
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("2")
        uploader.set_input_files(str(wrong))
        error = page.get_by_text("Your file was not opened")
        expect(error).to_be_visible(timeout=60000)
        assert "lacks the column(s) event_type (tipo), fatalities (fallecidos)" in error.inner_text()
        assert "'Muerto'" in error.inner_text()
        assert error.inner_text().endswith("The map still shows short.csv.")
        _settled(page)
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("2", timeout=30000)
        assert page.get_by_text("Jan 9 – 10, 2023").count() >= 1
