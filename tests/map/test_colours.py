"""Event colours stay apart for people with the common colour-vision deficiencies, and stand out on
every class of the choropleth (simulated with colorspacious; distances in CAM02-UCS, where about 1
is a just-noticeable difference)."""

from itertools import combinations

import numpy as np
import pytest
from colorspacious import cspace_convert

from geo import settings

VISION = {"normal": None, "deuteranopia": "deuteranomaly", "protanopia": "protanomaly", "tritanopia": "tritanomaly"}
EVENTS = [*settings.EVENT_TYPE_COLORS.values(), settings.OTHER_TYPE_COLOR]
CLASSES = [*settings.CLASS_COLORS, settings.ZERO_COLOR]


def seen(hex_colour: str, vision: str) -> np.ndarray:
    """The colour as a person with ``vision`` sees it, in CAM02-UCS (severity 100: the full deficiency)."""
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    if VISION[vision]:
        rgb = np.clip(
            cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": VISION[vision], "severity": 100}, "sRGB1"), 0, 1
        )
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def distance(a: str, b: str, vision: str) -> float:
    return float(np.linalg.norm(seen(a, vision) - seen(b, vision)))


@pytest.mark.parametrize("vision", VISION)
def test_event_colours_stay_apart(vision):
    closest = min(distance(a, b, vision) for a, b in combinations(EVENTS, 2))
    assert closest >= 10, f"two event colours are {closest:.1f} apart under {vision}"


@pytest.mark.parametrize("vision", VISION)
def test_event_colours_stand_out_on_every_choropleth_class(vision):
    closest = min(distance(e, c, vision) for e in EVENTS for c in CLASSES)
    assert closest >= 15, f"an event colour is {closest:.1f} from a choropleth class under {vision}"


def test_the_old_palette_would_fail():
    """The check can fail: the ColorBrewer colours used before put Violence against civilians
    (orange) and Battles (green) 1.6 apart under protanopia, Riots and Explosions 5.7 apart under
    deuteranopia, and the red Riots dots on the red choropleth classes."""
    assert distance("#ff7f00", "#33a02c", "protanopia") < 3
    assert distance("#e31a1c", "#b15928", "deuteranopia") < 10
    assert min(distance("#e31a1c", c, "normal") for c in CLASSES) < 15
