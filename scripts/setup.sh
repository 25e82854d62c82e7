#!/usr/bin/env bash
# Install what ModelDesk needs on Debian/Ubuntu, only what is missing (quick when all is there).
#   scripts/setup.sh         what building and running the app needs
#   scripts/setup.sh --test  plus what the tests need (Xvfb, WebKitWebDriver, xdotool)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# --- Debian packages -------------------------------------------------------------------------
packages=(build-essential pkg-config curl file python3 python3-pip
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libsoup-3.0-dev libssl-dev libxdo-dev)
if (( want_test )); then
  packages+=(xvfb webkit2gtk-driver xdotool xauth python3-gi gir1.2-gtk-3.0 python3-venv poppler-utils)
fi
command -v node >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Toolchains ------------------------------------------------------------------------------
command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs), then rerun"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
node_minor="$(node -p 'process.versions.node.split(".")[1]')"
if (( node_major < 20 || (node_major == 20 && node_minor < 19) )); then
  die "Node.js $(node --version) is too old for the UI build (Vite needs >= 20.19); install Node.js 20.19+ or 22+"
fi

# --- ONNX Runtime ----------------------------------------------------------------------------
"$root/scripts/fetch-ort.sh"

# --- Test oracles (Python onnxruntime: a bundle's model runs without ModelDesk) ---------------
if (( want_test )); then
  oracle="$root/.oracle-venv"
  if ! "$oracle/bin/python" -c "import onnxruntime, numpy" 2>/dev/null; then
    say "installing the Python test oracle (onnxruntime, numpy) into .oracle-venv"
    python3 -m venv "$oracle"
    "$oracle/bin/python" -m pip install --quiet --disable-pip-version-check "onnxruntime==1.31.1" "numpy<3"
  fi
fi

# --- UI --------------------------------------------------------------------------------------
cd "$root/ui"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "building the UI"
npm run --silent build >/dev/null
say "ready"
