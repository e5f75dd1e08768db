"""Exploring the page in headless Chromium: the map keeps its view through changes, popups are
never under the legend, and a phone sees the map first."""

import io
from contextlib import contextmanager

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    browser_page,
    component_messages,
    map_frame,
    sent_by_now,
    served_app,
    settled,
    wait_for_map,
)
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"
VIEW = (
    "JSON.stringify([window.map.getCenter().lat.toFixed(4), window.map.getCenter().lng.toFixed(4),"
    " window.map.getZoom()])"
)


@pytest.fixture(scope="module")
def served():
    ARTIFACTS.mkdir(exist_ok=True)
    with served_app() as url:
        yield url


@contextmanager
def opened(url: str, width: int = 1280, height: int = 800):
    """A browser page on the served app, once its map is drawn and its run finished."""
    with browser_page(width, height) as page:
        page.goto(url)
        frame = map_frame(page)
        _settled(page)
        yield page, frame


def _choose_period(page, typed: str):
    """Pick the named period whose name starts with ``typed`` in the sidebar's Period box."""
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.locator("input").click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def _settled(page):
    """The page's run has finished (callers first wait for something that run draws)."""
    settled(page)


def _new_layers(page, frame):
    """Wait until the events layer drawn before the last change has been replaced."""
    wait_for_map(page, "window.__old && !window.__old.isConnected && document.querySelector('path.peru-event')")


def _mark(frame):
    frame.evaluate("() => { window.__old = document.querySelector('path.peru-event'); }")


def test_the_map_keeps_its_view_through_filter_and_level_changes(served):
    with opened(served) as (page, frame):
        frame.evaluate("() => window.map.setView([-15.6, -70.2], 8, {animate: false})")  # Puno
        before = frame.evaluate(f"() => {VIEW}")
        sidebar = page.get_by_test_id("stSidebar")

        _mark(frame)  # the mine radius: 25 -> 26 km
        sidebar.get_by_role("slider").first.focus()
        page.keyboard.press("ArrowRight")
        _new_layers(page, frame)
        _settled(page)
        assert "Within 26 km of a mine" in page.inner_text("body")
        assert map_frame(page).evaluate(f"() => {VIEW}") == before

        _mark(map_frame(page))  # the dates: a named period
        _choose_period(page, "Juliaca")
        _new_layers(page, frame)
        _settled(page)
        assert map_frame(page).evaluate(f"() => {VIEW}") == before

        sidebar.get_by_text("Province", exact=True).click()  # the level
        wait_for_map(page, "Object.values(window.map._layers).filter(l => l.feature).length > 100")
        _settled(page)
        assert map_frame(page).evaluate(f"() => {VIEW}") == before
        page.screenshot(path=str(ARTIFACTS / "explore_view_kept.png"))


def test_a_popup_folds_the_legend_and_a_marker_click_does_not_rerun(served):
    with opened(served) as (page, frame):
        assert frame.evaluate("() => document.querySelector('.peru-legend details').open")
        runs = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda data: runs.append(len(data))))
        component_messages(page)
        runs.clear()
        frame.query_selector("path.peru-event-place").dispatch_event("click")
        frame.wait_for_selector(".leaflet-popup-content")
        frame.wait_for_function("() => !document.querySelector('.peru-legend details').open")
        assert sent_by_now(page, frame) == 0  # the map sent Streamlit no value for the click
        assert runs == []  # nothing went to the server: the page did not rerun
        assert page.get_by_test_id("stStatusWidget").count() == 0


def test_the_unfolded_legend_hides_no_event_on_a_wide_map(served):
    with opened(served) as (page, _):
        frame = wait_for_map(
            page, "document.querySelector('.peru-legend details') && document.querySelector('path.peru-event')"
        )
        hidden = frame.evaluate("""() => {
            const box = document.querySelector('.peru-legend').getBoundingClientRect();
            return [...document.querySelectorAll('path.peru-event, .leaflet-marker-icon')].filter(m => {
                const r = m.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                return x > box.left && x < box.right && y > box.top && y < box.bottom;
            }).length;
        }""")
        assert frame.evaluate("() => document.querySelector('.peru-legend details').open")
        assert hidden == 0


def test_a_phone_sees_the_map_in_its_first_screen(served):
    with opened(served, 390, 844) as (page, frame):
        box = page.query_selector("iframe[title*='streamlit_folium']").bounding_box()
        assert box["y"] < 844 * 0.5 and box["width"] > 300
        assert not frame.evaluate("() => document.querySelector('.peru-legend details').open")  # folded
        assert box["height"] < 844 * 0.75  # room to scroll the page past the map
        # The search comes before the map, not below the headline numbers.
        search = page.get_by_placeholder("Find a place, e.g. juliaca, Andahuaylas").bounding_box()
        assert search["y"] < box["y"]
        # A popup fits the screen: Juliaca's list of 13 events.
        frame.query_selector("path.peru-event-place").dispatch_event("click")
        sizes = frame.eval_on_selector_all("path.peru-event-place", "ps => ps.map(p => p.getBBox().width)")
        frame.query_selector_all("path.peru-event-place")[sizes.index(max(sizes))].dispatch_event("click")
        popup = frame.wait_for_selector(".leaflet-popup-content-wrapper")
        assert popup.bounding_box()["width"] <= 390
        page.screenshot(path=str(ARTIFACTS / "explore_phone.png"))


