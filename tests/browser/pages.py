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
                page = context.new_page()
                page.requested = []
                context.on("request", lambda request, page=page: page.requested.append(request.url))
                pages.append(page)
            yield pages
        finally:
            browser.close()


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
