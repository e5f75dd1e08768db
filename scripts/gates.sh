#!/usr/bin/env bash
# The code's gates, run by CI before the tests (settings in pyproject.toml): the linter, the
# formatter's check and the type checker. Needs the .venv that scripts/setup.sh makes.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
