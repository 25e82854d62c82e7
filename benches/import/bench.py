#!/usr/bin/env python3
"""Import benchmark: ModelDesk CSV import + profile against polars and pandas.

One run times, on the same seeded mixed-type CSV (see gen_csv.py):
  * polars.read_csv(path)      (fresh subprocess; wall time + peak RSS)
  * pandas.read_csv(path)      (fresh subprocess; wall time + peak RSS)
  * modeldesk import CSV       (fresh temp project; wall time + peak RSS)
  * modeldesk profile bench    (wall time + peak RSS)
(with --format xlsx: the same data as one sheet, and the peers' read_excel through calamine;
with --format ndjson: one JSON object per line, and read_ndjson / read_json(lines=True))
and prints them side by side with ratios vs the polars and pandas reads, plus the
goal lines. This is a benchmark, not a test: goal FAILs do not change the exit
status unless --strict is given. A wrong row/column count from any tool does
(exit 1). A missing binary or a verb that fails is reported and skipped.

Peak RSS of each child is read from os.wait4() (that child only, not the max over
all children as getrusage(RUSAGE_CHILDREN) would give). The peers' seconds are the
read_csv call itself, timed inside the child (interpreter and import time excluded;
the child's whole process wall time is in the JSON too). ModelDesk's seconds are the
whole process wall time (the CLI's start-up is part of what a user waits for).
With --repeat K each step runs K times; the best (minimum) time and the largest
peak RSS are reported, and every sample is in the JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import gen_csv  # noqa: E402

N_COLUMNS = len(gen_csv.COLUMNS)

PEER_CODE = r"""
import json, resource, sys, time
lib, path = sys.argv[1], sys.argv[2]
if lib == "polars":
    import polars as mod
else:
    import pandas as mod
if path.endswith(".ndjson"):
    read = mod.read_ndjson if lib == "polars" else (lambda p: mod.read_json(p, lines=True))
elif path.endswith(".xlsx"):
    # Both through calamine (polars: fastexcel; pandas: python-calamine), their fastest engines.
    read = (lambda p: mod.read_excel(p)) if lib == "polars" else (
        lambda p: mod.read_excel(p, engine="calamine"))
else:
    read = mod.read_csv
def rss_mb():
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024
before = rss_mb()
t0 = time.perf_counter()
df = read(path)
secs = time.perf_counter() - t0
rows, cols = df.shape
print(json.dumps({"seconds": secs, "rows": rows, "columns": cols,
                  "rssBeforeMb": before, "version": mod.__version__}))
