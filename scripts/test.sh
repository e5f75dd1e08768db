#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run every test with pytest; arguments go to pytest
# (e.g. `bash scripts/test.sh -m "not browser"` for the fast suite without Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
