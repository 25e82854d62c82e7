"""Fetches the ONNX Runtime shared library for one platform from the official `onnxruntime`
wheel on PyPI, checks the wheel's pinned SHA-256, and extracts the library into a folder —
what the release workflow bundles into each installer. Standard library + pip only, so it runs
on the Linux, Windows and macOS runners alike.

    python scripts/fetch_ort_wheel.py --platform win_amd64 --sha256 <hex> \
        --library onnxruntime/capi/onnxruntime.dll --dest .ort/release
"""

import argparse
import hashlib
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ORT_VERSION = "1.31.1"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--platform", required=True, help="wheel platform tag, e.g. manylinux_2_28_x86_64")
    p.add_argument("--sha256", required=True, help="the wheel's pinned SHA-256")
    p.add_argument("--library", required=True, help="the library's path inside the wheel")
    p.add_argument("--dest", required=True, help="folder to extract the library into")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--platform", args.platform, "--python-version", "3.11", "--implementation", "cp",
             "--abi", "cp311", f"onnxruntime=={ORT_VERSION}", "-d", tmp],
            check=True,
        )
        wheels = list(pathlib.Path(tmp).glob("onnxruntime-*.whl"))
        if len(wheels) != 1:
            sys.exit(f"fetch_ort_wheel: expected one wheel, got {wheels}")
        wheel = wheels[0]
        got = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if got != args.sha256:
            sys.exit(f"fetch_ort_wheel: checksum mismatch for {wheel.name}: expected {args.sha256}, got {got}")
        dest = pathlib.Path(args.dest)
        dest.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as z:
            target = dest / pathlib.PurePosixPath(args.library).name
            target.write_bytes(z.read(args.library))
        print(f"fetch_ort_wheel: ONNX Runtime {ORT_VERSION} ({args.platform}) at {target}")


if __name__ == "__main__":
    main()
