#!/usr/bin/env bash
# Training benchmark: ModelDesk GBDT vs LightGBM and XGBoost (hist).
#   benches/train/run.sh --rows 1000000        # full run (1M x 50, cached)
#   benches/train/run.sh --rows 100000         # quick mode
# Extra args go to bench.py (--repeat K, --json OUT, --cache DIR, --modeldesk PATH, ...).
# Set MODELDESK_BENCH_NO_BUILD=1 to skip `cargo build` (e.g. binary already built);
# passing --modeldesk PATH skips it too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
run_bench "$here" "$@"
