"""Seeded synthetic binary-classification data for the training benchmark.

N rows x 50 feature columns: f00..f44 floats (10% missing each) and c0..c4 categorical
strings (5, 10, 20, 50, 100 levels), plus the 0/1 target `y` drawn from a logistic model
with non-linear terms, interactions and per-category effects. Train and test files come
from one stream (seed 7), so their distributions match.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

N_FLOAT = 45
LEVELS = [5, 10, 20, 50, 100]
COLUMNS = [f"f{i:02d}" for i in range(N_FLOAT)] + [f"c{j}" for j in range(len(LEVELS))]


def frame(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    x = rng.normal(size=(rows, N_FLOAT)).astype(np.float32)
    logit = (
        0.8 * x[:, 0]
        - 0.6 * x[:, 1]
        + 0.5 * np.sin(2 * x[:, 2])
        + 0.4 * x[:, 3] * x[:, 4]
        + 0.3 * np.abs(x[:, 5])
        - 0.3 * (x[:, 6] > 0.5)
        + 0.2 * x[:, 7:17].sum(axis=1) / 3
    )
    data = {}
    for j, levels in enumerate(LEVELS):
        codes = rng.integers(0, levels, rows)
        effect = np.random.default_rng(100 + j).normal(0, 0.5, levels)
        logit += effect[codes]
        data[f"c{j}"] = pd.Categorical.from_codes(codes, [f"k{v}" for v in range(levels)])
    y = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(np.int8)
    missing = rng.random(size=x.shape) < 0.10
    x[missing] = np.nan
    out = pd.DataFrame({c: x[:, i] for i, c in enumerate(COLUMNS[:N_FLOAT])})
    for c, v in data.items():
        out[c] = v
    out["y"] = y
    return out


def ensure(cache: Path, rows: int, test_rows: int) -> tuple[Path, Path]:
    """Writes (or reuses) train/test CSVs in `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    train = cache / f"train_{rows}.csv"
    test = cache / f"train_{rows}_test_{test_rows}.csv"
    meta = cache / f"train_{rows}_test_{test_rows}.meta.json"
    want = {"rows": rows, "test_rows": test_rows, "seed": 7, "version": 1}
    if train.exists() and test.exists() and meta.exists() and json.loads(meta.read_text()) == want:
        return train, test
    rng = np.random.default_rng(7)
    df = frame(rows + test_rows, rng)
    df.iloc[:rows].to_csv(train, index=False, float_format="%.6g")
    df.iloc[rows:].to_csv(test, index=False, float_format="%.6g")
    meta.write_text(json.dumps(want))
    return train, test
