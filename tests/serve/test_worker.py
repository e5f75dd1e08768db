"""An upload is read in a worker process (geo.serve.worker): the same answer as reading it here, and a
worker that runs out of memory, crashes or hangs stops alone, with a message, while the process
that asked goes on. Opened uploads are held to a memory budget in bytes (geo.serve.opened)."""

import gc
import multiprocessing.forkserver
import os
import signal
import threading
from pathlib import Path

import pandas as pd
import pytest

from geo import settings
from geo.analysis.dataset import bundle_of, ingest
from geo.errors import EventFileError
from geo.serve import worker
from geo.serve.opened import OpenedFiles, bundle_bytes

GOOD = (
    "event_date,event_type,latitude,longitude,fatalities,notes\n"
    "2023-01-09,Protests,-15.4997,-70.1331,3,Juliaca\n"
    "not a date,Protests,-15.5,-70.1,1,bad date\n"
    "2023-01-10,Riots,-12.05,-77.04,0,Lima\n"
)


def _rows(n: int) -> bytes:
    lines = ["event_date,event_type,latitude,longitude,fatalities,notes"]
    lines += [
        f"2023-01-{1 + i % 28:02d},Protests,{-15.5 + i * 1e-5:.5f},-70.13,{i % 3},note {i} " + "x" * 200
        for i in range(n)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_the_worker_gives_what_reading_here_gives():
    events, table = worker.read_upload(GOOD.encode(), "mine.csv")
    here_events, here = ingest(GOOD.encode(), name="mine.csv")
    pd.testing.assert_frame_equal(events, here_events)
    assert table.summary() == here.summary() == "3 rows: 2 accepted, 1 rejected"
    assert table.source_name == "mine.csv"
    assert table.problem_lines() == here.problem_lines()
    assert list(table.rejected["row"]) == [3]


def test_the_bundled_events_are_added_in_the_worker():
    events, table = worker.read_upload(GOOD.encode(), "mine.csv", add_bundled=True)
    _, bundled = ingest(None)
    assert len(events) == len(bundled.events) + 2 and table.bundled_rows == len(bundled.events)


def test_a_refused_file_keeps_the_readers_message_in_both_languages():
    with pytest.raises(EventFileError) as refused:
        worker.read_upload(b"fecha,lugar\n2023-01-09,Juliaca\n", "sin-muertos.csv")
    assert not isinstance(refused.value, worker.WorkerStopped)
    assert "sin-muertos.csv" in str(refused.value) and "event_type" in str(refused.value)
    assert refused.value.told("es") != str(refused.value) and "sin-muertos.csv" in refused.value.told("es")


def _forkserver_children() -> list[int]:
    server = multiprocessing.forkserver._forkserver._forkserver_pid
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server:
                children.append(int(entry.name))
    return children


def test_a_worker_that_crashes_stops_alone():
    crashed = []

    def crash(fraction, words, **numbers):  # the worker is reading: make it crash like a native reader
        if not crashed:
            for pid in _forkserver_children():
                os.kill(pid, signal.SIGSEGV)
            crashed.append(True)

    with pytest.raises(worker.WorkerStopped, match="stopped before the end"):
        worker.read_upload(_rows(200_000), "crash.csv", progress=crash)
    assert crashed and os.getpid()  # this process lives on, and the next file is read
    events, _ = worker.read_upload(GOOD.encode(), "after.csv")
    assert len(events) == 2


def test_a_worker_past_its_memory_stops_alone():
    data = _rows(100_000)  # about 25 MB of text: more than the worker's allowance beyond its start
    server = multiprocessing.forkserver._forkserver._forkserver_pid
    if server is None:  # the fork server starts with the first worker
        worker.read_upload(GOOD.encode(), "start.csv")
        server = multiprocessing.forkserver._forkserver._forkserver_pid
    with open(f"/proc/{server}/statm") as statm:
        started = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    with pytest.raises(EventFileError) as stopped:  # the reader's MemoryError, or the worker's end
        worker.read_upload(data, "big.csv", memory_mb=started // 2**20 + 40)
    assert "memory" in str(stopped.value) and "big.csv" in str(stopped.value)
    events, _ = worker.read_upload(data, "big.csv")  # within the usual allowance it reads
    assert len(events) == 100_000


def test_a_worker_that_takes_too_long_is_stopped():
    with pytest.raises(worker.WorkerStopped, match="took longer than 0 s"):
        worker.read_upload(_rows(100_000), "slow.csv", seconds=0.05)
    assert _forkserver_children() == []  # stopped, not left running


def test_a_file_waits_its_turn_when_every_worker_is_busy(monkeypatch):
    slots = threading.BoundedSemaphore(1)
    monkeypatch.setattr(worker, "_slots", slots)
    slots.acquire()  # another session's file is being read
    waited, answer = [], []
    reader = threading.Thread(
        target=lambda: answer.append(
            worker.read_upload(GOOD.encode(), "queued.csv", waiting=lambda: waited.append(True))
        )
    )
    reader.start()
    reader.join(1.0)
    assert waited == [True] and answer == []  # told to wait, and waiting
    slots.release()
    reader.join(60)
    assert len(answer[0][0]) == 2


def test_opened_files_are_held_to_a_budget_in_bytes(bundle):
    one = bundle_bytes(bundle)
    assert one > bundle.events.memory_usage(deep=True).sum() > 0
    opened = OpenedFiles(budget=2 * one + one // 2)  # two fit, not three
    first, second = opened.keep(bundle), opened.keep(bundle)
    assert opened.held == 2 * one
    third = opened.keep(bundle)  # the least recently used goes
    assert first.bundle is None and second.bundle is bundle and third.bundle is bundle
    assert opened.held == 2 * one
    assert opened.use(second) is bundle
    fourth = opened.keep(bundle)
    assert third.bundle is None and second.bundle is bundle  # second was used after third
    del first, second, third
    gc.collect()  # the sessions that kept them ended
    assert opened.held == one and fourth.bundle is bundle


def test_a_file_over_the_budget_alone_is_still_opened(bundle):
    opened = OpenedFiles(budget=10)
    kept = opened.keep(bundle)
    assert kept.bundle is bundle


def test_a_bundle_from_the_worker_is_what_the_page_needs():
    events, table = worker.read_upload(GOOD.encode(), "mine.csv")
    made = bundle_of(events, table)
    assert not made.bundled and made.source_label() == "'mine.csv'"
    assert made.codes.kind.shape[0] == 2 and settings.WORKERS >= 1
