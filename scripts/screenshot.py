"""Make docs/dashboard.png, the README's screenshot, with the project's own browser tooling.

Serves the app with `streamlit run`, opens it in headless Debian Chromium and prints how long the
map took to appear (a measurement, not a test). Run from the checkout: .venv/bin/python -m scripts.screenshot
"""

import time
from pathlib import Path

from tests.browser.pages import browser_page, is_local, map_frame, served_app

ROOT = Path(__file__).resolve().parent.parent


OUTPUT = ROOT / "docs" / "dashboard.png"


def main() -> None:
    with served_app() as url, browser_page(width=1440, height=1250) as page:
        started = time.monotonic()
        page.goto(url)
        map_frame(page)
        print(f"page load to map drawn: {time.monotonic() - started:.2f} s")
        page.wait_for_timeout(1500)  # let markers and the legend settle
        page.screenshot(path=str(OUTPUT))
        outside = [u for u in page.requested if not is_local(u)]
        print(f"requests: {len(page.requested)}, leaving the machine: {len(outside)}")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
