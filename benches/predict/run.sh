#!/usr/bin/env bash
# Batch-prediction benchmark: `modeldesk predict` vs Python onnxruntime (same model, same
# threads) vs scikit-learn's predict_proba on the source model.
#   benches/predict/run.sh                     # 1,000,000 rows
#   benches/predict/run.sh --rows 100000       # quick mode
# Extra args go to bench.py (--repeat K, --json OUT, --cache DIR, --modeldesk PATH, ...).
# Set MODELDESK_BENCH_NO_BUILD=1 to skip `cargo build`; passing --modeldesk PATH skips it too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
run_bench "$here" "$@"
