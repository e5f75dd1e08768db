"""The dashboard as a person sees it: `streamlit run`, headless Chromium, clicks, screenshots.

Screenshots go to artifacts/ (ignored by git) for a human to look at.
"""

import pytest

from geo import settings
from tests.browser.pages import browser_page, is_local, map_frame, served_app, settled, wait_for_map
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"
FILLS = {c.lower() for c in (*settings.CLASS_COLORS, settings.ZERO_COLOR)}


@pytest.fixture(scope="module")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    with served_app() as url:
        yield url


@pytest.fixture
def page(app_url):
    """A page of its own for each test, opened on the app."""
    with browser_page() as page:
        page.goto(app_url)
        page.app_url = app_url
        yield page


def _sidebar_checkbox(page, label: str):
    page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()


def test_map_shows_departments_mines_and_legend_offline(page):
    map_frame(page)
    # Every shape and mine drawn (the regions arrive after the map itself).
    frame = wait_for_map(
        page,
        "document.querySelectorAll('path.leaflet-interactive').length >= 25"
        " && [...document.querySelectorAll('.leaflet-marker-icon')]"
        ".filter(m => m.innerHTML.includes('rotate(45deg)')).length >= 25",
    )
    fills = frame.eval_on_selector_all(
        "path.leaflet-interactive", "ps => ps.map(p => (p.getAttribute('fill') || '').toLowerCase())"
    )
    assert sum(f in FILLS for f in fills) == 25  # one polygon per department
    mines = frame.eval_on_selector_all(
        ".leaflet-marker-icon", "ms => ms.filter(m => m.innerHTML.includes('rotate(45deg)')).length"
    )
    assert mines == 25  # every mine with coordinates (Cerro Lindo has none)
    legend = frame.inner_text(".peru-legend")
    assert "Events by department" in legend and "26–44" in legend and "project" in legend
    # Events are one layer of circles drawn from one JSON payload (188 with a position); events
    # sharing a position are one circle that counts them.
    counted = frame.evaluate("""() => Object.values(window.map._layers)
        .filter(l => l.options && /peru-event/.test(l.options.className || ''))
        .reduce((n, l) => n + (l.peruCount || 1), 0)""")
    assert counted == 188
    assert frame.eval_on_selector_all("path.peru-event", "ps => ps.length") < 100
    # The biggest circle is the deadliest event: Juliaca, 9 January (18 killed). Circles overlap at
    # country zoom, so the click is dispatched to the circle itself.
    # Events lie above the region shapes (which arrive later, fetched from the app): what is on
    # screen at an event's centre is an event, so its tooltip and popup can be reached.
    on_top = frame.evaluate("""() => [...document.querySelectorAll('path.peru-event')].filter(p => {
        const r = p.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit && hit.classList.contains('peru-event');
    }).length""")
    circles = frame.eval_on_selector_all("path.peru-event", "ps => ps.length")
    assert on_top > circles * 0.6  # the rest lie under the legend or another layer's marker
    sizes = frame.eval_on_selector_all("path.peru-event", "ps => ps.map(p => p.getBBox().width)")
    frame.query_selector_all("path.peru-event")[sizes.index(max(sizes))].dispatch_event("click")
    # It is Juliaca's 13 events at one position: its popup lists each, the deadliest first, each
    # with its date, deaths and source.
    popup = frame.wait_for_selector(".leaflet-popup-content")
    assert popup.inner_text().startswith("13 events here, 19 deaths (deadliest first):")
    items = popup.query_selector_all(".peru-place-event")
    assert len(items) == 13 and all("Source:" in item.inner_text() for item in items)
    text = items[0].inner_text()
    assert text.startswith("Jan 9, 2023 — Juliaca") and "Fatalities: 18 (civilians killed in protests)" in text
    assert items[0].query_selector("a").get_attribute("href") == (
        "https://larepublica.pe/sociedad/2023/01/12/protestas-en-puno-juliaca-a-18-se-eleva-el-numero-de-fallecidos-"
        "por-protestas-en-juliaca-fallecio-adolescente-en-uci-lrsd"
    )
    # The marker's count is drawn beside it.
    assert "13" in frame.eval_on_selector_all(".peru-event-count", "bs => bs.map(b => b.textContent)")
    page.query_selector("iframe[title*='streamlit_folium']").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "browser_map.png"))
    outside = [u for u in page.requested if not is_local(u)]
    assert outside == []


