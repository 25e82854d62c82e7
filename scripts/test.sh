#!/usr/bin/env bash
# Set up (what is missing) and run every check and test: formatting, lints, Rust tests
# (unit, integration, CLI, the real app under Xvfb over WebDriver, the egui viewer), the UI's
# type check and unit tests.
set -euo pipefail
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
start=$SECONDS
step() { printf '\n\033[1m== %s\033[0m (%ss)\n' "$*" "$((SECONDS - start))"; }

step "setup"
scripts/setup.sh --test

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo build (binaries the end-to-end tests run)"
cargo build --workspace --locked

step "cargo test"
cargo test --workspace --locked 2>&1 | tee "$logs/cargo-test.log"

step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "ui: type check"
(cd ui && npm run --silent typecheck)

step "ui: unit tests"
(cd ui && npm test --silent -- --reporter=default) 2>&1 | tee "$logs/ui-test.log"

# One closing line over both runners, in the plain "N passed, N failed" form.
rust=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed;/) p += $i; if ($(i+1) ~ /^failed;/) f += $i } } END { print p + 0, f + 0 }' "$logs/cargo-test.log")
ui=$(sed 's/\x1b\[[0-9;]*m//g' "$logs/ui-test.log" | awk '$1 == "Tests" { for (i = 2; i <= NF; i++) { if ($(i+1) == "passed") p = $i; if ($(i+1) == "failed") f = $i } } END { print p + 0, f + 0 }')
read -r rust_passed rust_failed <<<"$rust"
read -r ui_passed ui_failed <<<"$ui"
printf '\nall checks passed in %ss (Rust %s tests, UI %s tests)\n' "$((SECONDS - start))" "$rust_passed" "$ui_passed"
echo "tests: $((rust_passed + ui_passed)) passed, $((rust_failed + ui_failed)) failed"
