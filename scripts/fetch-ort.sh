#!/usr/bin/env bash
# Fetch the ONNX Runtime shared library from the official `onnxruntime` wheel on PyPI
# (the `ort` crate's own CDN download is not reachable here) into .ort/lib/.
# Idempotent: does nothing when the library is already in place with the pinned checksum.
#   scripts/fetch-ort.sh          # the CPU build (the default)
#   scripts/fetch-ort.sh --gpu    # the CUDA build from `onnxruntime-gpu` (Linux + NVIDIA GPU with
#                                 # CUDA 12 and cuDNN 9 installed); replaces the CPU build
set -euo pipefail

ORT_VERSION="1.31.1"
package="onnxruntime"
# sha256 of the cp311 manylinux_2_28_x86_64 wheels as published on PyPI.
WHEEL_SHA256="5752bd508126ae7c49894d3b9d2e83f0c3d487319246d04c444b393308d7ad7f"
case "${1:-}" in
  --gpu)
    package="onnxruntime-gpu"
    WHEEL_SHA256="e26c475fe361b2015f45b4b824bd13f0bb20204e59b62814e6f0acd5f3d491a6" ;;
  "") ;;
  *) echo "fetch-ort: unknown option $1 (use --gpu for the CUDA build)" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.ort/lib"
lib="$dest/libonnxruntime.so.$ORT_VERSION"
stamp="$dest/.wheel-sha256"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform="manylinux_2_28_x86_64" ;;
  Linux-aarch64) echo "fetch-ort: aarch64 Linux needs its own pinned wheel checksum; not set up yet" >&2; exit 1 ;;
  *) echo "fetch-ort: this script fetches the Linux library; see README (Install) for other platforms" >&2; exit 1 ;;
esac

if [[ -f "$lib" && -f "$stamp" && "$(cat "$stamp")" == "$WHEEL_SHA256" ]]; then
  echo "fetch-ort: ONNX Runtime $ORT_VERSION already at $lib"
  exit 0
fi

command -v python3 >/dev/null || { echo "fetch-ort: python3 is needed to run pip" >&2; exit 1; }
python3 -m pip --version >/dev/null 2>&1 || { echo "fetch-ort: pip is missing (apt-get install python3-pip)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fetch-ort: downloading $package==$ORT_VERSION wheel from PyPI"
python3 -m pip download --quiet --no-deps --only-binary=:all: \
  --platform "$platform" --python-version 3.11 --implementation cp --abi cp311 \
  "$package==$ORT_VERSION" -d "$tmp"
wheel="$(ls "$tmp"/onnxruntime*.whl)"
got="$(sha256sum "$wheel" | cut -d' ' -f1)"
if [[ "$got" != "$WHEEL_SHA256" ]]; then
  echo "fetch-ort: checksum mismatch for $(basename "$wheel"): expected $WHEEL_SHA256, got $got" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
python3 - "$wheel" "$dest" <<'PY'
import sys, zipfile, os
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        base = os.path.basename(name)
        if name.startswith("onnxruntime/capi/") and base.startswith("libonnxruntime"):
            with z.open(name) as src, open(os.path.join(dest, base), "wb") as out:
                out.write(src.read())
PY
ln -sf "libonnxruntime.so.$ORT_VERSION" "$dest/libonnxruntime.so"
echo "$WHEEL_SHA256" > "$stamp"
echo "fetch-ort: ONNX Runtime $ORT_VERSION ($package) installed at $lib"
