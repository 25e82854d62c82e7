#!/usr/bin/env bash
# Model-agnostic SHAP benchmark: `modeldesk explain --method exact|permutation|kernel` on an MLP
# vs shap's ExactExplainer, PermutationExplainer and KernelExplainer (same ONNX model, same background).
#   benches/shap_agnostic/run.sh                # 200 rows explained
#   benches/shap_agnostic/run.sh --rows 20     # quick mode
# Extra args go to bench.py (--repeat K, --json OUT, --cache DIR, --modeldesk PATH, ...).
# Set MODELDESK_BENCH_NO_BUILD=1 to skip `cargo build`; passing --modeldesk PATH skips it too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
run_bench "$here" "$@"
