#!/usr/bin/env python3
"""Batch-prediction benchmark: one ONNX model, three ways, in one run. A benchmark, not a test.

The model: a scikit-learn RandomForestClassifier (100 trees, depth 10, 20 features) converted
by skl2onnx with plain probability tensors (zipmap off). The data: N rows of the same 20
features in a Parquet file.

  modeldesk   `modeldesk predict MODEL data.parquet --out preds.parquet` (wall time of the
              process: read, map, run ONNX Runtime in batches, write)
  onnxruntime what a user would script: pandas.read_parquet, InferenceSession.run (same
              threads), append the columns, DataFrame.to_parquet; the run alone is shown too
  sklearn     RandomForestClassifier.predict_proba on the source model (n_jobs = all cores)

Ratios: modeldesk / onnxruntime (goal <= 1.05) and sklearn / modeldesk (goal >= 10).
The probabilities are compared too (max |difference|).
"""
from __future__ import annotations

import argparse
import json
import os
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
FEATURES = 20


def data(cache: Path, rows: int) -> Path:
    path = cache / f"predict_{rows}.parquet"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(7)
        x = rng.normal(size=(rows, FEATURES)).astype(np.float32)
        pd.DataFrame(x, columns=[f"f{i}" for i in range(FEATURES)]).to_parquet(path, index=False)
    return path


def model(cache: Path):
    import pickle

    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType
    from sklearn.ensemble import RandomForestClassifier

    pkl, onx = cache / "predict_rf.pkl", cache / "predict_rf.onnx"
    if not (pkl.exists() and onx.exists()):
        rng = np.random.default_rng(11)
        x = rng.normal(size=(50_000, FEATURES)).astype(np.float32)
        logit = x[:, 0] * 1.5 - x[:, 1] + 0.8 * x[:, 2] * x[:, 3] + np.sin(x[:, 4] * 2)
        y = (logit + rng.normal(scale=0.5, size=len(x)) > 0).astype(int)
        rf = RandomForestClassifier(n_estimators=100, max_depth=10, random_state=0, n_jobs=-1).fit(x, y)
        onnx_model = convert_sklearn(rf, initial_types=[("X", FloatTensorType([None, FEATURES]))],
                                     options={id(rf): {"zipmap": False}}, target_opset={"": 17, "ai.onnx.ml": 3})
        onx.write_bytes(onnx_model.SerializeToString())
        pkl.write_bytes(pickle.dumps(rf))
    return pickle.loads(pkl.read_bytes()), onx


def best(f, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="best of K")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache/modeldesk/bench")
    ap.add_argument("--modeldesk", default=str(REPO / "target/release/modeldesk"))
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    import onnxruntime as ort

    path = data(a.cache, a.rows)
    rf, onx = model(a.cache)
    cols = [f"f{i}" for i in range(FEATURES)]
    results = {"rows": a.rows, "threads": a.threads, "onnxruntime": ort.__version__}

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = a.threads
        sess = ort.InferenceSession(str(onx), opts, providers=["CPUExecutionProvider"])

        def python_ort():
            df = pd.read_parquet(path)
            label, probs = sess.run(None, {"X": df[cols].to_numpy(np.float32)})
            df["predicted_label"] = label.astype(str)
            df["prob_0"], df["prob_1"] = probs[:, 0].astype(np.float64), probs[:, 1].astype(np.float64)
            df.to_parquet(tmp / "py.parquet", index=False)
            return probs

        x = pd.read_parquet(path)[cols].to_numpy(np.float32)
        results["onnxruntime_run_s"], _ = best(lambda: sess.run(None, {"X": x}), a.repeat)
        results["onnxruntime_s"], py_probs = best(python_ort, a.repeat)

        if Path(a.modeldesk).exists():
            env = dict(os.environ, MODELDESK_CONFIG_DIR=str(tmp / "cfg"))
            project = tmp / "p"

            md = cli(a.modeldesk, project, env)

            md("init")
            md("import-model", str(onx), "--name", "rf")
            results["modeldesk_s"], _ = best(lambda: md("predict", "rf", str(path), "--out", str(tmp / "md.parquet"),
                                                        "--force", "--threads", str(a.threads)), a.repeat)
            ours = pd.read_parquet(tmp / "md.parquet")
            results["max_abs_diff"] = float(np.abs(ours["prob_1"].to_numpy() - py_probs[:, 1]).max())
        else:
            print(f"WARNING: {a.modeldesk} not found; ModelDesk skipped", file=sys.stderr)

        rf.n_jobs = -1
        results["sklearn_s"], sk = best(lambda: rf.predict_proba(x), 1)
        results["sklearn_vs_onnx_max_abs_diff"] = float(np.abs(sk[:, 1] - py_probs[:, 1]).max())

    print(f"\nBatch prediction, {a.rows:,} rows × {FEATURES} features, RandomForest 100 trees (depth 10), "
          f"{a.threads} thread(s), best of {a.repeat}")
    print(f"  {'tool':<34} {'seconds':>9}")
    print(f"  {'python onnxruntime (run only)':<34} {results['onnxruntime_run_s']:>9.3f}")
    print(f"  {'python onnxruntime (read+run+write)':<34} {results['onnxruntime_s']:>9.3f}")
    if "modeldesk_s" in results:
        print(f"  {'modeldesk predict':<34} {results['modeldesk_s']:>9.3f}")
    print(f"  {'scikit-learn predict_proba':<34} {results['sklearn_s']:>9.3f}")
    if "modeldesk_s" in results:
        results["ratio_vs_onnxruntime"] = results["modeldesk_s"] / results["onnxruntime_s"]
        results["speedup_vs_sklearn"] = results["sklearn_s"] / results["modeldesk_s"]
        print(f"\n  modeldesk / python onnxruntime: {results['ratio_vs_onnxruntime']:.2f}x  (goal <= 1.05)")
        print(f"  scikit-learn / modeldesk:       {results['speedup_vs_sklearn']:.1f}x  (goal >= 10)")
        print(f"  max |prob difference| vs python onnxruntime: {results['max_abs_diff']:.2e}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
