"""Read a visitor's file in a worker process, so that no file can take the page's server down.

The readers are bounded (geo/io/reader.py refuses a file before it allocates what its size promises),
but a bound nobody foresaw must cost one worker, not the server every visitor shares. So the page
reads an upload here: in a process forked from multiprocessing's fork server (a clean,
single-threaded process that has imported geo once, so a worker starts in milliseconds), its
address space held to :data:`settings.WORKER_MEMORY_MB` and its time to
:data:`settings.WORKER_SECONDS`. The worker reads, validates and places the file
(:func:`geo.analysis.dataset.ingest`) and sends back the events and the file's table, frames as Arrow IPC
(read back in a fraction of a second at a million rows). A worker that runs out of memory,
crashes in a native reader or hangs is stopped; the page is told why in the user's terms and goes
on with the events it had. At most :data:`settings.WORKERS` run at once across all sessions.
"""

import dataclasses
import multiprocessing
import multiprocessing.forkserver
import pickle
import resource
import threading
import time
from typing import Any

import pandas as pd
import pyarrow as pa

from geo import settings
from geo.errors import EventFileError
from geo.i18n import LANGUAGES, SOURCE_LANGUAGE
from geo.io.events import EventTable

_context = multiprocessing.get_context("forkserver")
# Imported once in the fork server, so that a worker starts with them: geo with its reference data,
# and what the page's script imports. multiprocessing runs the main module again in every worker;
# under `streamlit run` that is dashboard.py, which draws nothing unless it is __main__.
_context.set_forkserver_preload(
    [
        "geo.serve.preload",
        "streamlit",
        "streamlit_folium",
        "geo.report.about",
        "geo.report.render",
        "geo.report.standalone",
        "geo.report.timeline",
    ]
)
_slots = threading.BoundedSemaphore(settings.WORKERS)
_POLL_SECONDS = 0.1


def start() -> None:
    """Start the fork server in the background (about 1.5 s of CPU, at low priority: see
    geo/serve/preload.py), so that the first upload does not wait for it."""
    threading.Thread(target=multiprocessing.forkserver.ensure_running, daemon=True, name="peru-map-workers").start()


class WorkerStopped(EventFileError):
    """The worker reading a file ended without an answer (memory, a crash, too long)."""


def read_upload(
    data: bytes,
    name: str,
    add_bundled: bool = False,
    progress=None,
    waiting=None,
    memory_mb: int | None = None,
    seconds: float | None = None,
) -> tuple[pd.DataFrame, EventTable]:
    """The ingested events and :class:`EventTable` of an upload's bytes, read in a worker.

    ``progress(fraction, words, **numbers)`` as in :func:`geo.analysis.dataset.load_bundle`; ``waiting()`` is
    called once if every worker is busy and this file must wait its turn. ``memory_mb`` and
    ``seconds`` default to the settings.

    Raises
    ------
    EventFileError
        The file was refused (the reader's message), or the worker was stopped
        (:class:`WorkerStopped`: out of memory, crashed, too slow).
    """
    if not _slots.acquire(blocking=False):
        if waiting is not None:
            waiting()
        _slots.acquire()
    try:
        return _run(
            data,
            name,
            add_bundled,
            progress or (lambda fraction, words, **numbers: None),
            settings.WORKER_MEMORY_MB if memory_mb is None else memory_mb,
            settings.WORKER_SECONDS if seconds is None else seconds,
        )
    finally:
        _slots.release()


def _run(data: bytes, name: str, add_bundled: bool, progress, memory_mb: int, seconds: float):
    parent, child = _context.Pipe()
    process = _context.Process(
        target=_work, args=(child, name, add_bundled, memory_mb), daemon=True, name="peru-map-reader"
    )
    process.start()
    child.close()
    deadline = time.monotonic() + seconds
    try:
        parent.send_bytes(data)
        while True:
            if parent.poll(_POLL_SECONDS):
                message = parent.recv()
                if message[0] == "progress":
                    progress(message[1], message[2], **message[3])
                    continue
                return _answer(message, parent, name, memory_mb)
            if not process.is_alive() and not parent.poll(0):
                raise _stopped(name, memory_mb)
            if time.monotonic() > deadline:
                raise WorkerStopped.said(
                    "reading '{name}' took longer than {seconds} s and was stopped",
                    name=name,
                    seconds=f"{seconds:,.0f}",
                )
    except (EOFError, BrokenPipeError, ConnectionResetError):
        process.join(5)
        raise _stopped(name, memory_mb) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        parent.close()


def _stopped(name: str, memory_mb: int) -> WorkerStopped:
    """A worker ended without an answer: killed by the memory limit or a crash (its exit says no more)."""
    return WorkerStopped.said(
        "reading '{name}' stopped before the end (the reader needed more than its {mb} MB "
        "of memory, or failed on something in the file); nothing else was affected",
        name=name,
        mb=f"{memory_mb:,}",
    )


def _answer(message: tuple, connection, name: str, memory_mb: int) -> tuple[pd.DataFrame, EventTable]:
    kind = message[0]
    if kind == "refused":
        texts = message[1]
        english = texts[SOURCE_LANGUAGE]
        raise EventFileError(english, told=lambda lang: texts.get(lang, english))
    if kind == "memory":
        raise WorkerStopped.said(
            "reading '{name}' needed more than the {mb} MB of memory a file may use here",
            name=name,
            mb=f"{memory_mb:,}",
        )
    if kind == "failed":
        raise WorkerStopped.said("reading '{name}' failed: {error}", name=name, error=message[1])
    fields = pickle.loads(message[1])
    frames = {field: _frame(connection.recv_bytes()) for field in message[2]}
    events = frames.pop("events")
    values: dict[str, Any] = {**frames, **fields}
    return events, EventTable(events, **values)


def _frame(payload: bytes) -> pd.DataFrame:
    if payload[:1] == b"P":  # a frame Arrow could not hold, pickled
        return pickle.loads(payload[1:])
    return pa.ipc.open_stream(pa.py_buffer(payload)).read_all().to_pandas()


def _payload(frame: pd.DataFrame) -> bytes:
    try:
        table = pa.Table.from_pandas(frame)
    except (pa.ArrowException, TypeError, ValueError):  # mixed types in one column
        return b"P" + pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _work(connection, name: str, add_bundled: bool, memory_mb: int) -> None:
    """The worker: read the bytes, ingest them, send back the answer (see :func:`_answer`)."""
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from geo.analysis.dataset import ingest

    data = connection.recv_bytes()
    try:
        events, table = ingest(
            data,
            add_bundled,
            name,
            progress=lambda fraction, words, **numbers: connection.send(("progress", fraction, words, numbers)),
        )
        frames = {"events": events}
        fields: dict[str, object] = {}
        for field in dataclasses.fields(EventTable):
            value = getattr(table, field.name)
            if field.name != "events":
                (frames if isinstance(value, pd.DataFrame) else fields)[field.name] = value
        payloads = [_payload(frame) for frame in frames.values()]
    except EventFileError as error:
        connection.send(("refused", {lang: error.told(lang) for lang in LANGUAGES}))
    except MemoryError:
        connection.send(("memory",))
    except BaseException as error:  # a reader's bug (a Rust panic is no Exception): one line, the page goes on
        connection.send(("failed", f"{type(error).__name__}: {error}"[:200]))
    else:
        connection.send(("done", pickle.dumps(fields), list(frames)))
        for payload in payloads:
            connection.send_bytes(payload)
    connection.close()
