"""Serve the app with ``streamlit run`` and drive it in headless Debian Chromium (Playwright).

Shared by the browser tests and ``scripts/screenshot.py``. Never downloads a browser: it uses
/usr/bin/chromium, installed from Debian by .ci/run.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium itself calls outside hosts at start-up.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedUrl(str):
    """The app's URL, knowing the server's process id (``pid``)."""

    pid: int


@contextmanager
def served_app(script: str = "dashboard.py", timeout: float = 60.0, args: tuple[str, ...] = (), base_path: str = ""):
    """Run ``streamlit run script [-- args]`` on a free port (under ``base_path``, Streamlit's
    server.baseUrlPath, if given); yield the app's URL; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.baseUrlPath",
            base_path,
            *(["--", *args] if args else []),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = ServedUrl(f"http://127.0.0.1:{port}" + (f"/{base_path.strip('/')}" if base_path.strip("/") else ""))
    url.pid = process.pid
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise RuntimeError(f"streamlit did not start:\n{output}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def browser_page(width: int = 1500, height: int = 1100):
    """A Playwright page in headless Debian Chromium, with every request it makes recorded
    in ``page.requested`` (list of URLs)."""
    with browser_pages(1, width, height) as pages:
        yield pages[0]


@contextmanager
def browser_pages(count: int, width: int = 1500, height: int = 1100):
    """``count`` pages of one headless Chromium, each in a context of its own (its own cookies
    and storage: a different visitor), each recording its requests in ``page.requested``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = []
            for _ in range(count):
                context = browser.new_context(viewport={"width": width, "height": height})
                context.add_init_script(RUN_COUNTER)
                page = context.new_page()
                page.requested = []
                context.on("request", lambda request, page=page: page.requested.append(request.url))
                pages.append(page)
            yield pages
        finally:
            browser.close()


# Counts the app's runs in ``window.__runs``: Streamlit sets ``data-test-script-state`` on its root
# element to "running" when a run starts. Installed before any script of the page runs.
RUN_COUNTER = """
window.__runs = 0;
new MutationObserver(changes => {
  for (const c of changes) if (c.target.getAttribute('data-test-script-state') === 'running') window.__runs++;
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
"""


def app_runs(page) -> int:
    """How many runs of the app this page has seen start."""
    return page.evaluate("() => window.__runs || 0")


def settled(page, after: int | None = None, timeout_ms: float = 60000):
    """Wait until the app is not running (and, given ``after``, has started a run since
    ``app_runs`` returned it), and Streamlit's status widget is gone."""
    page.wait_for_function(
        """n => (n === null || (window.__runs || 0) > n) &&
            document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'""",
        arg=after,
        timeout=timeout_ms,
    )
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=timeout_ms)


def after_run(page, action, timeout_ms: float = 60000):
    """Do ``action()`` (a click, a key) and wait for the run it starts to finish."""
    before = app_runs(page)
    action()
    settled(page, before, timeout_ms)


def component_messages(page):
    """Start recording the values the map's frame sends to Streamlit (each would rerun the page);
    returns the list they are appended to, read with ``sent_by_now``."""
    page.evaluate("""() => { window.__sent = []; window.__marks = 0;
        window.addEventListener('message', e => {
            if (e.data && e.data.type === 'streamlit:setComponentValue') window.__sent.push(e.data);
            if (e.data && e.data.type === 'test:mark') window.__marks++;
        }); }""")


def sent_by_now(page, frame) -> int:
    """How many values the map's frame has sent since ``component_messages``, counting every
    message it posted before this call: a marker posted from the frame arrives after them."""
    marks = page.evaluate("() => window.__marks")
    frame.evaluate("() => window.parent.postMessage({type: 'test:mark'}, '*')")
    page.wait_for_function(f"() => window.__marks > {marks}")
    return page.evaluate("() => window.__sent.length")


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine (loopback, data:, blob:, about:)."""
    if url.startswith(("data:", "blob:", "about:")):
        return True
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return host in LOCAL_HOSTS or url.split("://", 1)[-1].startswith("[::1]")


def map_frame(page, timeout_ms: float = 30000):
    """The st_folium iframe's frame once its Leaflet map has drawn its regions."""
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=timeout_ms)
    handle = page.query_selector("iframe[title*='streamlit_folium']")
    frame = handle.content_frame()
    # The region shapes arrive after the map itself (fetched from the app): wait for them.
    frame.wait_for_function(
        "() => window.map && Object.values(window.map._layers).some(l => l.feature)", timeout=timeout_ms
    )
    return frame


def wait_for_map(page, condition_js: str, timeout_s: float = 30.0):
    """The map frame once ``condition_js`` (a JS expression) is true inside it.

    Streamlit replaces the map's iframe whenever the map changes, so the iframe is looked up
    afresh on every poll instead of holding on to a frame that may be detached.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        handle = page.query_selector("iframe[title*='streamlit_folium']")
        frame = handle.content_frame() if handle else None
        try:
            if frame and frame.evaluate(f"() => Boolean({condition_js})"):
                return frame
        except Exception:  # detached or still loading: look again
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"the map never satisfied: {condition_js}")
        time.sleep(0.25)
