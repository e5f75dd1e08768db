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
from .events import RowProblem

CACHE_FORMAT = 1  # bump when the columns of an ingested frame change
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


def load(key: str) -> tuple[pd.DataFrame, list[RowProblem]] | None:
    """The ingested events and refused rows stored under ``key``, or ``None``; waits for this
    process's own write of that entry if one is under way."""
    writing = _writing.get(key)
    if writing is not None:
        writing.join()
    frame, problems = settings.CACHE_DIR / f"{key}.parquet", settings.CACHE_DIR / f"{key}.json"
    if not (frame.is_file() and problems.is_file()):
        return None
    try:
        return (pd.read_parquet(frame),
                [RowProblem(**p) for p in json.loads(problems.read_text(encoding="utf-8"))])
    except (OSError, ValueError, TypeError):
        return None  # a damaged entry is rebuilt


def store_in_background(key: str, events: pd.DataFrame, problems: list[RowProblem]) -> None:
    """:func:`store` in a thread, so the page shows a file without waiting for its cache entry
    (about 1 s at a million rows). ``events`` must not change afterwards. The interpreter waits
    for the thread before it exits, so a command-line run still leaves a whole entry."""
    thread = threading.Thread(target=store, args=(key, events, problems), name=f"cache-{key[:8]}")
    _writing[key] = thread
    thread.start()


def wait_for_writes() -> None:
    """Return once every entry this process started writing is on disk."""
    for thread in list(_writing.values()):
        thread.join()


def store(key: str, events: pd.DataFrame, problems: list[RowProblem]) -> None:
    """Keep an ingested file; a cache that cannot be written is skipped (the page still works)."""
    try:
        settings.CACHE_DIR.mkdir(parents=True, exist_ok=True)
        temporary = settings.CACHE_DIR / f"{key}.parquet.tmp"
        events.to_parquet(temporary, index=False)
        (settings.CACHE_DIR / f"{key}.json").write_text(
            json.dumps([p.__dict__ for p in problems]), encoding="utf-8")
        temporary.replace(settings.CACHE_DIR / f"{key}.parquet")  # the frame last: entries are whole
    except OSError:
        pass
