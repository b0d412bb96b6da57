#!/bin/sh
# Runs the whole suite (see tests/run_tests.py); called by `make check`.
exec python3 "$(dirname "$0")/run_tests.py" "$@"
