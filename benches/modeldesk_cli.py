"""Runs the `modeldesk` CLI for the benches: `--project P --json ARGS`, the last stdout line
parsed, a failure ending the bench with ModelDesk's message."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def cli(binary: str, project: Path, env: dict | None = None):
    """A function running `modeldesk --project PROJECT --json *args` and returning its JSON."""

    def run(*args: str):
        out = subprocess.run([binary, "--project", str(project), "--json", *args],
                             capture_output=True, text=True, env=env)
        if out.returncode != 0:
            sys.exit(f"modeldesk {args[0]} failed: {out.stdout}{out.stderr}")
        return json.loads(out.stdout.strip().splitlines()[-1])

    return run
