"""``python -m geo``: see :mod:`geo.cli`."""

import os
import sys

from .cli import run

if __name__ == "__main__":
    try:
        status = run()
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `python -m geo summary | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    sys.exit(status)
