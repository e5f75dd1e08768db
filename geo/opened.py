"""Opened uploads in memory: each session's own, all sessions together held to a budget in bytes.

A session keeps the files it opened (a :class:`Kept` in its own state: no other session can reach
it, so one visitor never sees another's file or its name). The page's process registers every
:class:`Kept` with one :class:`OpenedFiles`, which counts their bytes and, past the budget, lets go
of the least recently used bundles of other sessions; a session whose bundle was let go reads its
file again the next time it needs it. A session that ends drops its :class:`Kept`, and the
registry forgets it (it holds them weakly).
"""

import threading
import time
import weakref

import pandas as pd


def frame_bytes(frame: pd.DataFrame) -> int:
    """Memory a frame holds, its text included."""
    return int(frame.memory_usage(index=True, deep=True).sum())


def bundle_bytes(bundle) -> int:
    """Memory of a :class:`geo.bundle.Bundle`'s own frames: the events, the problems and the
    rejected rows (the mines, decrees and boundaries are shared by every bundle)."""
    table = bundle.table
    frames = {id(f): f for f in (bundle.events, table.events, table.problems, table.rejected)}
    return sum(frame_bytes(frame) for frame in frames.values())


class Kept:
    """One opened file of one session: its bundle (``None`` once let go) and its size."""

    __slots__ = ("bundle", "nbytes", "used", "__weakref__")

    def __init__(self, bundle, nbytes: int):
        self.bundle = bundle
        self.nbytes = nbytes
        self.used = time.monotonic()


class OpenedFiles:
    """Every session's opened files, held to ``budget`` bytes together (the one just opened is
    always kept, even alone over the budget: it was read within the upload limit)."""

    def __init__(self, budget: int):
        self.budget = budget
        self._kept: weakref.WeakSet[Kept] = weakref.WeakSet()
        self._lock = threading.Lock()

    def keep(self, bundle) -> Kept:
        """Register a session's newly opened bundle; let go of others past the budget."""
        kept = Kept(bundle, bundle_bytes(bundle))
        with self._lock:
            self._kept.add(kept)
            others = sorted((k for k in self._kept if k.bundle is not None and k is not kept), key=lambda k: k.used)
            total = kept.nbytes + sum(k.nbytes for k in others)
            for oldest in others:
                if total <= self.budget:
                    break
                oldest.bundle = None
                total -= oldest.nbytes
        return kept

    def use(self, kept: Kept):
        """The bundle of ``kept`` (``None`` if it was let go), marked as just used."""
        kept.used = time.monotonic()
        return kept.bundle

    @property
    def held(self) -> int:
        """Bytes of the bundles held now, all sessions together."""
        with self._lock:
            return sum(k.nbytes for k in self._kept if k.bundle is not None)
