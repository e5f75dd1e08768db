"""The interactive map saved as one HTML file: it opens from disk, offline, with the page's
layers, legend and popups."""

from datetime import date

import pytest

from geo import i18n, settings
from geo.analysis.aggregate import EventFilter, filter_mask
from geo.analysis.dataset import make_view
from geo.cli import run
from geo.map.layers import map_input
from geo.report.standalone import standalone_html
from tests.browser.pages import browser_page

MAP_JS = "Object.values(window).find(v => v instanceof L.Map)"
REGIONS_JS = f"Object.values({MAP_JS}._layers).filter(l => l.feature && l.options.pane === 'peruRegions')"


def test_the_page_holds_every_file_it_needs(bundle):
    view = make_view(bundle, EventFilter(), "department", 25)
    page = standalone_html(map_input(view, "department", "events", 25, "whole"), "<b>Peru</b> & more")
    assert "<script src" not in page and 'rel="stylesheet"' not in page  # nothing to fetch
    assert settings.STATIC_URL not in page
    leaflet = (settings.STATIC_DIR / "vendor/leaflet/leaflet.js").read_text(encoding="utf-8")
    assert leaflet[-2000:] in page  # Leaflet itself, whole
    assert "url(images/" not in page and "data:image/png;base64," in page  # the layer control's icon
    assert "<title>&lt;b&gt;Peru&lt;/b&gt; &amp; more</title>" in page
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    spanish = standalone_html(map_input(view, "department", "events", 25, "whole", lang="es"), "Perú")
    assert spanish.startswith('<!DOCTYPE html>\n<html lang="es">')


@pytest.mark.browser
@pytest.mark.parametrize(("args", "regions"), [((), 25), (("--region", "21"), 13)])
def test_html_export_opens_from_disk_with_the_network_blocked(bundle, tmp_path, capsys, args, regions):
    week = bundle.events[filter_mask(bundle.events, EventFilter(date(2023, 1, 6), date(2023, 1, 12)))]
    deadliest = week.loc[week["fatalities"].idxmax()]
    juliaca = week[(week["latitude"] == deadliest["latitude"]) & (week["longitude"] == deadliest["longitude"])]
    out = tmp_path / "map.html"
    assert run(["render", "--start", "2023-01-06", "--end", "2023-01-12", *args, "--out", str(out)]) == 0
    assert "opens from disk" in capsys.readouterr().out
    with browser_page(1280, 800) as page:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(out.as_uri())
        page.wait_for_function(f"() => window.L && {REGIONS_JS}.length >= {regions}", timeout=20000)
        assert page.evaluate(f"() => {REGIONS_JS}.length") == regions  # every region drawn, no more
        # Filled by class: more than the zero class's colour among them.
        fills = page.evaluate(f"() => new Set({REGIONS_JS}.map(l => l.options.fillColor)).size")
        assert fills >= 3
        assert "Jan 6 – 12, 2023" in page.inner_text("details")  # the legend and its period
        # Before any popup: opening one pans the map (Leaflet's autoPan) and made this check flaky.
        if args:  # fitted to Puno: its capital in view, Lima not
            assert page.evaluate(f"() => {MAP_JS}.getBounds().contains([-15.84, -70.02])") is True
            assert page.evaluate(f"() => {MAP_JS}.getBounds().contains([-12.05, -77.04])") is False
        # The biggest circle is Juliaca's co-located events: its popup lists them, as in the page.
        sizes = page.eval_on_selector_all("path.peru-event", "ps => ps.map(p => p.getBBox().width)")
        page.query_selector_all("path.peru-event")[sizes.index(max(sizes))].dispatch_event("click")
        popup = page.wait_for_selector(".peru-place-popup", timeout=5000)
        assert popup.inner_text().startswith(f"{len(juliaca)} events here, {int(juliaca['fatalities'].sum())} deaths")
        assert errors == []
        assert [url for url in page.requested if not url.startswith(("file:", "data:"))] == []
    if not args:
        assert i18n.day(date.today(), "en") in out.read_text(encoding="utf-8")  # the title's export day