def test_reconciliation_beside_the_headline(page):
    box = page.get_by_test_id("stAlert").first
    box.wait_for(timeout=30000)
    text = box.inner_text()
    assert "60, Defensoría del Pueblo, Feb 20, 2023" in text
    assert "8 deaths linked to roadblocks are not itemized in the table." in text
    assert box.get_by_role("link", name="source").get_attribute("href") == (
        "https://rpp.pe/peru/actualidad/protestas-en-peru-bloqueos-de-carreteras-solo-se-mantienen-en-puno-menos-del-"
        "5-del-territorio-nacional-noticia-1467930"
    )
    assert (
        "(48 civilians killed in protests, of whom 24 in 4 events coded as excessive force against protesters; "
        "1 police officer; 3 linked to roadblocks; 6 soldiers)" in text
    )
    page.screenshot(path=str(ARTIFACTS / "browser_headline.png"))


def test_clicking_a_department_drills_down_to_its_provinces(page):
    map_frame(page)
    for label in ("Events", "Mines and radius rings", "State of emergency / curfew"):
        _sidebar_checkbox(page, label)  # leave only the regions, so the click lands on Puno
    # Each checkbox reruns the page and replaces the map: wait for the map with all three layers off.
    wait_for_map(
        page,
        "window.map && document.querySelectorAll('path.leaflet-interactive').length >= 25"
        " && !document.querySelector('.leaflet-marker-icon')"
        " && !document.querySelector('path[stroke-dasharray]')",
    )
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=20000)
    # Puno's centre on screen, once the map has stopped moving and Puno is what lies there.
    puno_centre = """(() => {
        if (window.map._animatingZoom || window.map._panAnim && window.map._panAnim._inProgress) return null;
        for (const layer of Object.values(window.map._layers)) {
            if (layer.feature && layer.feature.properties.name === 'Puno') {
                const p = window.map.latLngToContainerPoint(layer.getCenter());
                const rect = window.map.getContainer().getBoundingClientRect();
                const hit = document.elementFromPoint(rect.left + p.x, rect.top + p.y);
                return hit === layer._path ? {x: rect.left + p.x, y: rect.top + p.y} : null;
            }
        }
        return null;
    })()"""
    # The click must land on screen.
    page.query_selector("iframe[title*='streamlit_folium']").scroll_into_view_if_needed()
    # The map holds its view across reruns; the popup opened earlier panned it. Back to all of Peru.
    wait_for_map(page, "window.map").evaluate(f"() => window.map.fitBounds({[list(c) for c in settings.PERU_BOUNDS]})")
    frame = wait_for_map(page, puno_centre)
    peru_zoom = frame.evaluate("() => window.map.getZoom()")
    point = frame.evaluate(f"() => {puno_centre}")
    box = page.query_selector("iframe[title*='streamlit_folium']").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    # The click focuses Puno: the map fits it and draws its 13 provinces, the headline counts its
    # events, and a way back to Peru appears.
    page.get_by_text("Puno: its provinces").wait_for(timeout=20000)
    frame = wait_for_map(page, "Object.values(window.map._layers).filter(l => l.feature).length === 13")
    # Fitted to Puno: it is all in view, and the view is closer than the whole country's.
    assert frame.evaluate("() => window.map.getBounds().contains([[-17.29, -71.11], [-13.01, -68.82]])")
    assert frame.evaluate("() => window.map.getZoom()") > peru_zoom
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "44"
    page.get_by_role("tab", name="Events").click()
    page.get_by_text("Events in Puno").wait_for(timeout=20000)
    page.get_by_test_id("stDataFrame").wait_for(timeout=20000)
    settled(page)
    page.screenshot(path=str(ARTIFACTS / "browser_selected.png"), full_page=True)
    page.get_by_role("button", name="Peru").click()  # back: all 25 departments again
    wait_for_map(page, "Object.values(window.map._layers).filter(l => l.feature).length === 25")
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "226"
    assert [u for u in page.requested if not is_local(u)] == []
