# Shared by benches/*/run.sh: install a bench's pinned Python packages when missing, build the
# release CLI unless told not to, then run its bench.py with the caller's arguments.
#   source "$(dirname "$0")/../lib.sh"; run_bench "$here" "$@"
run_bench() {
    local here="$1"; shift
    local repo py build a
    repo="$(cd "$here/../.." && pwd)"
    py="${PYTHON:-python3}"

    # Python deps: install only when a pinned package is missing or at another version.
    if ! "$py" - "$here/requirements.txt" <<'PYEOF'
import sys
from importlib.metadata import version, PackageNotFoundError
bad = []
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, want = line.partition("==")
    try:
        have = version(name)
    except PackageNotFoundError:
        have = None
    if have is None or (want and have != want):
        bad.append(f"{name} (have {have}, want {want or 'any'})")
if bad:
    print("bench deps to install: " + ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PYEOF
    then
        "$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    fi

    build=1
    for a in "$@"; do
        case "$a" in --modeldesk|--modeldesk=*) build=0 ;; esac
    done
    [ "${MODELDESK_BENCH_NO_BUILD:-0}" = "1" ] && build=0
    if [ "$build" = "1" ]; then
        echo "building: cargo build --release -p modeldesk-cli" >&2
        if ! (cd "$repo" && cargo build --release -p modeldesk-cli); then
            echo "WARNING: cargo build failed; the ModelDesk steps will be skipped" >&2
        fi
    fi

    cd "$repo"
    exec "$py" "$here/bench.py" "$@"
}
