"""Links and figures from the page, in headless Chromium: a shared link reopens the same view, a
figure mode shows the map alone, the interactive map downloads as one file that works offline,
and the app works behind a path prefix (server.baseUrlPath)."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import after_run, browser_page, map_frame, served_app, wait_for_map
from tests.browser.test_explore import _choose_period, _settled, opened
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"
ADDRESS = "() => window.location.href"  # Playwright's page.url misses history.replaceState


@pytest.fixture(scope="module")
def served():
    ARTIFACTS.mkdir(exist_ok=True)
    with served_app() as url:
        yield url


def test_a_shared_link_reopens_the_filter_the_layers_and_the_view(served):
    with opened(served) as (page, frame):
        _choose_period(page, "Juliaca")
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("36", timeout=20000)
        sidebar = page.get_by_test_id("stSidebar")
        after_run(page, sidebar.get_by_text("Mines and radius rings").click)  # a layer off
        sidebar.get_by_test_id("stSelectbox").nth(1).locator("input").click()  # the metric
        after_run(page, page.get_by_role("option", name="Fatalities").click)
        frame = wait_for_map(page, "window.map && !document.querySelector('.peru-mine')")
        frame.evaluate("() => window.map.setView([-15.49, -70.13], 9)")  # Juliaca, closer
        wait_for_map(page, "window.map.getZoom() === 9")
        page.wait_for_function("() => location.search.includes('view=-15.49')")
        link = page.evaluate(ADDRESS)
    assert "metric=Fatalities" in link and "show_mines=false" in link and "period=Juliaca" in link

    with browser_page(1280, 800) as fresh:  # a new browser: nothing but the link
        fresh.goto(link)
        frame = map_frame(fresh)
        _settled(fresh)
        expect(fresh.get_by_test_id("stMetricValue").first).to_have_text("36")
        assert frame.evaluate(
            "() => [window.map.getZoom(), +window.map.getCenter().lat.toFixed(2), "
            "+window.map.getCenter().lng.toFixed(2)]"
        ) == [9, -15.49, -70.13]
        legend = frame.evaluate("() => document.querySelector('details').innerText")
        assert legend.startswith("Fatalities by department")
        assert frame.query_selector(".peru-mine") is None  # the mines layer stays off
        fresh.screenshot(path=str(ARTIFACTS / "shared_link.png"))


def test_a_link_to_a_focused_department_fits_it(served):
    with browser_page(1280, 800) as page:
        page.goto(served + "/?focus=21&section=Regions")
        frame = wait_for_map(
            page,
            "window.map && Object.values(window.map._layers)"
            ".filter(l => l.feature && l.options.pane === 'peruRegions').length === 13",
        )
        _settled(page)
        assert "Puno" in page.get_by_test_id("stMarkdown").filter(has_text="its provinces").first.inner_text()
        # Fitted to Puno: its capital is in view, Lima is not.
        assert frame.evaluate("() => window.map.getBounds().contains([-15.84, -70.02])") is True
        assert frame.evaluate("() => window.map.getBounds().contains([-12.05, -77.04])") is False
        expect(page.get_by_role("tab", name="Regions")).to_have_attribute("aria-selected", "true")


@pytest.mark.parametrize("view", ["1e308,1e308,5", "0,0,5", "-15.49,-70.13,99"])
def test_a_link_with_a_view_that_is_not_one_fits_peru(served, view):
    """A view off the map (huge numbers, the Gulf of Guinea, a zoom the map lacks) is ignored."""
    with browser_page(1280, 800) as page:
        page.goto(served + f"/?view={view}")
        frame = wait_for_map(page, "window.map && window.map.getSize().x > 0 && window.map.getZoom() < 9")
        _settled(page)
        assert frame.evaluate("() => window.map.getBounds().contains([-15.84, -70.02])") is True  # Puno
        assert frame.evaluate("() => window.map.getBounds().contains([-12.05, -77.04])") is True  # Lima
        assert frame.evaluate("() => window.map.getBounds().contains([-3.75, -73.25])") is True  # Iquitos


def test_figure_mode_shows_the_map_alone(served):
    with browser_page(1280, 800) as page:
        page.goto(served + "/?figure=1&period=Juliaca+week+%286%E2%80%9312+Jan+2023%29")
        frame = map_frame(page)
        _settled(page)
        assert not page.get_by_test_id("stSidebar").is_visible()
        assert page.get_by_test_id("stMetric").count() == 0 and page.get_by_role("tab").count() == 0
        caption = page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first.inner_text()
        assert "Jan 6 – 12, 2023" in caption and "36 events" in caption
        box = page.query_selector("iframe[title*='streamlit_folium']").bounding_box()
        assert box["width"] > 1200 and box["height"] > 600  # full width, most of the height
        assert frame.evaluate("() => document.querySelector('details').open") is True  # the legend shows,
        # whole: the map fills the frame the page's CSS sized, no more
        assert frame.evaluate("() => window.map.getSize().y") == round(box["height"])
        assert frame.evaluate(
            "() => document.querySelector('details').getBoundingClientRect().bottom <= window.innerHeight"
        )
        page.screenshot(path=str(ARTIFACTS / "figure_mode.png"))


def test_the_interactive_map_downloads_as_one_file_that_works_offline(served, tmp_path):
    with opened(served) as (page, _):
        with page.expect_download(timeout=60000) as download:
            page.get_by_role("button", name="Map HTML").click()
        assert download.value.suggested_filename == "peru-protests_events-by-department_2022-12-07_2023-03-21.html"
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
    with browser_page(1280, 800) as page:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(saved.as_uri())
        page.wait_for_function(
            "() => window.L && Object.values(Object.values(window).find(v => v instanceof L.Map)"
            "._layers).filter(l => l.feature && l.options.pane === 'peruRegions').length === 25"
        )
        assert page.locator("path.peru-event").count() > 20
        assert [url for url in page.requested if not url.startswith(("file:", "data:"))] == []


def test_the_app_works_under_a_path_prefix():
    with served_app(base_path="peru/maps") as url, browser_page(1280, 800) as page:
        page.goto(url + "/")
        frame = map_frame(page, timeout_ms=60000)  # Leaflet and the shapes came from /peru/maps/app/static
        assert frame.evaluate("() => Object.values(window.map._layers).filter(l => l.feature).length") >= 25
        static = [u for u in page.requested if "/app/static/" in u]
        assert static and all("/peru/maps/app/static/" in u for u in static)


@pytest.mark.parametrize(
    "query",
    [
        "start=2023-01-06&end=2023-01-20",  # as the page writes it
        "dates=2023-01-06&dates=2023-01-20&period=Dates+chosen+below",
    ],
)  # older links
def test_a_link_to_dates_chosen_by_hand_opens_them(served, query):
    # 73 events from 6 to 20 January 2023: `python -m geo summary --start 2023-01-06 --end 2023-01-20`.
    with browser_page(1280, 800) as page:
        page.goto(f"{served}/?{query}")
        map_frame(page)
        _settled(page)
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("73")
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_by_role("spinbutton", name="day, Dates start date").inner_text() == "06"
        assert sidebar.get_by_role("spinbutton", name="day, Dates end date").inner_text() == "20"
        expect(sidebar.get_by_role("combobox", name="Period")).to_have_value("Dates chosen below")
        address = page.evaluate(ADDRESS)
        assert "start=2023-01-06&end=2023-01-20" in address and "dates=" not in address
        _choose_period(page, "Juliaca")  # a named period: its name alone in the address
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("36", timeout=20000)
        page.wait_for_function("() => location.search.includes('period=Juliaca')")
        assert "start=" not in page.evaluate(ADDRESS)


def _type_dates(page, first: str, last: str):
    """Type a range in the sidebar's date box, as DDMMYYYY digits, leaving the focus in it."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("spinbutton", name="day, Dates start date").click()
    page.keyboard.type(first)
    sidebar.get_by_role("spinbutton", name="day, Dates end date").click()
    page.keyboard.type(last)


