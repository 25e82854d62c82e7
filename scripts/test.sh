#!/usr/bin/env bash
# Set up (what is missing) and run every check and test: formatting, lints, Rust tests
# (unit, integration, CLI, the real app under Xvfb over WebDriver, the egui viewer), the UI's
# type check and unit tests.
set -euo pipefail
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
cargo test --workspace --locked

step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "ui: type check"
(cd ui && npm run --silent typecheck)

step "ui: unit tests"
(cd ui && npm test --silent)

step "all checks passed in $((SECONDS - start))s"
