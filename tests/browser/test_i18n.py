"""The page in Spanish and in English, as a person sees it: `streamlit run ... ?lang=es`, headless
Chromium, the headline, the legend, a popup, the tabs, the switch. Screenshots go to artifacts/."""

import re

import pytest

from tests.browser.pages import after_run, browser_page, map_frame, served_app, settled, wait_for_map
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"

# What each language shows: headline labels, the caption's dates, the legend, Juliaca's popup.
EXPECTED = {
    "es": {
        "labels": ("Eventos", "Fallecidos"),
        "period": "7 dic 2022 – 21 mar 2023",
        "legend": ("Eventos por departamento", "Protestas (Protests)", "mina en producción"),
        "popup": "13 eventos aquí, 19 muertes (los más letales primero):",
        "item": ("9 ene 2023 — Juliaca", "Fallecidos: 18 (civiles muertos en protestas)", "Fuente:"),
        "zoom": "Acercar",
        "tabs": ["Cronología", "Regiones", "Minas", "Eventos", "Balances, emergencias, bloqueos", "Sobre los datos"],
    },
    "en": {
        "labels": ("Events", "Fatalities"),
        "period": "Dec 7, 2022 – Mar 21, 2023",
        "legend": ("Events by department", "Protests", "producing mine"),
        "popup": "13 events here, 19 deaths (deadliest first):",
        "item": ("Jan 9, 2023 — Juliaca", "Fatalities: 18 (civilians killed in protests)", "Source:"),
        "zoom": "Zoom in",
        "tabs": ["Timeline", "Regions", "Mines", "Events", "Tolls, emergencies, roadblocks", "About the data"],
    },
}


@pytest.fixture(scope="module")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    with served_app() as url:
        yield url


def metric_labels(page) -> list[str]:
    return [label.inner_text().strip() for label in page.get_by_test_id("stMetricLabel").all()]


def deadliest_popup(page):
    """The popup of the biggest circle (Juliaca's 13 events at one position)."""
    frame = map_frame(page)
    sizes = frame.eval_on_selector_all("path.peru-event", "ps => ps.map(p => p.getBBox().width)")
    frame.query_selector_all("path.peru-event")[sizes.index(max(sizes))].dispatch_event("click")
    return frame.wait_for_selector(".leaflet-popup-content")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_page_in_each_language(app_url, lang):
    expected = EXPECTED[lang]
    with browser_page(1280, 800) as page:
        page.goto(f"{app_url}/?lang={lang}")
        frame = map_frame(page, 60000)
        page.get_by_test_id("stMetricLabel").nth(5).wait_for(timeout=30000)
        labels = metric_labels(page)
        assert labels[:2] == list(expected["labels"]), labels
        assert page.get_by_text(expected["period"]).count() >= 1
        tabs = [tab.inner_text().strip() for tab in page.get_by_role("tab").all()]
        assert tabs == expected["tabs"]
        legend = frame.inner_text(".peru-legend")
        assert all(words in legend for words in expected["legend"]), legend
        assert frame.get_attribute(".leaflet-control-zoom-in", "title") == expected["zoom"]
        assert page.evaluate("document.documentElement.lang") == lang  # for screen readers and translators
        page.screenshot(path=str(ARTIFACTS / f"lang_{lang}.png"))
        popup = deadliest_popup(page)
        assert popup.inner_text().startswith(expected["popup"])
        first = popup.query_selector(".peru-place-event").inner_text()
        assert first.startswith(expected["item"][0]) and all(words in first for words in expected["item"][1:]), first
        page.query_selector("iframe[title*='streamlit_folium']").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"lang_{lang}_popup.png"))


def test_the_switch_changes_the_language_and_keeps_the_open_tab(app_url):
    with browser_page(1280, 800) as page:
        page.goto(f"{app_url}/?lang=es&section=Mines")
        page.get_by_test_id("stMetricLabel").first.wait_for(timeout=60000)
        assert page.get_by_role("tab", selected=True).inner_text().strip() == "Minas"
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        page.get_by_test_id("stMetricLabel").get_by_text("Fatalities", exact=True).wait_for(timeout=30000)
        # The same tab, in English (the tabs are drawn after the headline: wait for them).
        page.get_by_role("tab", name="Mines", exact=True, selected=True).wait_for(timeout=30000)
        assert [tab.inner_text().strip() for tab in page.get_by_role("tab").all()] == EXPECTED["en"]["tabs"]
        assert re.search(r"[?&]lang=en\b", page.url)
        frame = wait_for_map(
            page,
            "document.querySelector('.peru-legend') && "
            "document.querySelector('.peru-legend').innerText.includes('Events by department')",
        )
        assert "Eventos" not in frame.inner_text(".peru-legend")


# A browser set to Spanish: Chromium's --accept-lang asks for it on every request, the page's
# websocket too; Playwright's locale alone sets navigator.language and the HTTP requests' header,
# while the websocket still asks for English.
SPANISH_BROWSERS = {"accept-lang": (["--accept-lang=es-PE,es"], None), "locale": ([], "es-PE")}


