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

import numpy as np
import pandas as pd


def frame_bytes(frame: pd.DataFrame) -> int:
    """Memory a frame holds, its text included."""
    return int(frame.memory_usage(index=True, deep=True).sum())


def _held_bytes(value) -> int:
    """Memory of a frame, an array, or the frames and arrays a computed object holds (one level)."""
    if isinstance(value, pd.DataFrame):
        return frame_bytes(value)
    if isinstance(value, (np.ndarray, pd.Series)):
        return int(value.nbytes)
    if isinstance(value, (list, tuple)):
        return sum(_held_bytes(item) for item in value if isinstance(item, (pd.DataFrame, np.ndarray)))
    held = getattr(value, "__dict__", {})
    return sum(_held_bytes(item) for item in held.values() if isinstance(item, (pd.DataFrame, np.ndarray, pd.Series)))


def bundle_bytes(bundle) -> int:
    """Memory of a :class:`geo.analysis.dataset.Bundle`'s own data: the events, the problems, the rejected
    rows, and what it has computed from them so far (codes, distances to mines). The mines,
    decrees and boundaries are shared by every bundle and not counted."""
    table = bundle.table
    frames = {id(f): f for f in (bundle.events, table.events, table.problems, table.rejected)}
    computed = [
        value
        for name, value in vars(bundle).items()
        if name not in ("table", "events", "mines", "decrees", "roadblocks")
    ]
    return sum(frame_bytes(frame) for frame in frames.values()) + sum(_held_bytes(value) for value in computed)


class Kept:
    """One opened file of one session: its bundle (``None`` once let go) and when it was used."""

    __slots__ = ("__weakref__", "bundle", "used")

    def __init__(self, bundle):
        self.bundle = bundle
        self.used = time.monotonic()

    @property
    def nbytes(self) -> int:
        """Its memory now (a bundle computes more as it is used); 0 once let go."""
        return bundle_bytes(self.bundle) if self.bundle is not None else 0


class OpenedFiles:
    """Every session's opened files, held to ``budget`` bytes together (the one just opened is
    always kept, even alone over the budget: it was read within the upload limit)."""

    def __init__(self, budget: int):
        self.budget = budget
        self._kept: weakref.WeakSet[Kept] = weakref.WeakSet()
        self._lock = threading.Lock()

    def keep(self, bundle) -> Kept:
        """Register a session's newly opened bundle; let go of others past the budget."""
        kept = Kept(bundle)
        with self._lock:
            self._kept.add(kept)
            others = sorted((k for k in self._kept if k.bundle is not None and k is not kept), key=lambda k: k.used)
            sizes = {id(k): k.nbytes for k in others}
            total = kept.nbytes + sum(sizes.values())
            for oldest in others:
                if total <= self.budget:
                    break
                oldest.bundle = None
                total -= sizes[id(oldest)]
        return kept

    def use(self, kept: Kept):
        """The bundle of ``kept`` (``None`` if it was let go), marked as just used."""
        kept.used = time.monotonic()
        return kept.bundle

    @property
    def held(self) -> int:
        """Bytes of the bundles held now, all sessions together."""
        with self._lock:
            return sum(k.nbytes for k in self._kept)
