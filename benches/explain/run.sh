#!/usr/bin/env bash
# Explanation benchmark: ModelDesk TreeSHAP vs the shap package.
#   benches/explain/run.sh                     # 10,000 rows (interactions: 1,000)
#   benches/explain/run.sh --rows 1000         # quick mode
# Extra args go to bench.py (--repeat K, --json OUT, --cache DIR, --modeldesk PATH, ...).
# Set MODELDESK_BENCH_NO_BUILD=1 to skip `cargo build` (e.g. binary already built);
# passing --modeldesk PATH skips it too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
run_bench "$here" "$@"
