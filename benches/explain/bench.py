#!/usr/bin/env python3
"""Explanation benchmark: ModelDesk's TreeSHAP (and interaction values) against the Python
`shap` package's TreeExplainer on the same trees, in one run. A benchmark, not a test.

A 100-tree, 31-leaf GBDT is trained by `modeldesk train` on the training benchmark's data
(benches/train, numeric columns only so shap's tree format holds it); both tools then
explain the same rows. ModelDesk's seconds are `shapMs` / `interactionsMs` from
`modeldesk explain --json` (the computation, all cores); shap's are the `shap_values` /
`shap_interaction_values` calls. The values are compared too (max |difference|).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "benches"))
from modeldesk_cli import cli  # noqa: E402
sys.path.insert(0, str(REPO / "benches/train"))
sys.path.insert(0, str(REPO / "crates/explain/tests/data"))
import gen_data  # noqa: E402
from make_shap import convert  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000, help="rows explained")
    ap.add_argument("--interaction-rows", type=int, default=1_000)
    ap.add_argument("--train-rows", type=int, default=100_000)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--leaves", type=int, default=31)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache/modeldesk/bench")
    ap.add_argument("--modeldesk", default=str(REPO / "target/release/modeldesk"))
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    import shap

    train_csv, _ = gen_data.ensure(a.cache, a.train_rows, 1000)
    numeric = a.cache / f"explain_{a.train_rows}.csv"
    if not numeric.exists():
        df = pd.read_csv(train_csv)
        df.drop(columns=[c for c in df.columns if c.startswith("c")]).to_csv(numeric, index=False)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        env = dict(os.environ)

        run = cli(a.modeldesk, project, env)

        run("init")
        run("import", str(numeric), "--name", "d")
        run("train", "d", "--target", "y", "--valid", "none", "--param", f"num_iterations={a.trees}",
            "--param", f"num_leaves={a.leaves}", "--param", "early_stopping_rounds=0", "--name", "m")
        ours = run("explain", "m", "d", "--rows", f"0..{a.rows}", "--out", str(Path(tmp) / "shap.csv"))
        ours_i = run("explain", "m", "d", "--rows", f"0..{a.interaction_rows}", "--interactions",
                     "--out", str(Path(tmp) / "inter.csv"))
        db = sqlite3.connect(project / "project.sqlite")
        (sidecar,) = db.execute("SELECT sidecar_sha256 FROM models WHERE name = 'm'").fetchone()
        model = json.loads((project / "blobs" / sidecar[:2] / sidecar).read_text())
        body = model["body"]
        trees = [convert(t, 1, 0) for t in body["trees"]]
        explainer = shap.TreeExplainer({"trees": trees, "base_offset": body["init"][0], "tree_output": "raw_value",
                                        "input_dtype": np.float32, "internal_dtype": np.float64})
        features = [f["name"] for f in model["features"]]
        x = pd.read_csv(numeric, nrows=a.rows)[features].to_numpy(np.float32)
        t0 = time.perf_counter()
        theirs = explainer.shap_values(x, check_additivity=False)
        shap_secs = time.perf_counter() - t0
        t0 = time.perf_counter()
        explainer.shap_interaction_values(x[: a.interaction_rows])
        inter_secs = time.perf_counter() - t0
        mine = pd.read_csv(Path(tmp) / "shap.csv")[features].to_numpy()
        diff = float(np.abs(mine - theirs).max())
    md, mi = ours["shapMs"] / 1000, ours_i["interactionsMs"] / 1000
    print(f"model: {a.trees} trees x {a.leaves} leaves, {len(features)} features; shap {shap.__version__}")
    print(f"{'task':<34} {'ModelDesk s':>12} {'shap s':>9} {'speed-up':>9}")
    print(f"{'TreeSHAP, ' + str(a.rows) + ' rows':<34} {md:>12.2f} {shap_secs:>9.2f} {shap_secs / md:>8.1f}x")
    print(f"{'interactions, ' + str(a.interaction_rows) + ' rows':<34} {mi:>12.2f} {inter_secs:>9.2f} {inter_secs / mi:>8.1f}x")
    print(f"max |ModelDesk - shap| over the SHAP values: {diff:.2e}")
    print(f"goals (>= 3x): TreeSHAP {'PASS' if shap_secs / md >= 3 else 'FAIL'}, interactions {'PASS' if inter_secs / mi >= 3 else 'FAIL'}")
    results = {"treeshap": {"modeldesk": md, "shap": shap_secs}, "interactions": {"modeldesk": mi, "shap": inter_secs}, "maxDiff": diff}
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
