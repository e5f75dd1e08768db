"""Peru's 2022–2023 protest crisis: events, regions and mines on one map.

The frame of the page: each block is drawn by the ``app`` package (all of the Streamlit code),
over the ``geo`` package. Run with ``streamlit run dashboard.py`` (``-- --events PATH`` for
another events file).
"""

import streamlit as st

from app.data import data_source, follow_source, upload_workers
from app.downloads import report_buttons
from app.focus import drilled
from app.header import header
from app.language import lang
from app.map import map_block, selected_region, selection_note
from app.sections import sections
from app.setup import page_setup
from app.sidebar import sidebar
from geo.analysis.dataset import make_view
from geo.errors import GeoDashError


def main() -> None:
    """Setup → data source → sidebar → view → header → map → downloads → sections."""
    figure = page_setup()
    bundle = data_source()
    follow_source(bundle)
    controls = drilled(sidebar(bundle))
    view = make_view(bundle, controls.event_filter, controls.level, controls.radius, lang())
    header(bundle, view, controls, figure)
    shown = map_block(bundle, view, controls, figure)
    if figure:  # the map alone, for a screenshot
        return
    selected = selected_region(view, controls.level)
    selection_note(view, controls.level, selected)
    report_buttons(bundle, view, shown, controls)
    sections(bundle, view, controls.level, controls.radius, selected)
    upload_workers()  # once the first page is drawn


# Streamlit runs this file as __main__; an upload's worker process (geo/serve/worker.py) imports it as
# its main module, as multiprocessing does, and must not draw the page.
if __name__ == "__main__":
    try:
        main()
    except GeoDashError as error:
        st.error(error.told(lang()))
