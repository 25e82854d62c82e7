#!/usr/bin/env bash
# Renders a ModelDesk HTML report in headless Chromium (Debian's `chromium` package) to a PNG,
# to look at what a colleague will see:
#   scripts/report-screenshot.sh report.html report.png [WIDTHxHEIGHT]
# Chromium runs with its background networking off: the report needs no network at all.
set -euo pipefail
html="$(realpath "$1")"
png="$(realpath -m "$2")"
size="${3:-1100x3000}"
command -v chromium >/dev/null || { echo "report-screenshot: install Debian's chromium (apt-get install chromium)" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size="${size/x/,}" \
  --screenshot="$png" "file://$html" 2>/dev/null
echo "report-screenshot: $png"