@pytest.mark.parametrize("how", SPANISH_BROWSERS)
def test_a_spanish_browser_gets_spanish_and_an_old_english_link_keeps_its_choices(app_url, how):
    """A browser asking for Spanish opens the page in Spanish; a link written before the switch
    existed (no ``lang``, English labels such as level=Province) opens in English with its level."""
    from playwright.sync_api import sync_playwright

    from tests.browser.pages import CHROMIUM, CHROMIUM_ARGS

    args, locale = SPANISH_BROWSERS[how]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *args])
        try:
            page = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800}).new_page()
            page.goto(app_url)
            page.get_by_test_id("stMetricLabel").get_by_text("Fallecidos", exact=True).wait_for(timeout=60000)
            page.goto(f"{app_url}/?level=Province")
            page.get_by_test_id("stMetricLabel").get_by_text("Provinces", exact=True).wait_for(timeout=60000)
            assert page.get_by_test_id("stMetricLabel").first.inner_text().strip() == "Events"
        finally:
            browser.close()


def metric_value(page, n: int) -> str:
    return page.get_by_test_id("stMetricValue").nth(n).inner_text().strip()


def test_the_switch_keeps_a_changed_filter(app_url):
    """The filters the page shows by their labels (level, types, the play step, the timeline's
    series) hold their choice through a switch, and the address then names them in the new
    language, so a reload shows the same numbers."""
    with browser_page(1280, 800) as page:
        page.goto(f"{app_url}/?lang=en")
        sidebar = page.get_by_test_id("stSidebar")
        page.get_by_test_id("stMetricLabel").nth(5).wait_for(timeout=60000)
        everything = metric_value(page, 0)
        sidebar.get_by_text("Province", exact=True).click()
        page.get_by_test_id("stMetricLabel").get_by_text("Provinces", exact=True).wait_for(timeout=30000)
        sidebar.get_by_role("button", name=re.compile("Remove Protests")).click()
        page.wait_for_function(
            f"() => document.querySelector('[data-testid=stMetricValue]').innerText.trim() !== '{everything}'",
            timeout=30000,
        )
        settled(page)
        after_run(page, sidebar.get_by_text("a week at a time", exact=True).click)
        after_run(page, page.get_by_text("Deaths, by kind", exact=True).click)
        english = [metric_value(page, n) for n in range(6)]
        assert int(english[0].replace(",", "")) < int(everything.replace(",", ""))

        sidebar.get_by_text("Español", exact=True).click()
        page.get_by_test_id("stMetricLabel").get_by_text("Provincias", exact=True).wait_for(timeout=30000)
        settled(page)
        assert [metric_value(page, n) for n in range(6)] == [v.replace(",", ".") for v in english]
        checked = [radio.inner_text().strip() for radio in sidebar.locator("label:has(input:checked)").all()]
        assert "Provincia" in checked and "semana a semana" in checked, checked
        assert page.get_by_role("radio", name="Muertes, por tipo", checked=True).count() == 1
        assert "Protestas (Protests)" not in sidebar.get_by_test_id("stMultiSelect").first.inner_text()
        assert re.search(r"[?&]level=Provincia\b", page.url), page.url

        page.reload()
        page.get_by_test_id("stMetricLabel").get_by_text("Provincias", exact=True).wait_for(timeout=60000)
        settled(page)
        assert metric_value(page, 0) == english[0].replace(",", ".")


def test_the_switch_keeps_a_named_period_and_metric(app_url):
    """Spanish to English with a named period and a metric chosen: both stay, named in English."""
    with browser_page(1280, 800) as page:
        page.goto(f"{app_url}/?lang=es")
        sidebar = page.get_by_test_id("stSidebar")
        page.get_by_test_id("stMetricLabel").nth(5).wait_for(timeout=60000)
        sidebar.get_by_test_id("stSelectbox").first.click()
        page.get_by_role("option", name="Semana de Juliaca (6–12 ene 2023)").click()
        page.get_by_text("6–12 ene 2023").first.wait_for(timeout=30000)
        settled(page)
        metric = sidebar.get_by_test_id("stSelectbox").nth(1)
        metric.scroll_into_view_if_needed()
        metric.locator("input").focus()
        page.keyboard.press("ArrowDown")
        page.get_by_role("option", name="Civiles muertos en las protestas").click()
        page.wait_for_url(re.compile("metric=Civiles"), timeout=30000)
        settled(page)
        spanish = [metric_value(page, n) for n in range(6)]

        sidebar.get_by_text("English", exact=True).click()
        page.get_by_test_id("stMetricLabel").get_by_text("Fatalities", exact=True).wait_for(timeout=30000)
        page.wait_for_url(re.compile("metric=Civilians"), timeout=30000)
        settled(page)
        assert [metric_value(page, n) for n in range(6)] == [v.replace(".", ",") for v in spanish]
        chosen = [box.input_value() for box in sidebar.get_by_test_id("stSelectbox").locator("input").all()]
        assert chosen == ["Juliaca week (6–12 Jan 2023)", "Civilians killed in the protests"]
        assert "Jan 6 – 12, 2023" in page.inner_text("body")
        assert re.search(r"[?&]period=Juliaca", page.url) and "metric=Civilians" in page.url, page.url


