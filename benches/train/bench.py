#!/usr/bin/env python3
"""Training benchmark: ModelDesk's GBDT against LightGBM and XGBoost (hist), same data, same
trees/leaves/learning rate, same thread count, in one run; prints time and test AUC side by
side as ratios, plus where ModelDesk's time goes. A benchmark, not a test.

Timed for every tool: building its binned dataset from in-memory columns + boosting (not
reading the CSV). ModelDesk's figure is `trainMs` from `modeldesk train --json` (binning +
boosting, measured around the trainer call); its CSV import is reported separately. Test AUC
for ModelDesk comes from `modeldesk predict` (the exported ONNX model, served by ONNX
Runtime) on the test file.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import gen_data  # noqa: E402


def peers(train_csv: Path, test_csv: Path, a) -> list[dict]:
    import lightgbm as lgb
    import numpy as np
    import pandas as pd
    import xgboost as xgb
    from sklearn.metrics import roc_auc_score

    cats = {c: pd.CategoricalDtype([f"k{v}" for v in range(n)]) for c, n in zip([f"c{j}" for j in range(5)], gen_data.LEVELS)}
    read = lambda p: pd.read_csv(p, dtype={**cats, **{f"f{i:02d}": np.float32 for i in range(gen_data.N_FLOAT)}})
    train, test = read(train_csv), read(test_csv)
    xtr, ytr = train.drop(columns="y"), train["y"]
    xte, yte = test.drop(columns="y"), test["y"]
    out = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        ds = lgb.Dataset(xtr, ytr, params={"max_bin": 255, "verbose": -1})
        booster = lgb.train(
            {"objective": "binary", "learning_rate": a.learning_rate, "num_leaves": a.leaves,
             "min_data_in_leaf": 20, "num_threads": a.threads, "verbose": -1, "max_bin": 255,
             "seed": 1, "deterministic": True},
            ds, num_boost_round=a.trees)
        secs = time.perf_counter() - t0
        auc = roc_auc_score(yte, booster.predict(xte))
        out.append({"tool": f"LightGBM {lgb.__version__}", "seconds": secs, "auc": auc})
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        dm = xgb.QuantileDMatrix(xtr, ytr, enable_categorical=True, max_bin=256, nthread=a.threads)
        booster = xgb.train(
            {"objective": "binary:logistic", "eta": a.learning_rate, "max_leaves": a.leaves,
             "grow_policy": "lossguide", "max_depth": 0, "tree_method": "hist",
             "nthread": a.threads, "min_child_weight": 1e-3, "max_bin": 256, "seed": 1},
            dm, num_boost_round=a.trees)
        secs = time.perf_counter() - t0
        auc = roc_auc_score(yte, booster.predict(xgb.DMatrix(xte, enable_categorical=True)))
        out.append({"tool": f"XGBoost {xgb.__version__} (hist)", "seconds": secs, "auc": auc})
    return out


def modeldesk(train_csv: Path, test_csv: Path, a, threads: int) -> list[dict]:
    from sklearn.metrics import roc_auc_score
    import pandas as pd

    exe = a.modeldesk
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads), MODELDESK_LOG="modeldesk_train=info")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        run = lambda *args, **kw: subprocess.run([exe, "--project", str(project), "--json", *args],
                                                 capture_output=True, text=True, env=env, **kw)
        assert run("init").returncode == 0
        t0 = time.perf_counter()
        imp = run("import", str(train_csv), "--name", "bench")
        import_secs = time.perf_counter() - t0
        if imp.returncode != 0:
            sys.exit(f"modeldesk import failed: {imp.stdout}{imp.stderr}")
        for i in range(a.repeat):
            tr = run("train", "bench", "--target", "y", "--valid", "none", "--seed", "1",
                     "--param", f"num_iterations={a.trees}", "--param", f"num_leaves={a.leaves}",
                     "--param", f"learning_rate={a.learning_rate}", "--param", "early_stopping_rounds=0",
                     "--name", f"m{i}")
            if tr.returncode != 0:
                sys.exit(f"modeldesk train failed: {tr.stdout}{tr.stderr}")
            outcome = json.loads(tr.stdout.strip().splitlines()[-1])
            plain = re.sub(r"\x1b\[[0-9;]*m", "", tr.stderr)
            profile = re.findall(r"profile=\[(.*?)\]", plain)
            preds = Path(tmp) / f"preds{i}.csv"
            pr = run("predict", f"m{i}", str(test_csv), "--out", str(preds))
            if pr.returncode != 0:
                sys.exit(f"modeldesk predict failed: {pr.stdout}{pr.stderr}")
            df = pd.read_csv(preds, usecols=["y", "prob_1"])
            results.append({
                "tool": f"ModelDesk ({threads} thread{'s' if threads > 1 else ''})",
                "seconds": outcome["trainMs"] / 1000,
                "auc": roc_auc_score(df["y"], df["prob_1"]),
                "importSeconds": import_secs,
                "profile": profile[-1] if profile else "",
            })
    return results


def best(rows: list[dict]) -> list[dict]:
    by = {}
    for r in rows:
        if r["tool"] not in by or r["seconds"] < by[r["tool"]]["seconds"]:
            by[r["tool"]] = r
    return list(by.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--test-rows", type=int, default=200_000)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--leaves", type=int, default=31)
    ap.add_argument("--learning-rate", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache/modeldesk/bench")
    ap.add_argument("--modeldesk", default=str(REPO / "target/release/modeldesk"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-peers", action="store_true")
    a = ap.parse_args()
    t0 = time.perf_counter()
    train_csv, test_csv = gen_data.ensure(a.cache, a.rows, a.test_rows)
    print(f"data: {a.rows} train + {a.test_rows} test rows x 50 features "
          f"(45 float, 10% missing; 5 categorical) [{time.perf_counter() - t0:.1f} s]", flush=True)
    rows = [] if a.skip_peers else peers(train_csv, test_csv, a)
    rows += modeldesk(train_csv, test_csv, a, a.threads)
    if a.threads > 1:
        rows += modeldesk(train_csv, test_csv, a, 1)
    rows = best(rows)
    lgb = next((r for r in rows if r["tool"].startswith("LightGBM")), None)
    print(f"\n{a.trees} trees, {a.leaves} leaves, learning rate {a.learning_rate}, {a.threads} threads; "
          f"time = binning + boosting (best of {a.repeat})")
    print(f"{'tool':<28} {'seconds':>8} {'test AUC':>9} {'time vs LightGBM':>17} {'AUC - LightGBM':>15}")
    for r in rows:
        ratio = f"{r['seconds'] / lgb['seconds']:.2f}x" if lgb else "-"
        diff = f"{r['auc'] - lgb['auc']:+.4f}" if lgb else "-"
        print(f"{r['tool']:<28} {r['seconds']:>8.2f} {r['auc']:>9.4f} {ratio:>17} {diff:>15}")
    for r in rows:
        if r.get("profile"):
            print(f"{r['tool']} time by stage (ms): {r['profile']}; CSV import {r['importSeconds']:.1f} s (not in the figure)")
    md = next((r for r in rows if r["tool"] == f"ModelDesk ({a.threads} threads)"), None)
    if lgb and md:
        ok_time = md["seconds"] <= lgb["seconds"]
        ok_auc = md["auc"] >= lgb["auc"] - 0.002
        print(f"goal: time <= 1.0x LightGBM: {'PASS' if ok_time else 'FAIL'} ({md['seconds'] / lgb['seconds']:.2f}x); "
              f"AUC >= LightGBM - 0.002: {'PASS' if ok_auc else 'FAIL'} ({md['auc'] - lgb['auc']:+.4f})")
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
