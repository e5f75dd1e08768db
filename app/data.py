"""The events the page shows: the bundled events, a file given when the page was started
(``--events PATH`` or PERU_MAP_EVENTS), or a file a visitor opens, read in a worker process."""

import hashlib
import os
import sys
from typing import Any

import pandas as pd
import streamlit as st

from app.language import lang, t
from app.state import PLACE_KEYS, Key, Widget, filter_key, map_epoch, new_map, session
from geo import settings
from geo.analysis.dataset import Bundle, bundle_of, events_path_from, load_bundle
from geo.errors import GeoDashError
from geo.i18n import number
from geo.io.events import EventTable
from geo.messages import safe_name
from geo.report.tables import markdown_text
from geo.serve.opened import OpenedFiles
from geo.serve.worker import read_upload
from geo.serve.worker import start as start_workers

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "geojson", "json", "parquet"]


@st.cache_resource(show_spinner=False, max_entries=2)
def events_data(path: str | None, version: tuple[int, ...] | None) -> Bundle:
    """The events file loaded once; ``version`` makes a changed file reload (the disk cache behind
    load_bundle is keyed by the content itself)."""
    return load_bundle(path)


def opened_data() -> Bundle:
    """The events the page shows: the file given with --events or PERU_MAP_EVENTS, else the bundled.
    A file written since it was loaded is loaded again: its change time moves on every write, and
    unlike its modification time nobody can set it back."""
    path = events_path_from(sys.argv[1:], dict(os.environ))
    stat = path.stat() if path is not None and path.is_file() else None
    version = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino, stat.st_dev) if stat else None
    with st.spinner(t("Reading events and assigning regions…")):  # shown only if it takes a while
        return events_data(None if path is None else str(path), version)


@st.cache_resource
def opened_files() -> OpenedFiles:
    """Every session's opened uploads, held together to a memory budget (geo/serve/opened.py)."""
    return OpenedFiles(settings.OPEN_FILES_MEMORY_MB * 2**20)


@st.cache_resource
def upload_workers() -> None:
    """Start the processes that read uploads, in the background, once per server (geo/serve/worker.py)."""
    start_workers()


def _read_upload(data: bytes, name: str, with_bundled: bool) -> tuple[pd.DataFrame, EventTable]:
    """An upload's events and table, read in a worker, with a progress bar while it is read."""
    bar = st.progress(0.0, t("Opening {name}…", name=markdown_text(name)))
    try:
        return read_upload(
            data,
            name,
            with_bundled,
            waiting=lambda: bar.progress(
                0.0, t("Other visitors' files are being read; yours starts as soon as one of them is done…")
            ),
            progress=lambda fraction, words, **numbers: bar.progress(
                fraction, t(words, **{k: number(v, lang()) for k, v in numbers.items()}) + "…"
            ),
        )
    finally:
        bar.empty()


def uploaded_data(upload: Any, with_bundled: bool) -> Bundle:
    """The bundle of an uploaded file: this session's own, read in a worker process with a
    progress bar the first time (geo/serve/worker.py), kept in memory while the server's budget allows,
    never written to disk. A file that was refused is not read again on every rerun."""
    data = upload.getvalue()
    name = safe_name(upload.name)
    key = (hashlib.sha256(data).hexdigest(), with_bundled)
    state = session()
    refused = state.setdefault(Key.REFUSED, {})
    if key in refused:
        raise refused[key]
    mine = state.setdefault(Key.OPENED, {})  # (content hash, with bundled) -> Kept
    bundle = opened_files().use(mine[key]) if key in mine else None
    if bundle is None:
        try:
            events, table = _read_upload(data, name, with_bundled)
        except GeoDashError as error:
            refused.clear()
            refused[key] = error
            raise
        bundle = bundle_of(events, table, origin=("upload", *key))
        for other in [k for k in mine if k[0] != key[0]]:  # this file replaces the one opened before
            del mine[other]
        mine[key] = opened_files().keep(bundle)
    state[Key.LAST_UPLOAD] = key
    return bundle


def last_upload() -> Bundle | None:
    """The bundle of the last file this session opened, if it is still held in memory."""
    state = session()
    kept = state.get(Key.OPENED, {}).get(state.get(Key.LAST_UPLOAD))
    return opened_files().use(kept) if kept is not None else None


def _upload_widgets() -> tuple[Any, bool]:
    """The file box and, once a file is given, whether to add it to the bundled events."""
    sb = st.sidebar
    sb.header(t("Data"))
    upload = sb.file_uploader(
        t("Open your events file"),
        type=UPLOAD_TYPES,
        key=Widget.UPLOAD,
        help=t(
            "An ACLED export (CSV or Excel), a spreadsheet saved as CSV (comma, semicolon or tab; "
            "Spanish headers such as fecha, departamento, lugar, latitud, fallecidos are understood), "
            "GeoJSON points or GeoParquet, up to {mb} MB. Rows without coordinates are placed at the town "
            "or district they name.",
            mb=settings.MAX_UPLOAD_MB,
        ),
    )
    if upload is None:
        return None, False
    with_bundled = sb.toggle(
        t("Add to the bundled events"),
        key=Widget.WITH_BUNDLED,
        help=t(
            "Show your events with the bundled ones. A row whose event id is "
            "already bundled is left out and listed with the rejected rows."
        ),
    )
    return upload, with_bundled


def data_source() -> Bundle:
    """The events the page shows: a file opened here (alone or with the bundled events), else the
    file given when the page was started, else the bundled events. A file that cannot be read is
    reported and the page goes on with the events it had."""
    upload, with_bundled = _upload_widgets()
    if upload is None:
        return opened_data()
    try:
        return uploaded_data(upload, with_bundled)
    except GeoDashError as error:
        previous = last_upload()
        if previous is not None:  # the file this visitor had open before stays on the page
            st.error(
                t(
                    "Your file was not opened: {error}. The map still shows {name}.",
                    error=markdown_text(error.told(lang())),
                    name=markdown_text(previous.table.source_name),
                )
            )
            return previous
        st.error(
            t(
                "Your file was not opened: {error}. The map shows the events the page opened with.",
                error=markdown_text(error.told(lang())),
            )
        )
        return opened_data()


def follow_source(bundle: Bundle) -> None:
    """Another file than the last run's: its own types and dates, a new map. What the page shows
    is known by its origin rather than by the object: an upload let go to save memory and read
    again is the same file (its filters stay), and no session state holds a bundle."""
    state = session()
    origin = bundle.origin or id(bundle)
    if state.get(Key.DATA_OF) == origin:
        return
    if Key.DATA_OF in state:
        for key in PLACE_KEYS:
            state.pop(key, None)
        new_map()
        # New widgets for the filter: the browser can still send the old ones' values (the
        # previous file's dates and types) in a rerun it started before this one.
        state[Key.FILTER_KEYS] = "" if bundle is opened_data() else f"-{map_epoch()}"
        state.update(
            {
                filter_key(Widget.TYPES): list(bundle.event_types),
                filter_key(Widget.SUBTYPES): list(bundle.sub_event_types),
                Key.DATES_OF: None,
            }
        )  # and its whole date range (app.period)
    state[Key.DATA_OF] = origin
