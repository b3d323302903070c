#!/bin/bash
# The crash rounds of t0104, many times over (label: slow).
GAUNTLET_CRASH_ROUNDS=${GAUNTLET_CRASH_ROUNDS:-10} exec bash "$(dirname "$0")/t0104-crash.sh" "$@"