def test_an_english_link_opened_in_spanish_keeps_its_choices(app_url):
    """A shared English link whose ``lang`` a reader changed by hand to ``es``: the level, the
    types and the period it names are shown, and after the first click the address names them in
    Spanish."""
    with browser_page(1280, 800) as page:
        page.goto(f"{app_url}/?lang=es&level=Province&types=Protests&period=Juliaca+week+(6%E2%80%9312+Jan+2023)")
        sidebar = page.get_by_test_id("stSidebar")
        page.get_by_test_id("stMetricLabel").get_by_text("Provincias", exact=True).wait_for(timeout=60000)
        page.get_by_text("6–12 ene 2023").first.wait_for(timeout=30000)
        settled(page)
        checked = [radio.inner_text().strip() for radio in sidebar.locator("label:has(input:checked)").all()]
        assert "Provincia" in checked, checked
        chosen = sidebar.get_by_test_id("stMultiSelect").first.inner_text()
        assert "Protestas (Protests)" in chosen and "Disturbios" not in chosen, chosen
        page.get_by_role("tab", name="Minas").click()
        page.wait_for_url(re.compile("level=Provincia"), timeout=30000)
        assert re.search(r"types=Protestas", page.url) and re.search(r"period=Semana", page.url), page.url


def test_the_switch_keeps_the_map_where_the_user_left_it(app_url):
    """Zoomed in, then switched: the new map (its buttons now in Spanish) opens at the same view,
    and the address keeps it."""
    with browser_page(1280, 800) as page:
        page.goto(f"{app_url}/?lang=en")
        page.get_by_test_id("stMetricLabel").nth(5).wait_for(timeout=60000)
        map_frame(page)
        for zoom in ("6.75", "7.75"):  # each step's view reaches the address
            map_frame(page).locator(".leaflet-control-zoom-in").click()
            page.wait_for_url(re.compile(rf"view=[^&]*{re.escape(zoom)}(&|$)"), timeout=30000)
        zoomed = re.search(r"view=([^&]+)", page.url).group(1)
        assert zoomed.endswith("7.75"), page.url  # two steps in from the first view (5.75)

        page.get_by_test_id("stSidebar").get_by_text("Español", exact=True).click()
        frame = wait_for_map(page, "document.querySelector('.leaflet-control-zoom-in[title=Acercar]')")
        settled(page)
        assert frame.evaluate("() => window.map.getZoom()") == 7.75
        assert re.search(r"view=([^&]+)", page.url).group(1) == zoomed, page.url


def drawn_timeline(page, address: str):
    """The timeline chart of the page at ``address``, once Vega has written its texts."""
    page.goto(address)
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.wait_for(timeout=60000)
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=stVegaLiteChart] svg text').length > 5", timeout=30000
    )
    settled(page)
    return chart


def test_the_timeline_speaks_the_page_language(app_url):
    """The timeline's axis names the days in Spanish (Vega-Lite's locale from the CLDR), one tick
    a day for the Juliaca week, no hours."""
    with browser_page(1280, 900) as page:
        chart = drawn_timeline(page, f"{app_url}/?lang=es&section=Timeline&period=Semana+de+Juliaca+(6–12+ene+2023)")
        texts = [text.strip() for text in chart.locator("svg text").all_text_contents()]
        assert [f"{d} ene" for d in range(6, 13)] == [x for x in texts if x.endswith(" ene")], texts
        assert not any(word in " ".join(texts) for word in ("Jan", "PM", "AM", "12 PM")), texts
        assert "Protestas (Protests)" in texts and "eventos" in texts
        chart.screenshot(path=str(ARTIFACTS / "timeline_es.png"))


def test_the_timeline_fits_a_phone(app_url):
    """On a phone (390 px) every series of the legend shows, none of them past the chart's right
    edge, and so does the last day's label."""
    with browser_page(390, 844) as page:
        chart = drawn_timeline(page, f"{app_url}/?lang=es&section=Timeline")
        box = chart.bounding_box()
        texts = chart.locator("svg text").all()
        shown = {text.text_content().strip(): text.bounding_box() for text in texts}
        legend = [label for label in shown if label.startswith(("Protestas", "Disturbios", "Desarrollos"))]
        assert len(legend) == 3, list(shown)
        for label, where in shown.items():
            assert where["x"] + where["width"] <= box["x"] + box["width"] + 1, (label, where, box)
            assert where["y"] + where["height"] <= box["y"] + box["height"] + 1, (label, where, box)
        chart.screenshot(path=str(ARTIFACTS / "timeline_phone_es.png"))
