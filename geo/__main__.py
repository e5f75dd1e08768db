"""``python -m geo`` and the ``peru-map`` command: see :mod:`geo.cli`."""

import os
import sys

from geo.cli import run


def main() -> None:
    """Run the command line and exit with its status."""
    try:
        status = run()
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `python -m geo summary | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    sys.exit(status)


if __name__ == "__main__":
    main()
