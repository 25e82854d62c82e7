#!/usr/bin/env bash
# Import benchmark: ModelDesk CSV import + profile vs polars and pandas.
#   benches/import/run.sh --rows 1000000        # full run (~400 MB CSV, cached)
#   benches/import/run.sh --rows 100000         # quick mode
# Extra args go to bench.py (--repeat K, --json OUT, --cache DIR, --modeldesk PATH, ...).
# Set MODELDESK_BENCH_NO_BUILD=1 to skip `cargo build` (e.g. binary already built);
# passing --modeldesk PATH skips it too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
run_bench "$here" "$@"
