"""Classed colour scales for choropleths: few classes, round bounds, a class of its own for zero."""

from dataclasses import dataclass

import numpy as np

from geo import settings
from geo.i18n import number


@dataclass(frozen=True)
class Classes:
    """Upper bounds of the non-zero classes and their colours and legend labels.

    Class ``i`` holds values in (``bounds[i-1]``, ``bounds[i]``]; the first non-zero class starts
    just above zero. Zero (and missing) values get :data:`settings.ZERO_COLOR`.
    """

    bounds: tuple[float, ...]
    colors: tuple[str, ...]
    labels: tuple[str, ...]

    def color_for(self, value: float) -> str:
        """Fill colour of ``value``."""
        if value is None or np.isnan(value) or value <= 0:
            return settings.ZERO_COLOR
        index = int(np.searchsorted(self.bounds, value, side="left"))
        return self.colors[min(index, len(self.colors) - 1)]


def _format(value: float, integer: bool, lang: str) -> str:
    return number(int(value), lang) if integer else number(value, lang, decimals=2)


def classify(values, integer: bool = True, max_classes: int = len(settings.CLASS_COLORS), lang: str = "en") -> Classes:
    """Quantile classes of the positive ``values`` with readable bounds.

    Parameters
    ----------
    values : array-like of float
    integer : bool
        Counts (bounds rounded up to whole numbers, labels like "3–5") or rates (two decimals).
    max_classes : int
        At most this many non-zero classes; fewer when there are few distinct values.
    lang : str
        Language of the labels' numbers ("1.001–5.000" in Spanish).

    Examples
    --------
    >>> classify([0, 1, 2, 3, 10, 44]).labels
    ('1', '2', '3', '4–10', '11–44')
    """
    array = np.asarray(values, dtype=float)
    positive = np.unique(array[np.isfinite(array) & (array > 0)])
    if positive.size == 0:
        return Classes((), (), ())
    k = min(max_classes, positive.size)
    n = positive.size
    # Upper bound of class i is the value at rank ceil(i*n/k), in integers to avoid float drift.
    quantiles = positive[[(i * n + k - 1) // k - 1 for i in range(1, k + 1)]]
    bounds = np.ceil(quantiles) if integer else np.ceil(np.round(quantiles * 100, 6)) / 100
    bounds = tuple(float(b) for b in dict.fromkeys(bounds))
    step = 1 if integer else 0.01
    labels, lower = [], step
    for upper in bounds:
        low, high = _format(lower, integer, lang), _format(upper, integer, lang)
        labels.append(high if low == high else f"{low}–{high}")
        lower = upper + step
    # Spread the palette so that the top class is always the darkest.
    palette = settings.CLASS_COLORS
    picks = np.round(np.linspace(len(palette) - len(bounds), len(palette) - 1, len(bounds))).astype(int)
    return Classes(bounds, tuple(palette[i] for i in picks), tuple(labels))
