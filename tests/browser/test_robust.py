"""One visitor's file cannot bring the server down or reach another visitor, in headless Chromium
against ``streamlit run``: hostile workbooks are refused while a second session keeps working,
two sessions opening identical bytes each see their own file name, and fifty uploads leave
nothing behind on disk."""

import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo import settings
from tests.browser.pages import browser_pages, map_frame, served_app
from tests.browser.test_explore import _choose_period, _settled, opened
from tests.io.test_bounds import sheet_xml, workbook, zip_bomb

EVENTS = (
    "event_date,event_type,latitude,longitude,fatalities,notes\n"
    "2023-01-09,Protests,-15.4997,-70.1331,1,Juliaca\n"
    "2023-01-10,Protests,-13.53,-71.97,0,Cusco\n"
)


@pytest.fixture(scope="module")
def served():
    with served_app() as url:
        yield url


def _status(pid: int) -> dict[str, int]:
    """The server's memory now and at its peak (kB), from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}


@contextmanager
def visitors(url: str, count: int = 2):
    """Visitors' pages on the served app (each its own browser context), once their map is drawn."""
    with browser_pages(count, 1280, 800) as pages:
        for page in pages:
            page.goto(url)
            map_frame(page)
            _settled(page)
        yield pages


def _upload(page, path: Path) -> None:
    page.get_by_test_id("stSidebar").locator("input[type=file]").set_input_files(str(path))


def test_hostile_workbooks_are_refused_and_the_server_serves_others(served, tmp_path):
    far, bomb = tmp_path / "lejana.xlsx", tmp_path / "bomba.xlsx"
    far.write_bytes(workbook(sheet_xml('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')))
    bomb.write_bytes(zip_bomb(3900, declared=1000))  # 3.9 GB of rows, its headers claiming 1000 bytes
    assert far.stat().st_size < 5_000 and 4_000_000 < bomb.stat().st_size < 5_000_000
    before = _status(served.pid)
    with visitors(served) as (other, page):
        for path, why in ((far, "its first sheet reaches cell XFD1048576"), (bomb, "50 times its own size")):
            started = time.monotonic()
            _upload(page, path)
            error = (
                page.get_by_test_id("stAlert").filter(has_text="Your file was not opened").filter(has_text=path.name)
            )
            expect(error).to_be_visible(timeout=120000)
            assert why in error.inner_text().replace("\u2060", "")
            print(f"{path.name}: refused in {time.monotonic() - started:.1f} s: {error.inner_text()}")
            _settled(page)
            expect(page.get_by_test_id("stMetricValue").first).to_have_text("226")  # the events it had
            # Meanwhile another visitor's page still answers: a filter change redraws it.
            _choose_period(other, "Juliaca")
            expect(other.get_by_test_id("stMetricValue").first).to_have_text("36", timeout=30000)
            _choose_period(other, "Whole")
            expect(other.get_by_test_id("stMetricValue").first).to_have_text("226", timeout=30000)
    after = _status(served.pid)
    print(f"server memory: {before['VmRSS'] / 1024:.0f} MB before, peak {after['VmHWM'] / 1024:.0f} MB")
    assert after["VmHWM"] - before["VmRSS"] < 400 * 1024  # the bomb was never unpacked in the server


def test_two_sessions_opening_the_same_bytes_each_see_their_own_name(served, tmp_path):
    secret = tmp_path / "a" / "secret-informants-list.csv"
    mine = tmp_path / "b" / "mis-eventos.csv"
    for path in (secret, mine):
        path.parent.mkdir()
        path.write_text(EVENTS, encoding="utf-8")
    with visitors(served) as (first, second):
        _upload(first, secret)
        expect(first.get_by_text("File check: secret-informants-list.csv — 2 rows")).to_be_visible(timeout=60000)
        _settled(first)
        _upload(second, mine)
        expect(second.get_by_text("File check: mis-eventos.csv — 2 rows")).to_be_visible(timeout=60000)
        _settled(second)
        expect(second.get_by_test_id("stMetricValue").first).to_have_text("2")
        for tab in second.get_by_role("tab").all():
            tab.click()
            _settled(second)
        shown = second.evaluate("() => document.body.innerText")
        assert "mis-eventos.csv" in shown and "secret-informants" not in shown
        second.get_by_role("tab", name="Events").click()
        _settled(second)
        with second.expect_download(timeout=60000) as download:
            second.get_by_role("button", name="Events CSV").click()
        assert "secret" not in download.value.suggested_filename
        assert "secret" not in Path(download.value.path()).read_text(encoding="utf-8-sig")
        # The first visitor, after a rerun, still has its own name.
        _choose_period(first, "Juliaca")
        _settled(first)
        assert "secret-informants-list.csv" in first.evaluate("() => document.body.innerText")


def test_fifty_uploads_leave_nothing_on_disk(served, tmp_path):
    cache = settings.CACHE_DIR

    def size() -> int:
        return sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) if cache.exists() else 0

    before = size()
    with opened(served) as (page, _):
        for n in range(50):
            path = tmp_path / f"subida-{n}.csv"
            path.write_text(EVENTS + f"2023-01-11,Protests,-12.05,-77.04,{n},Lima {n}\n", encoding="utf-8")
            _upload(page, path)
            expect(page.get_by_text(f"File check: subida-{n}.csv — 3 rows")).to_be_visible(timeout=60000)
    print(f"cache folder: {before} bytes before, {size()} after 50 uploads")
    assert size() == before <= settings.CACHE_MAX_MB * 2**20
    assert not any(Path("/tmp").glob("subida-*"))  # nor copied anywhere else under its name


def test_a_refused_files_text_is_plain_in_the_error(served, tmp_path):
    """A header that looks like a link or Markdown stays text in the error box."""
    path = tmp_path / "enlaces.csv"
    path.write_text(
        "https://evil.example/x,www.evil.example,**bold**,[a](javascript:alert(1)),name@evil.example\n1,2,3,4,5\n",
        encoding="utf-8",
    )
    with opened(served) as (page, _):
        _upload(page, path)
        error = page.get_by_test_id("stAlert").filter(has_text="Your file was not opened")
        expect(error).to_be_visible(timeout=60000)
        text = error.inner_text().replace("\u2060", "")
        assert "https://evil.example/x" in text and "**bold**" in text and "[a](javascript:alert(1))" in text
        assert error.locator("a, strong, em").count() == 0


def test_an_unwritable_cache_folder_never_fails_a_file(tmp_path, monkeypatch):
    """The cache folder cannot be made (a file stands where it would be): the page opens its
    --events file and an upload all the same, with the right numbers."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("PERU_MAP_CACHE", str(blocker / "cache"))
    given = tmp_path / "dado.csv"
    given.write_text(EVENTS, encoding="utf-8")
    upload = tmp_path / "subida.csv"
    upload.write_text(EVENTS + "2023-01-11,Protests,-12.05,-77.04,4,Lima\n", encoding="utf-8")
    with served_app(args=("--events", str(given))) as url, visitors(url, 1) as (page,):
        expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text("1")  # deaths in dado.csv
        _upload(page, upload)
        expect(page.get_by_text("File check: subida.csv — 3 rows: 3 accepted, 0 rejected")).to_be_visible(timeout=60000)
        _settled(page)
        expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text("5")
    assert not (blocker / "cache").exists()
