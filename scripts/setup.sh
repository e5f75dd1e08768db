#!/usr/bin/env bash
# Set up a fresh machine for the tests: .venv with the pinned packages and this package (editable),
# Debian's chromium for the browser tests and poppler-utils' pdftotext for the report maps' text
# (installed when missing and we are root).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt -e .
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
  else
    echo "The tests need Debian's chromium and poppler-utils: sudo apt-get install -y chromium poppler-utils" >&2
    exit 1
  fi
fi
