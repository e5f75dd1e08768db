"""An ingested events file kept on disk, so that opening the same file again skips the work.

The key is the SHA-256 of the file's bytes (read whole every time: a file's size and times say
nothing about its content) together with a fingerprint of everything else that shapes the answer:
the boundaries, the gazetteer, the mines, the bundled events (a file may be shown with them), the
code of :mod:`geo` and :data:`CACHE_FORMAT`. An entry is Parquet (the events with their regions
and mines, the problems, the rejected rows) plus a JSON record holding its key and the SHA-256 of
each Parquet file: an entry whose record names another key, or whose files do not match their
hashes, is not served but rebuilt. The folder is held under :data:`settings.CACHE_MAX_MB`, least
recently used entries removed first; a folder that cannot be written means no cache, never a
failed file.

Uploads in the page are not kept here: they stay in their session's memory (geo/serve/worker.py).
"""

import dataclasses
import hashlib
import json
import os
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from geo import settings
from geo.io.rawtable import LineCount
from geo.io.schema import EventTable

CACHE_FORMAT = 6  # bump when an entry's layout changes (5: keyed record, checked files; 6: line_count)
_BLOCK = 1 << 20
_ORPHAN_SECONDS = 600  # files of an entry without its record, older than this, are an interrupted write
_writing: dict[str, threading.Thread] = {}  # entries this process is writing, by key
_pruning = threading.Lock()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _inputs() -> list[Path]:
    """Every file besides the events file whose content shapes an entry."""
    package = Path(__file__).resolve().parent.parent
    inputs = [settings.BOUNDARIES_DIR / name for name in sorted(settings.BOUNDARY_FILES.values())]
    inputs += [settings.DERIVED_DIR / "places.csv", settings.MINES_FILE, settings.BUNDLED_EVENTS]
    return inputs + sorted(package.rglob("*.py"))


@lru_cache(maxsize=1)
def _inputs_fingerprint() -> str:
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for path in _inputs():
        name = path.relative_to(settings.ROOT) if path.is_relative_to(settings.ROOT) else path.name
        digest.update(str(name).encode() + b"\0" + _sha256(path).encode())
    return digest.hexdigest()[:16]


def cache_key(path: Path, add_bundled: bool = False) -> str:
    """The entry name for an events file: its content hash, the inputs' fingerprint, and whether
    the bundled events are added."""
    return f"{_sha256(path)[:32]}-{_inputs_fingerprint()}" + ("-with-bundled" if add_bundled else "")


def _record(key: str) -> Path:
    return settings.CACHE_DIR / f"{key}.json"


def _frame_file(key: str, name: str) -> Path:
    return settings.CACHE_DIR / f"{key}.{name}.parquet"


def _table_fields() -> tuple[list[str], list[str]]:
    """The EventTable's frame fields (each a Parquet file) and its other fields (in the record)."""
    frames = [f.name for f in dataclasses.fields(EventTable) if f.name in ("problems", "rejected")]
    return frames, [f.name for f in dataclasses.fields(EventTable) if f.name not in ("events", *frames)]


def load(key: str) -> tuple[pd.DataFrame, EventTable] | None:
    """The ingested events and the file's :class:`EventTable` stored under ``key`` (the table's
    ``events`` is the ingested frame: the validated rows before assignment are not kept), or
    ``None`` when there is no whole entry or it does not check out. Waits for this process's own
    write of that entry if one is under way."""
    writing = _writing.get(key)
    if writing is not None:
        writing.join()
    try:
        record = json.loads(_record(key).read_text(encoding="utf-8"))
        if record.get("key") != key:
            return None
        frames = {}
        for name, digest in record["files"].items():
            path = _frame_file(key, name)
            if _sha256(path) != digest:
                return None
            frames[name] = pd.read_parquet(path)
        fields: dict[str, Any] = dict(record["table"])
        if fields.get("line_count") is not None:
            fields["line_count"] = LineCount(**fields["line_count"])
        fields |= {name: frames[name] for name in _table_fields()[0]}
        table = EventTable(frames["events"], **fields)
        os.utime(_record(key))  # recently used: pruned last
        return frames["events"], table
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing, damaged or of another layout: rebuilt


def store_in_background(key: str, events: pd.DataFrame, table: EventTable) -> None:
    """:func:`store` in a thread, so that a file is shown without waiting for its entry (about 1 s
    at a million rows). ``events`` must not change afterwards. The interpreter waits for the
    thread before it exits, so a command-line run still leaves a whole entry."""
    for done in [k for k, t in _writing.items() if not t.is_alive()]:
        _writing.pop(done, None)
    thread = threading.Thread(target=store, args=(key, events, table), name=f"cache-{key[:8]}")
    _writing[key] = thread
    thread.start()


def wait_for_writes() -> None:
    """Return once every entry this process started writing is on disk."""
    for thread in list(_writing.values()):
        thread.join()


def store(key: str, events: pd.DataFrame, table: EventTable) -> None:
    """Keep an ingested file, then hold the folder under its size cap. A cache that cannot be
    written is skipped (the page and the command line still work)."""
    frames, others = _table_fields()
    try:
        settings.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        files = {}
        for name, frame in [("events", events), *((name, getattr(table, name)) for name in frames)]:
            path = _frame_file(key, name)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            (frame.astype(str) if name == "rejected" else frame).to_parquet(temporary, index=False)
            temporary.replace(path)
            files[name] = _sha256(path)
        fields = {name: getattr(table, name) for name in others}
        if fields.get("line_count") is not None:
            fields["line_count"] = dataclasses.asdict(fields["line_count"])
        record = {"key": key, "files": files, "table": fields}
        temporary = _record(key).with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        temporary.replace(_record(key))  # the record last: an entry is whole or absent
    except (OSError, ValueError, TypeError):
        return
    prune()


def _entry_of(path: Path) -> str:
    return path.name.split(".", 1)[0]


def prune(limit_bytes: int | None = None) -> None:
    """Remove least recently used entries until the folder holds at most ``limit_bytes``
    (:data:`settings.CACHE_MAX_MB` by default), and the files of interrupted writes."""
    limit = settings.CACHE_MAX_MB * 2**20 if limit_bytes is None else limit_bytes
    with _pruning:
        try:
            files = [(p, p.stat()) for p in settings.CACHE_DIR.iterdir() if p.is_file()]
        except OSError:
            return
        entries: dict[str, list] = {}
        for path, stat in files:
            entries.setdefault(_entry_of(path), []).append((path, stat))
        now = time.time()
        writing = {key for key, thread in _writing.items() if thread.is_alive()}

        def used(entry: str) -> float:  # when the entry was last written or read; orphans first
            records = [s.st_mtime for p, s in entries[entry] if p.suffix == ".json"]
            return records[0] if records else 0.0

        total = sum(stat.st_size for _, stat in files)
        for entry in sorted(entries, key=used):
            whole = used(entry) > 0
            fresh = max(s.st_mtime for _, s in entries[entry]) > now - _ORPHAN_SECONDS
            if entry in writing or (not whole and fresh) or (whole and total <= limit):
                continue
            for path, stat in entries[entry]:
                try:
                    path.unlink()
                    total -= stat.st_size
                except OSError:
                    pass
