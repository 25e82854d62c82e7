#!/usr/bin/env python3
"""Write the seeded mixed-type CSV (or xlsx sheet, or NDJSON) used by the import benchmark.

N rows x 50 columns:
  * f00..f44: floats (normal, log-normal and uniform columns on scales from
    about 1e-3 to 1e5), written at full precision (the shortest text that
    reads back the same double, as most tools write them) or, with --digits N,
    rounded to N significant digits; 10% of cells empty;
  * c0..c4: categorical strings `cat_<k>` with 3, 10, 50, 200 and 1000 levels
    (skewed frequencies, no empty cells).

Header row, comma delimiter, UTF-8, '\\n' line ends. At 1M rows: about 830 MB
at full precision (the issue's "~800 MB"), about 410 MB with --digits 6.

With an --out ending in .xlsx, the same values go to one sheet ("data") instead, written by
xlsxwriter in constant-memory mode, missing values as empty cells. With one ending in
.ndjson, one JSON object per line (polars' NDJSON writer; missing values are null).

Values are drawn with numpy's default_rng(42) in fixed chunks of CHUNK rows, so
the same --rows gives the same file. The text is written by polars' CSV writer
(vectorised, multi-threaded), one chunk at a time, into PATH.tmp, then renamed.
A small PATH.meta.json beside the file records rows/columns/seed/size; when it
matches, the file is reused and nothing is regenerated.

Usage: gen_csv.py --rows 1000000 --out ~/.cache/modeldesk/bench/mixed_1000000.csv
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

SEED = 42
N_FLOAT = 45
CARDINALITIES = (3, 10, 50, 200, 1000)
MISSING_RATE = 0.10
# Significant digits of the floats; 0 is full precision.
DEFAULT_DIGITS = 0
CHUNK = 100_000
# Bump when the generated content changes so cached files are regenerated.
GENERATOR_VERSION = 1

FLOAT_NAMES = [f"f{i:02d}" for i in range(N_FLOAT)]
CAT_NAMES = [f"c{i}" for i in range(len(CARDINALITIES))]
COLUMNS = FLOAT_NAMES + CAT_NAMES


def meta_path(out: Path) -> Path:
    return out.with_name(out.name + ".meta.json")


def _column_specs(rng: np.random.Generator) -> list[tuple[str, float, float]]:
    """Per float column: (kind, location, scale), drawn once from the seed."""
    kinds = ("normal", "normal", "lognormal", "uniform")
    specs = []
    for _ in range(N_FLOAT):
        kind = kinds[int(rng.integers(len(kinds)))]
        scale = float(10.0 ** rng.uniform(-3.0, 5.0))
        loc = float(rng.normal(0.0, 2.0) * scale)
        specs.append((kind, loc, scale))
    return specs


def _cat_probs(card: int) -> np.ndarray:
    """Zipf-like frequencies so some labels are common and some rare."""
    w = 1.0 / np.arange(1, card + 1, dtype=np.float64) ** 0.8
    return w / w.sum()


def _round_sig(x: np.ndarray, digits: int) -> np.ndarray:
    """Round to `digits` significant digits (vectorised; NaN and 0 pass through).

    Divides or multiplies by an exact power of ten so the shortest round-trip
    text of each value has at most `digits` significant digits.
    """
    ax = np.abs(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.floor(np.log10(np.where(ax > 0, ax, 1.0)))
    k = (digits - 1) - e  # decimal places to keep
    k = np.nan_to_num(k, nan=0.0)
    pos = k >= 0
    p = 10.0 ** np.abs(k)
    return np.where(pos, np.round(x * p) / p, np.round(x / p) * p)


def _chunk_frame(rng, specs, probs, labels, n, digits):
    import polars as pl

    cols = {}
    miss = rng.random((N_FLOAT, n)) < MISSING_RATE
    for j, (kind, loc, scale) in enumerate(specs):
        if kind == "normal":
            v = rng.normal(loc, scale, n)
        elif kind == "lognormal":
            v = rng.lognormal(0.0, 1.0, n) * scale
        else:
            v = rng.uniform(loc - scale, loc + scale, n)
        if digits:
            v = _round_sig(v, digits)
        v[miss[j]] = np.nan
        cols[FLOAT_NAMES[j]] = pl.Series(FLOAT_NAMES[j], v, nan_to_null=True)
    for name, p, lab in zip(CAT_NAMES, probs, labels):
        codes = rng.choice(len(p), size=n, p=p)
        cols[name] = pl.Series(name, lab, dtype=pl.String).gather(codes)
    return pl.DataFrame(cols)


def _write_csv(fh, df, first: bool) -> None:
    df.write_csv(fh, include_header=first, line_terminator="\n")


def _write_xlsx_rows(sheet, df, first: bool, start_row: int) -> None:
    """Rows of `df` into an xlsxwriter sheet (constant memory: strictly row by row)."""
    row = start_row
    if first:
        sheet.write_row(row, 0, df.columns)
        row += 1
    for values in df.iter_rows():
        for col, v in enumerate(values):
            if v is not None:  # missing values stay empty cells
                sheet.write(row, col, v)
        row += 1


def generate(out: Path, rows: int, digits: int = DEFAULT_DIGITS, quiet: bool = False) -> dict:
    """Writes the data to `out`: CSV, one xlsx sheet (`.xlsx`) or NDJSON (`.ndjson`)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    rng = np.random.default_rng(SEED)
    specs = _column_specs(rng)
    probs = [_cat_probs(c) for c in CARDINALITIES]
    labels = [[f"cat_{i}" for i in range(c)] for c in CARDINALITIES]
    t0 = time.perf_counter()
    done = 0
    xlsx = out.suffix.lower() == ".xlsx"
    if xlsx:
        import xlsxwriter

        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
        sheet = book.add_worksheet("data")
    with open(os.devnull if xlsx else tmp, "wb") as fh:
        while done < rows or (done == 0 and rows == 0):
            n = min(CHUNK, rows - done)
            df = _chunk_frame(rng, specs, probs, labels, n, digits)
            if xlsx:
                _write_xlsx_rows(sheet, df, done == 0, done + (done > 0))
            elif out.suffix.lower() == ".ndjson":
                df.write_ndjson(fh)
            else:
                _write_csv(fh, df, done == 0)
            done += n
            if rows == 0:
                break
            if not quiet and rows >= 5 * CHUNK:
                print(f"  gen_csv: {done}/{rows} rows", file=sys.stderr, flush=True)
    if xlsx:
        book.close()
    os.replace(tmp, out)
    meta = {
        "rows": rows,
        "columns": len(COLUMNS),
        "seed": SEED,
        "digits": digits,
        "generatorVersion": GENERATOR_VERSION,
        "bytes": out.stat().st_size,
        "seconds": round(time.perf_counter() - t0, 3),
    }
    meta_path(out).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def cached_meta(out: Path, rows: int, digits: int = DEFAULT_DIGITS) -> dict | None:
    """The meta of an existing, matching file, or None."""
    mp = meta_path(out)
    if not (out.is_file() and mp.is_file()):
        return None
    try:
        meta = json.loads(mp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = (
        meta.get("rows") == rows
        and meta.get("columns") == len(COLUMNS)
        and meta.get("seed") == SEED
        and meta.get("digits", 6) == digits  # files from before --digits had 6
        and meta.get("generatorVersion") == GENERATOR_VERSION
        and meta.get("bytes") == out.stat().st_size
    )
    return meta if ok else None


def ensure(
    out: Path, rows: int, digits: int = DEFAULT_DIGITS, quiet: bool = False
) -> tuple[dict, bool]:
    """(meta, reused): generate the file unless a matching one exists."""
    meta = cached_meta(out, rows, digits)
    if meta is not None:
        return meta, True
    return generate(out, rows, digits, quiet=quiet), False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--digits", type=int, default=DEFAULT_DIGITS,
        help="significant digits of the floats (0: full precision)",
    )
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.rows < 0:
        ap.error("--rows must be >= 0")
    if not 0 <= args.digits <= 17:
        ap.error("--digits must be 0 (full precision) or 1..17")
    meta, reused = ensure(args.out, args.rows, args.digits, quiet=args.quiet)
    what = "reused" if reused else f"wrote in {meta['seconds']:.1f} s"
    print(
        f"gen_csv: {args.out} ({meta['rows']} rows x {meta['columns']} columns, "
        f"{meta['bytes'] / 1e6:.1f} MB) {what}",
        file=sys.stderr,
    )
    print(json.dumps({"path": str(args.out), "reused": reused, **meta}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
