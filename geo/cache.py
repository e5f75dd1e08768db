"""An ingested events file kept on disk, so that opening the same file again skips the work.

The key is the SHA-256 of the file's bytes together with a fingerprint of everything the
ingest depends on (the boundaries, the gazetteer, the mines and :data:`CACHE_FORMAT`), so that a
changed file, or changed reference data, is never served stale. Entries are Parquet (the events
with their regions and mines) plus JSON (the rows that were refused and why).
"""

import hashlib
import json
import threading
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import settings
from .events import EventTable

CACHE_FORMAT = 4  # bump when an ingested frame or its problems change (3: template, fields; 4: 1.200 people)
_BLOCK = 1 << 20
_writing: dict[str, threading.Thread] = {}  # entries this process is writing, by key


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _inputs_fingerprint() -> str:
    inputs = [settings.BOUNDARIES_DIR / name for name in sorted(settings.BOUNDARY_FILES.values())]
    inputs += [settings.DERIVED_DIR / "places.csv", settings.MINES_FILE]
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for path in inputs:
        digest.update(_sha256(path).encode())
    return digest.hexdigest()[:16]


def _content_hash(path: Path) -> str:
    """SHA-256 of the file. For a large file it is remembered in the cache folder under the file's
    path, size, modification time (ns) and inode, so reopening it unchanged does not read it
    twice. Writing that much data always moves the modification time."""
    stat = path.stat()
    if stat.st_size < settings.HASH_MEMO_MIN_BYTES:
        return _sha256(path)
    identity = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}"
    memo = settings.CACHE_DIR / f"{hashlib.sha256(identity.encode()).hexdigest()[:32]}.sha256"
    try:
        return memo.read_text(encoding="ascii").strip()
    except OSError:
        pass
    digest = _sha256(path)
    try:
        settings.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        temporary = memo.with_suffix(".tmp")
        temporary.write_text(digest, encoding="ascii")
        temporary.replace(memo)
    except OSError:
        pass  # an unwritable cache: hash again next time
    return digest


def cache_key(path: Path) -> str:
    """The entry name for an events file: its content hash and the inputs' fingerprint."""
    return f"{_content_hash(path)[:32]}-{_inputs_fingerprint()}"


def _files(key: str) -> tuple[Path, Path, Path, Path]:
    base = settings.CACHE_DIR / key
    return (base.with_suffix(".parquet"), base.with_suffix(".problems.parquet"),
            base.with_suffix(".rejected.parquet"), base.with_suffix(".json"))


def load(key: str) -> tuple[pd.DataFrame, EventTable] | None:
    """The ingested events and the file's :class:`EventTable` (its ``events`` the validated rows
    before assignment are not kept: the ingested frame stands in) stored under ``key``, or
    ``None``; waits for this process's own write of that entry if one is under way."""
    writing = _writing.get(key)
    if writing is not None:
        writing.join()
    frame, problems, rejected, meta = _files(key)
    if not all(p.is_file() for p in (frame, problems, rejected, meta)):
        return None
    try:
        events = pd.read_parquet(frame)
        info = json.loads(meta.read_text(encoding="utf-8"))
        table = EventTable(events, pd.read_parquet(problems), info["source_name"], pd.read_parquet(rejected),
                           info["total"], info["kind"], info["unit"], info["renamed"], info["bundled_rows"])
        return events, table
    except (OSError, ValueError, TypeError, KeyError):
        return None  # a damaged entry is rebuilt


def store_in_background(key: str, events: pd.DataFrame, table: EventTable) -> None:
    """:func:`store` in a thread, so the page shows a file without waiting for its cache entry
    (about 1 s at a million rows). ``events`` must not change afterwards. The interpreter waits
    for the thread before it exits, so a command-line run still leaves a whole entry."""
    thread = threading.Thread(target=store, args=(key, events, table), name=f"cache-{key[:8]}")
    _writing[key] = thread
    thread.start()


def wait_for_writes() -> None:
    """Return once every entry this process started writing is on disk."""
    for thread in list(_writing.values()):
        thread.join()


def store(key: str, events: pd.DataFrame, table: EventTable) -> None:
    """Keep an ingested file; a cache that cannot be written is skipped (the page still works)."""
    frame, problems, rejected, meta = _files(key)
    try:
        settings.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        table.problems.to_parquet(problems, index=False)
        table.rejected.astype(str).to_parquet(rejected, index=False)
        meta.write_text(json.dumps({"source_name": table.source_name, "total": table.total, "kind": table.kind,
                                    "unit": table.unit, "renamed": table.renamed,
                                    "bundled_rows": table.bundled_rows}), encoding="utf-8")
        temporary = frame.with_suffix(".tmp")
        events.to_parquet(temporary, index=False)
        temporary.replace(frame)  # the frame last: entries are whole
    except (OSError, ValueError):
        pass