"""


def clean_env() -> dict:
    env = dict(os.environ)
    # Set on some machines; they slow numpy (and so pandas) down.
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


def maxrss_mb(ru) -> float:
    return ru.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru.ru_maxrss / 1024


class RunResult:
    def __init__(self, rc, wall, rss_mb, stdout, stderr):
        self.rc, self.wall, self.rss_mb = rc, wall, rss_mb
        self.stdout, self.stderr = stdout, stderr

    def last_json(self):
        """The last stdout line that parses as a JSON object (or None)."""
        for line in reversed(self.stdout.splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    return None
        return None

    def why(self) -> str:
        """A one-line reason for a failure."""
        obj = self.last_json()
        if isinstance(obj, dict) and isinstance(obj.get("error"), dict):
            err = obj["error"]
            return f"exit {self.rc}: {err.get('code')}: {err.get('message')}"
        tail = (self.stderr.strip() or self.stdout.strip()).splitlines()
        msg = tail[-1] if tail else "(no output)"
        return f"exit {self.rc}: {msg[:300]}"


def run_child(argv, env, cwd=None) -> RunResult:
    """Run argv; return its wall time and its own peak RSS (via wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return RunResult(
            proc.returncode,
            wall,
            maxrss_mb(ru),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def warm_page_cache(path: Path) -> None:
    """Read the file once so every tool starts from the same (warm) page cache."""
    with open(path, "rb") as fh:
        while fh.read(16 << 20):
            pass


class Bench:
    def __init__(self, args):
        self.args = args
        self.rows = args.rows
        self.steps = []  # dicts: tool, step, seconds, rssMb, samples, ...
        self.skipped = []  # dicts: tool, step, reason
        self.errors = []  # validation failures (fail loudly)

    def note_skip(self, tool, step, reason):
        line = f"SKIPPED {tool} {step}: {reason}"
        print(line, flush=True)
        self.skipped.append({"tool": tool, "step": step, "reason": reason})

    def add_step(self, tool, step, samples, **extra):
        rec = {
            "tool": tool,
            "step": step,
            "seconds": min(s["seconds"] for s in samples),
            "rssMb": max(s["rssMb"] for s in samples),
            "samples": samples,
        }
        rec.update(extra)
        self.steps.append(rec)
        return rec

    def find(self, tool, step):
        for s in self.steps:
            if s["tool"] == tool and s["step"] == step:
                return s
        return None

    def check_shape(self, tool, rows, cols):
        if rows != self.rows or cols != N_COLUMNS:
            msg = (
                f"{tool}: read {rows} rows x {cols} columns, "
                f"expected {self.rows} x {N_COLUMNS}"
            )
            print(f"ERROR {msg}", flush=True)
            self.errors.append(msg)

    # -- peers --------------------------------------------------------------

    def read_step(self):
        """The peers' step: `read_csv`, `read_excel` for a spreadsheet, `read_ndjson`."""
        return {"xlsx": "read_excel", "ndjson": "read_ndjson"}.get(self.args.format, "read_csv")

    def peer(self, lib, csv: Path):
        env = clean_env()
        samples = []
        for _ in range(self.args.repeat):
            r = run_child([sys.executable, "-c", PEER_CODE, lib, str(csv)], env)
            obj = r.last_json()
            if r.rc != 0 or not obj:
                self.note_skip(lib, self.read_step(), r.why())
                return
            self.check_shape(lib, obj["rows"], obj["columns"])
            samples.append(
                {
                    "seconds": obj["seconds"],
                    "rssMb": r.rss_mb,
                    "processSeconds": r.wall,
                    "rssBeforeReadMb": obj["rssBeforeMb"],
                }
            )
            print(
                f"  {lib} {self.read_step()}: {obj['seconds']:.3f} s, peak RSS {r.rss_mb:.0f} MB",
                flush=True,
            )
        self.add_step(lib, self.read_step(), samples, version=obj.get("version"))

    # -- ModelDesk ------------------------------------------------------------

    def modeldesk(self, csv: Path):
        binary = self.args.modeldesk
        if not binary.is_file() or not os.access(binary, os.X_OK):
            for step in ("import", "profile"):
                self.note_skip(
                    "modeldesk", step,
                    f"binary not found at {binary} "
                    "(build it: cargo build --release -p modeldesk-cli)",
                )
            return
        env = clean_env()
        imports, profiles = [], []
        import_json = profile_json = None
        blob_size = None
        profile_reason = None
        for _ in range(self.args.repeat):
            tmp = Path(tempfile.mkdtemp(prefix="modeldesk-bench-", dir=self.args.cache))
            proj = tmp / "project"
            try:
                base = [str(binary), "--project", str(proj)]
                r = run_child(base + ["init", "--json"], env)
                if r.rc != 0:
                    for step in ("import", "profile"):
                        self.note_skip("modeldesk", step, f"init failed: {r.why()}")
                    return
                r = run_child(base + ["import", str(csv), "--name", "bench", "--json"], env)
                obj = r.last_json()
                if r.rc != 0 or not isinstance(obj, dict):
                    self.note_skip("modeldesk", "import", r.why())
                    self.note_skip("modeldesk", "profile", "import failed")
                    return
                import_json = obj
                rows, cols = obj.get("rows"), obj.get("columns")
                self.check_shape("modeldesk import", rows, cols)
                blob_size = obj.get("blobSize")
                blob_from = "json"
                if not isinstance(blob_size, int):
                    blob_size, blob_from = blob_dir_size(proj / "blobs"), "blobs/"
                timings = obj.get("timings") or {}
                imports.append(
                    {"seconds": r.wall, "rssMb": r.rss_mb, "blobSize": blob_size,
                     "blobSizeFrom": blob_from,
                     "parseSeconds": timings.get("importMs", 0) / 1000,
                     "profileSeconds": timings.get("profileMs", 0) / 1000}
                )
                if timings:
                    print(
                        f"  (inside the import: CSV -> Parquet {timings.get('importMs', 0) / 1000:.3f} s, "
                        f"profile computed {timings.get('profileMs', 0) / 1000:.3f} s)",
                        flush=True,
                    )
                print(
                    f"  modeldesk import: {r.wall:.3f} s, peak RSS {r.rss_mb:.0f} MB, "
                    f"Parquet {blob_size / (1024 * 1024):.1f} MB (from {blob_from})",
                    flush=True,
                )
                if profile_reason is None:
                    r = run_child(base + ["profile", "bench", "--json"], env)
                    obj = r.last_json()
                    if r.rc != 0 or not isinstance(obj, dict):
                        profile_reason = r.why()
                    else:
                        profile_json = obj
                        profiles.append({"seconds": r.wall, "rssMb": r.rss_mb})
                        print(
                            f"  modeldesk profile: {r.wall:.3f} s, "
                            f"peak RSS {r.rss_mb:.0f} MB",
                            flush=True,
                        )
            finally:
                if not self.args.keep:
                    shutil.rmtree(tmp, ignore_errors=True)
                else:
                    print(f"  kept project {proj}")
        self.add_step(
            "modeldesk", "import", imports,
            blobSize=max(s["blobSize"] for s in imports), output=import_json,
            profileSeconds=min(s.get("profileSeconds", 0) for s in imports),
            # The goal separates the two: the import to the stored Parquet (the whole
            # run, start-up and recording included, less the profile computed inside it)
            # against the peers' reads, and the profile on its own.
            withoutProfileSeconds=min(
                s["seconds"] - s.get("profileSeconds", 0) for s in imports
            ),
        )
        if profile_reason is not None:
            self.note_skip("modeldesk", "profile", profile_reason)
        elif profiles:
            self.add_step("modeldesk", "profile", profiles, output=profile_json)

    # -- report ---------------------------------------------------------------

    def goals(self):
        if self.args.format != "csv":
            return []  # the goals are about CSV; spreadsheets get the ratios only
        pol, pan = self.find("polars", "read_csv"), self.find("pandas", "read_csv")
        imp, prof = self.find("modeldesk", "import"), self.find("modeldesk", "profile")

        def verdict(ok):
            return "SKIP" if ok is None else ("PASS" if ok else "FAIL")

        out = []
        # Import to the stored Parquet: the whole run less the profile computed inside it.
        own = imp.get("withoutProfileSeconds", imp["seconds"]) if imp else None
        ok = None if not (imp and pol) else own <= 1.5 * pol["seconds"]
        detail = (
            f"{own:.2f} s without the profile ({imp['seconds']:.2f} s with it) "
            f"vs {1.5 * pol['seconds']:.2f} s"
            if imp and pol else ""
        )
        out.append(("import <= 1.5x polars", verdict(ok), detail))
        ok = None if not (imp and pan) else own < pan["seconds"]
        detail = f"{own:.2f} s without the profile vs {pan['seconds']:.2f} s" if imp and pan else ""
        out.append(("import faster than pandas", verdict(ok), detail))
        # The profile is computed during the import and stored; `profile` then only reads it.
        # Judge the computation itself when the import reports it.
        computed = imp.get("profileSeconds") if imp else None
        if computed:
            ok = computed <= 1.0
            detail = f"{computed:.2f} s computed during import (stored read: {prof['seconds']:.3f} s)" if prof else f"{computed:.2f} s"
        else:
            ok = None if not prof else prof["seconds"] <= 1.0
            detail = f"{prof['seconds']:.2f} s" if prof else ""
        out.append(("profile <= 1 s", verdict(ok), detail))
        ok = None
        detail = ""
        if imp and imp.get("blobSize"):
            pq_mb = imp["blobSize"] / (1024 * 1024)
            ok = imp["rssMb"] <= 2 * pq_mb
            detail = f"{imp['rssMb']:.0f} MB vs 2 x {pq_mb:.0f} MB"
        out.append(("peak RSS <= 2x Parquet size", verdict(ok), detail))
        return out

    def print_table(self):
        step = self.read_step()
        pol, pan = self.find("polars", step), self.find("pandas", step)
        hdr = ("tool", "step", "seconds", "peak RSS MB", "x polars read", "x pandas read")
        rows = []
        for s in self.steps:
            rows.append((
                s["tool"], s["step"], f"{s['seconds']:.3f}", f"{s['rssMb']:.0f}",
                f"{s['seconds'] / pol['seconds']:.2f}" if pol else "-",
                f"{s['seconds'] / pan['seconds']:.2f}" if pan else "-",
            ))
        for s in self.skipped:
            if not self.find(s["tool"], s["step"]):
                rows.append((s["tool"], s["step"], "skipped", "-", "-", "-"))
        widths = [max(len(str(r[i])) for r in [hdr] + rows) for i in range(len(hdr))]
        fmt = "  ".join(
            "{:<%d}" % w if i < 2 else "{:>%d}" % w for i, w in enumerate(widths)
        )
        print()
        print(fmt.format(*hdr))
        print("  ".join("-" * w for w in widths))
        for r in rows:
            print(fmt.format(*r))
        print()
        for name, verdict, detail in self.goals():
            print(f"{name}: {verdict}" + (f"  ({detail})" if detail else ""))
        for s in self.skipped:
            print(f"note: {s['tool']} {s['step']} skipped: {s['reason']}")
        for e in self.errors:
            print(f"ERROR: {e}")


def blob_dir_size(blobs: Path) -> int:
    total = 0
    if not blobs.is_dir():
        return 0
    for root, dirs, files in os.walk(blobs):
        dirs[:] = [d for d in dirs if d != ".tmp"]
        for f in files:
            if f.endswith(".tmp"):
                continue
            total += (Path(root) / f).stat().st_size
    return total


def dataset_name(rows: int, digits: int, fmt: str = "csv") -> str:
    """The cached file's name for these generator settings."""
    return f"mixed_{rows}.{fmt}" if digits == 0 else f"mixed_{rows}_d{digits}.{fmt}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="ModelDesk import benchmark vs polars and pandas")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument(
        "--cache", type=Path,
        default=Path(os.environ.get("HOME", ".")) / ".cache" / "modeldesk" / "bench",
        help="where the generated CSV (and temp projects) live",
    )
    ap.add_argument(
        "--modeldesk", type=Path, default=REPO / "target" / "release" / "modeldesk",
        help="the modeldesk binary (relative paths are taken from the repo root)",
    )
    ap.add_argument(
        "--digits", type=int, default=gen_csv.DEFAULT_DIGITS,
        help="significant digits of the generated floats (0: full precision)",
    )
    ap.add_argument(
        "--format", choices=("csv", "xlsx", "ndjson"), default="csv",
        help="the file imported: the CSV, or the same data as one xlsx sheet or as NDJSON "
        "(against the peers' read_excel / read_ndjson; no goals, ratios only)",
    )
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", type=Path, metavar="OUT", help="write all figures as JSON")
    ap.add_argument("--skip-peers", action="store_true", help="time ModelDesk only")
    ap.add_argument("--keep", action="store_true", help="keep the temp project(s)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a goal FAILs")
    args = ap.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        ap.error("--rows and --repeat must be >= 1")
    if not args.modeldesk.is_absolute():
        args.modeldesk = REPO / args.modeldesk
    args.cache = args.cache.expanduser().resolve()
    args.cache.mkdir(parents=True, exist_ok=True)

    csv = args.cache / dataset_name(args.rows, args.digits, args.format)
    r = run_child(
        [
            sys.executable, str(HERE / "gen_csv.py"), "--rows", str(args.rows),
            "--digits", str(args.digits), "--out", str(csv),
        ],
        clean_env(),
    )
    if r.rc != 0:
        print(f"ERROR generating {csv}: {r.why()}\n{r.stderr}", file=sys.stderr)
        return 1
    meta = r.last_json()
    print(
        f"dataset: {csv} ({meta['rows']} rows x {meta['columns']} columns, "
        f"{meta['bytes'] / 1e6:.1f} MB, {'reused' if meta['reused'] else 'generated'})",
        flush=True,
    )
    warm_page_cache(csv)

    b = Bench(args)
    if not args.skip_peers:
        b.peer("polars", csv)
        b.peer("pandas", csv)
    b.modeldesk(csv)
    b.print_table()

    if args.json:
        doc = {
            "dataset": {"path": str(csv), **meta},
            "repeat": args.repeat,
            "modeldesk": str(args.modeldesk),
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "steps": b.steps,
            "skipped": b.skipped,
            "goals": [{"goal": g, "verdict": v, "detail": d} for g, v, d in b.goals()],
            "errors": b.errors,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")

    if b.errors:
        return 1
    if args.strict and any(v == "FAIL" for _, v, _ in b.goals()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
