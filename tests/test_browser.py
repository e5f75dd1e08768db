"""The dashboard as a person sees it: `streamlit run`, headless Chromium, clicks, screenshots.

Screenshots go to artifacts/ (ignored by git) for a human to look at.
"""

import pytest
from browser import browser_page, is_local, map_frame, served_app
from conftest import ROOT

from geo import settings

ARTIFACTS = ROOT / "artifacts"
FILLS = {c.lower() for c in (*settings.CLASS_COLORS, settings.ZERO_COLOR)}


@pytest.fixture(scope="module")
def page():
    ARTIFACTS.mkdir(exist_ok=True)
    with served_app() as url, browser_page() as page:
        page.goto(url)
        page.app_url = url
        yield page


def _sidebar_checkbox(page, label: str):
    page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()


def test_map_shows_departments_mines_and_legend_offline(page):
    frame = map_frame(page)
    page.wait_for_timeout(1000)
    fills = frame.eval_on_selector_all("path.leaflet-interactive",
                                       "ps => ps.map(p => (p.getAttribute('fill') || '').toLowerCase())")
    assert sum(f in FILLS for f in fills) == 25  # one polygon per department
    mines = frame.eval_on_selector_all(".leaflet-marker-icon",
                                       "ms => ms.filter(m => m.innerHTML.includes('rotate(45deg)')).length")
    assert mines == 25  # every mine with coordinates (Cerro Lindo has none)
    legend = frame.inner_text(".peru-legend")
    assert "Events by department" in legend and "26–44" in legend and "project" in legend
    page.query_selector("iframe[title*='streamlit_folium']").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "browser_map.png"))
    outside = [u for u in page.requested if not is_local(u)]
    assert outside == []


def test_clicking_a_region_selects_it_in_the_tables(page):
    map_frame(page)
    for label in ("Events", "Mines and radius rings", "State of emergency / curfew"):
        _sidebar_checkbox(page, label)  # leave only the regions, so the click lands on Puno
    page.wait_for_timeout(2500)
    frame = map_frame(page)
    point = frame.evaluate("""() => {
        for (const layer of Object.values(window.map._layers)) {
            if (layer.feature && layer.feature.properties.name === 'Puno') {
                const p = window.map.latLngToContainerPoint(layer.getCenter());
                return {x: p.x, y: p.y};
            }
        }
        return null;
    }""")
    assert point is not None
    box = page.query_selector("iframe[title*='streamlit_folium']").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.get_by_text("Selected on the map: Puno").wait_for(timeout=20000)
    assert page.get_by_text("Events in Puno").is_visible()
    page.screenshot(path=str(ARTIFACTS / "browser_selected.png"), full_page=True)
    assert [u for u in page.requested if not is_local(u)] == []