def test_a_map_downloaded_right_after_typing_dates_holds_those_dates(served, tmp_path):
    from PIL import Image

    with opened(served) as (page, _):
        _type_dates(page, "06012023", "20012023")
        with page.expect_download(timeout=120000) as download:  # at once: the page has not run yet
            page.get_by_role("button", name="Map PNG").click()
        assert download.value.suggested_filename == "peru-protests_events-by-department_2023-01-06_2023-01-20.png"
        download.value.save_as(tmp_path / "map.png")
        assert Image.open(tmp_path / "map.png").size == (3508, 2480)
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("73")


def test_enter_applies_typed_dates(served):
    with opened(served) as (page, _):
        _type_dates(page, "06012023", "20012023")
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("73", timeout=20000)
        expect(page.get_by_test_id("stDateInputCalendar")).to_have_count(0)  # no calendar left open
        page.wait_for_function("() => location.search.includes('start=2023-01-06&end=2023-01-20')")


def test_a_layer_has_one_switch_and_a_shared_link_keeps_it_off(served):
    with opened(served) as (page, frame):
        # The sidebar's checkboxes are the only layer switches: the map has no control of its own.
        assert frame.query_selector(".leaflet-control-layers") is None
        assert frame.query_selector(".peru-mine") is not None
        mines = page.get_by_test_id("stSidebar").get_by_role("checkbox", name="Mines and radius rings")
        mines.uncheck(force=True)  # Streamlit draws its own box over the input
        wait_for_map(page, "window.map && !document.querySelector('.peru-mine')")
        _settled(page)
        page.wait_for_function("() => location.search.includes('show_mines=false')")
        link = page.evaluate(ADDRESS)
    with browser_page(1280, 800) as fresh:
        fresh.goto(link)
        frame = map_frame(fresh)
        _settled(fresh)
        assert frame.query_selector(".peru-mine") is None and frame.query_selector(".leaflet-control-layers") is None
        expect(
            fresh.get_by_test_id("stSidebar").get_by_role("checkbox", name="Mines and radius rings")
        ).not_to_be_checked()