def test_play_steps_through_the_days_and_the_headline_follows(served):
    with opened(served) as (page, _):
        sidebar = page.get_by_test_id("stSidebar")
        _choose_period(page, "Juliaca")
        events = page.get_by_test_id("stMetricValue").first
        expect(events).to_have_text("36", timeout=20000)  # the Juliaca week's events
        _settled(page)
        sidebar.get_by_role("button", name="Play").click()
        sidebar.get_by_text("Playing: events up to Jan 6, 2023").wait_for(timeout=20000)
        expect(events).not_to_have_text("36", timeout=20000)  # the headline follows: 6 January only
        first = events.inner_text()
        # Steps come every few seconds on their own, with no click.
        sidebar.get_by_text("Playing: events up to Jan 8, 2023").wait_for(timeout=30000)
        expect(events).not_to_have_text(first, timeout=20000)
        later = events.inner_text()
        assert int(first) < int(later) < 36
        sidebar.get_by_role("button", name="Pause").click()
        page.get_by_test_id("stSidebar").get_by_text("Paused: events up to").wait_for(timeout=20000)
        assert sidebar.get_by_role("button", name="Play").is_visible()  # the button says what it will do
        page.screenshot(path=str(ARTIFACTS / "explore_play.png"))


def test_clicking_a_mine_studies_it_in_the_mines_tab(served):
    with opened(served) as (page, frame):
        frame.evaluate("""() => Object.values(window.map._layers)
            .find(l => l.feature && l.feature.properties.mine === 'Cerro Verde')
            ._icon.dispatchEvent(new MouseEvent('click', {bubbles: true}))""")
        assert frame.wait_for_selector(".leaflet-popup-content").inner_text().startswith("Cerro Verde")
        studied = "Cerro Verde: 1 event naming it; 10 more within 25 km, any cause; 2 deaths in all."
        page.get_by_text(studied).wait_for(timeout=20000)
        assert page.get_by_role("tab", name="Mines").get_attribute("aria-selected") == "true"
        page.get_by_text("Cerro Verde: 1 event naming it").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "explore_mine.png"))


def test_on_a_touch_phone_one_finger_is_left_to_the_page(served):
    """Leaflet's one-finger drag is off on phones (the page scrolls), pinch zoom stays on, and a
    hint says how to move the map."""
    from playwright.sync_api import sync_playwright

    from tests.browser.pages import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
            )
            page = context.new_page()
            page.goto(served)
            frame = map_frame(page)
            assert frame.evaluate("() => window.map.dragging.enabled()") is False
            assert frame.evaluate("() => window.map.touchZoom.enabled()") is True
            assert frame.inner_text(".peru-touch-hint") == "Two fingers move the map"
        finally:
            browser.close()
    with browser_page(1280, 800) as page:  # a desktop keeps dragging, and no hint
        page.goto(served)
        frame = map_frame(page)
        assert frame.evaluate("() => window.map.dragging.enabled()") is True
        assert frame.query_selector(".peru-touch-hint") is None


def test_the_report_map_downloads_for_the_current_view(served, tmp_path):
    from PIL import Image

    with opened(served) as (page, _):
        _choose_period(page, "Juliaca")
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("36", timeout=20000)
        _settled(page)
        with page.expect_download(timeout=60000) as download:
            page.get_by_role("button", name="Map PNG").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "peru-protests_events-by-department_2023-01-06_2023-01-12.png"
        assert Image.open(saved).size == (3508, 2480)
        with page.expect_download(timeout=60000) as download:
            page.get_by_role("button", name="Events CSV").click()
        assert download.value.suggested_filename == "peru-protests_events_2023-01-06_2023-01-12.csv"
        saved = tmp_path / "events.csv"
        download.value.save_as(saved)
        lines = saved.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].startswith("event_id_cnty,event_date,") and len(lines) >= 1 + 36  # the header first
        # What it holds is said on the page, on the button.
        page.get_by_role("button", name="Events GeoJSON").hover()  # away from the button clicked
        page.get_by_role("button", name="Events CSV").hover()
        expect(page.get_by_test_id("stTooltipContent")).to_contain_text(
            "Protest events in Peru, Jan 6 – 12, 2023; all event types;"
        )
        # The regions table: its counts, unassigned row included, add up to the headline.
        with page.expect_download(timeout=60000) as download:
            page.get_by_role("button", name="Departments CSV").click()
        assert download.value.suggested_filename == "peru-protests_departments_2023-01-06_2023-01-12.csv"
        download.value.save_as(tmp_path / "regions.csv")
        text = (tmp_path / "regions.csv").read_text(encoding="utf-8-sig")
        assert text.startswith("code,")
        regions = pd.read_csv(io.StringIO(text))
        assert int(regions["events"].sum()) == 36 and "UNASSIGNED" in set(regions["code"])
        with page.expect_download(timeout=60000) as download:
            page.get_by_role("button", name="Mines CSV").click()
        download.value.save_as(tmp_path / "mines.csv")
        mines = pd.read_csv(tmp_path / "mines.csv", encoding="utf-8-sig")
        assert "Cerro Verde" in set(mines["name"]) and "events within 25 km, any cause" in mines.columns


