#!/usr/bin/env bash
# Builds the Linux .deb the way the release does (ONNX Runtime bundled as a resource), installs
# it with dpkg, starts the installed app under Xvfb with NO environment variables (no
# ORT_DYLIB_PATH, nothing from this source tree), and checks that it loaded ONNX Runtime from
# its own resources; saves a screenshot of the window to look at.
#   scripts/deb-check.sh [screenshot.png]      (needs root or sudo for dpkg; Xvfb, xwd)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shot="$(realpath -m "${1:-$root/target/deb-check.png}")"
cd "$root"
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)

scripts/fetch-ort.sh >/dev/null
mkdir -p .ort/release
cp .ort/lib/libonnxruntime.so.1.31.1 .ort/release/
ui/node_modules/.bin/tauri build --config src-tauri/release/linux.json --bundles deb >/dev/null
deb="$(ls -t target/release/bundle/deb/*.deb | head -1)"
echo "deb-check: built $deb ($(du -h "$deb" | cut -f1))"
dpkg -c "$deb" | grep -E "onnxruntime|usr/bin/" | awk '{print "deb-check:   " $NF " (" $3 " bytes)"}'
"${sudo_cmd[@]}" dpkg -i "$deb" >/dev/null
echo "deb-check: installed $(dpkg-query -W -f='${Package} ${Version}' model-desk)"

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x900x24 >/dev/null 2>&1 &
xvfb=$!
home="$(mktemp -d)"
log="$home/app.log"
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$home"' EXIT
sleep 1
env -i HOME="$home" DISPLAY="$display" PATH=/usr/bin:/bin /usr/bin/modeldesk-desktop >"$log" 2>&1 &
app=$!
for _ in $(seq 1 60); do
  grep -q "loaded ONNX Runtime" "$log" 2>/dev/null && break
  sleep 0.5
done
sleep 3
line="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep "loaded ONNX Runtime" || true)"
if [[ "$line" != *'source="the app bundle'\''s resources"'* ]]; then
  echo "deb-check: the installed app did not load ONNX Runtime from its resources:" >&2
  sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -20 >&2
  exit 1
fi
echo "deb-check: ${line#*INFO }"
xwd -root -display "$display" | python3 "$root/tests/support/xwd2png.py" "$shot"
echo "deb-check: screenshot $shot"
