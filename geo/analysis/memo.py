"""A small memo of the last answers used, for tables computed per period on a shared bundle.

A bundle is shared by every session of the page, and the page asks it for tables per date range and
language; a play through 60 days in two languages would otherwise keep 120 of them for as long as the
bundle lives. :class:`LastUsed` keeps the most recently used few and forgets the rest.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class LastUsed(Generic[Value]):
    """At most ``maxsize`` answers by key, the least recently used forgotten first (an LRU cache
    that, unlike :func:`functools.lru_cache`, belongs to one object and so goes with it).

    >>> memo = LastUsed(2)
    >>> [memo.get(k, lambda k=k: k * 10) for k in (1, 2, 1, 3)]
    [10, 20, 10, 30]
    >>> memo.keys()
    [1, 3]
    """

    def __init__(self, maxsize: int):
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, not {maxsize}")
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, Value] = OrderedDict()
        # Sessions are threads sharing one bundle: the order is updated under a lock.
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The answer kept for ``key``, else ``compute()``'s, kept (computed outside the lock: two
        sessions asking at once may both compute it, and one is kept)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def keys(self) -> list[Hashable]:
        """The keys kept, least recently used first."""
        with self._lock:
            return list(self._items)

    def __len__(self) -> int:
        return len(self._items)