def test_the_wheel_over_the_map_scrolls_the_page_and_ctrl_wheel_zooms(served):
    with opened(served) as (page, frame):
        box = page.query_selector("iframe[title*='streamlit_folium']").bounding_box()
        assert box["y"] + 60 < 800, "the map must be in the first screen to wheel over it"
        zoom = frame.evaluate("() => window.map.getZoom()")
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 50)
        hint = frame.locator(".peru-wheel-hint")
        expect(hint).to_be_visible()  # said on hover
        expect(hint).to_have_text("Zoom: Ctrl + wheel (⌘ + wheel on a Mac) or the + − buttons")
        main = page.get_by_test_id("stMain")
        for _ in range(3):
            page.mouse.wheel(0, 150)
        page.wait_for_function("() => document.querySelector('[data-testid=stMain]').scrollTop >= 400")
        # Ctrl + wheel up zooms in; had the plain wheel zoomed out first, the map would end below its
        # first zoom. Events arrive in order: once this zoom is done, the plain wheel's would be too.
        page.keyboard.down("Control")
        page.mouse.wheel(0, -120)
        page.keyboard.up("Control")
        wait_for_map(page, f"window.map.getZoom() !== {zoom} && !window.map._animatingZoom")
        assert frame.evaluate("() => window.map.getZoom()") > zoom
        assert main.evaluate("e => e.scrollTop") >= 400  # the ctrl wheel did not scroll the page
        page.screenshot(path=str(ARTIFACTS / "wheel_scrolls_the_page.png"))


def test_a_roadblock_popup_stays_open_and_links_its_sources(served):
    with browser_page(1280, 800) as page:
        page.goto(served + "/?show_roadblocks=true")
        frame = wait_for_map(page, "document.querySelector('.peru-roadblock')")
        _settled(page)
        sent = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda data: sent.append(len(data))))
        frame = map_frame(page)
        box = frame.locator(".peru-roadblock").first
        box.scroll_into_view_if_needed()
        box.click()
        popup = frame.locator(".leaflet-popup-content")
        expect(popup).to_be_visible()
        expect(popup.locator("a[href^='https://']").first).to_be_visible()  # its source, a link
        _settled(page)  # a rerun would have replaced the layer, closing the popup
        expect(popup).to_be_visible()
        assert sent == []  # the click never reached the server
        assert frame.evaluate("() => document.querySelector('.peru-roadblock').isConnected")


def test_a_laptop_sees_the_map_in_its_first_screen(served):
    with opened(served, 1280, 800) as (page, _):
        box = page.query_selector("iframe[title*='streamlit_folium']").bounding_box()
        assert 800 - box["y"] >= 340, box  # 166 px of the map showed before the headline was compacted
        # Everything above it still shows whole: the numbers, the toll box, the search.
        toll = page.get_by_test_id("stAlert").first.bounding_box()
        assert toll["y"] + toll["height"] <= box["y"]
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("226")
        expect(page.get_by_placeholder("Find a place, e.g. juliaca, Andahuaylas")).to_be_in_viewport()
        page.screenshot(path=str(ARTIFACTS / "explore_laptop.png"))


def test_a_regions_tooltip_wraps_clear_of_the_legend(served):
    """Hovering Puno with the civilians-killed metric: its tooltip (name, 21 killed, 29 deaths by
    kind) wraps to a narrow box that the open legend does not cover."""
    with browser_page(1280, 800) as page:
        page.goto(served + "/?metric=Civilians+killed+in+the+protests")
        frame = map_frame(page)
        _settled(page)
        iframe = page.query_selector("iframe[title*='streamlit_folium']")
        iframe.evaluate("e => e.scrollIntoView({block: 'end'})")  # the whole map in the window
        box = iframe.bounding_box()
        point = frame.evaluate("() => window.map.latLngToContainerPoint([-14.2, -69.9])")  # Puno, away from markers
        page.mouse.move(box["x"] + point["x"] - 5, box["y"] + point["y"])
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=3)
        tooltip = frame.locator(".leaflet-tooltip")
        expect(tooltip).to_contain_text("Puno")
        expect(tooltip).to_contain_text("Civilians killed in the protests: 21")
        tip = tooltip.bounding_box()
        legend = frame.locator("details").bounding_box()
        assert tip["width"] <= 260, tip  # wrapped, not one long line
        apart = (
            tip["x"] >= legend["x"] + legend["width"]
            or tip["x"] + tip["width"] <= legend["x"]
            or tip["y"] >= legend["y"] + legend["height"]
            or tip["y"] + tip["height"] <= legend["y"]
        )
        assert apart, (tip, legend)
        page.screenshot(path=str(ARTIFACTS / "tooltip_clear_of_legend.png"))
