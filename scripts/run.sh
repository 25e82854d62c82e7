#!/usr/bin/env bash
# Set up (what is missing) and start the ModelDesk desktop app.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
exec cargo run --locked -p modeldesk-desktop -- "$@"
