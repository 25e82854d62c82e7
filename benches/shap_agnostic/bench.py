#!/usr/bin/env python3
"""Model-agnostic SHAP benchmark, in one run: ModelDesk's exact, permutation and Kernel SHAP values
(through ONNX Runtime) against the Python `shap` package's ExactExplainer, PermutationExplainer
and KernelExplainer on the same ONNX model, background and rows. A benchmark, not a test.

The model: an MLP (`modeldesk train --model mlp`) on a seeded binary dataset with 10 numeric
columns, explained in probability space (the positive class). Background: the first 100 rows.
Every tool's values are compared with ModelDesk's exact values (which equal shap's
ExactExplainer's); the error is the mean |difference| over rows and columns.

ModelDesk's seconds are `shapMs` from `modeldesk explain --json`; shap's are the explainer calls
(its model function runs the same ONNX file in Python onnxruntime, same threads).
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
FEATURES = 10
BACKGROUND = 100


def data(cache: Path, rows: int) -> Path:
    path = cache / f"agnostic_{rows}.csv"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(5)
        x = rng.normal(size=(rows, FEATURES))
        logit = 1.2 * x[:, 0] - x[:, 1] + 0.8 * x[:, 2] * x[:, 3] + np.sin(2 * x[:, 4]) + 0.3 * x[:, 5] ** 2
        y = (logit + rng.normal(scale=0.5, size=rows) > 0).astype(int)
        frame = pd.DataFrame(x, columns=[f"x{i}" for i in range(FEATURES)])
        frame["y"] = y
        frame.to_csv(path, index=False)
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200, help="rows explained")
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache/modeldesk/bench")
    ap.add_argument("--modeldesk", default=str(REPO / "target/release/modeldesk"))
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    import onnxruntime as ort
    import shap

    csv = data(a.cache, 5000)
    cols = [f"x{i}" for i in range(FEATURES)]
    frame = pd.read_csv(csv)
    results = {"rows": a.rows, "background": BACKGROUND, "features": FEATURES, "shap": shap.__version__}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = tmp / "p"
        env = dict(os.environ, MODELDESK_CONFIG_DIR=str(tmp / "cfg"))

        md = cli(a.modeldesk, project, env)

        md("init")
        md("import", str(csv), "--name", "d")
        frame.head(BACKGROUND).to_csv(tmp / "bg.csv", index=False)
        md("import", str(tmp / "bg.csv"), "--name", "bg")
        md("train", "d", "--target", "y", "--model", "mlp", "--valid", "none", "--param", "hidden=[32,16]",
           "--name", "m")
        md("export-model", "m", "--onnx", str(tmp / "m.onnx"))

        def ours(method, extra=()):
            out = tmp / f"{method}.csv"
            s = md("explain", "m", "d", "--rows", f"0..{a.rows}", "--method", method, "--background-data", "bg",
                   "--out", str(out), "--force", *extra)
            values = pd.read_csv(out)[cols].to_numpy()
            return s["shapMs"] / 1000, values

        results["modeldesk_exact_s"], exact = ours("exact")

        sess = ort.InferenceSession(str(tmp / "m.onnx"), providers=["CPUExecutionProvider"])
        names = [i.name for i in sess.get_inputs()]
        out_names = [o.name for o in sess.get_outputs()]
        prob_index = out_names.index("probabilities")

        def f(x):
            x = np.asarray(x, dtype=np.float64)
            feeds = {n: x[:, cols.index(n)].reshape(-1, 1) for n in names}
            return sess.run(None, feeds)[prob_index][:, 1].astype(np.float64)

        background = frame[cols].head(BACKGROUND).to_numpy()
        x = frame[cols].head(a.rows).to_numpy()
        masker = shap.maskers.Independent(background, max_samples=BACKGROUND)

        def timed(explain):
            t0 = time.perf_counter()
            values = explain()
            return time.perf_counter() - t0, values

        def err(values):
            return float(np.abs(values - exact).mean())

        results["shap_exact_s"], sv = timed(lambda: shap.ExactExplainer(f, masker)(x).values)
        results["shap_exact_err"] = err(sv)
        results["shap_permutation_s"], sv = timed(lambda: shap.PermutationExplainer(f, masker, seed=0)(x).values)
        results["shap_permutation_err"] = err(sv)
        kernel_rows = min(a.rows, 20)
        t, sv = timed(lambda: shap.KernelExplainer(f, background).shap_values(x[:kernel_rows], nsamples=2 * FEATURES + 2048, silent=True))
        results["shap_kernel_s"] = t * a.rows / kernel_rows
        results["shap_kernel_err"] = float(np.abs(np.asarray(sv) - exact[:kernel_rows]).mean())
        # Kernel SHAP on both sides with the same small budget (sampled, not enumerated).
        budget = 200
        t, sv = timed(lambda: shap.KernelExplainer(f, background).shap_values(x[:kernel_rows], nsamples=budget, silent=True))
        results["shap_kernel_small_s"] = t * a.rows / kernel_rows
        results["shap_kernel_small_err"] = float(np.abs(np.asarray(sv) - exact[:kernel_rows]).mean())
        results["modeldesk_kernel_small_s"], kv = ours("kernel", ("--samples", str(budget)))
        results["modeldesk_kernel_small_err"] = err(kv)
        results["kernel_budget"] = budget
        # ModelDesk's permutations at (at least) shap's permutation accuracy.
        for k in (1, 2, 3, 5, 10, 20, 50):
            t, pv = ours("permutation", ("--permutations", str(k)))
            if err(pv) <= results["shap_permutation_err"] or k == 50:
                results["modeldesk_permutation_s"], results["modeldesk_permutation_k"] = t, k
                results["modeldesk_permutation_err"] = err(pv)
                break

    r = results
    print(f"\nModel-agnostic SHAP, MLP on {FEATURES} columns, {a.rows} rows, background {BACKGROUND} (probability space)")
    print(f"  {'explainer':<40} {'seconds':>9} {'mean |err| vs exact':>20}")
    print(f"  {'modeldesk exact':<40} {r['modeldesk_exact_s']:>9.2f} {0.0:>20.2e}")
    print(f"  {'modeldesk permutation (' + str(r['modeldesk_permutation_k']) + ' orders x2)':<40} {r['modeldesk_permutation_s']:>9.2f} {r['modeldesk_permutation_err']:>20.2e}")
    print(f"  {'shap ExactExplainer':<40} {r['shap_exact_s']:>9.2f} {r['shap_exact_err']:>20.2e}")
    print(f"  {'shap PermutationExplainer':<40} {r['shap_permutation_s']:>9.2f} {r['shap_permutation_err']:>20.2e}")
    print(f"  {'shap KernelExplainer (scaled from ' + str(kernel_rows) + ' rows)':<40} {r['shap_kernel_s']:>9.2f} {r['shap_kernel_err']:>20.2e}")
    print(f"  {'modeldesk kernel (' + str(r['kernel_budget']) + ' coalitions)':<40} {r['modeldesk_kernel_small_s']:>9.2f} {r['modeldesk_kernel_small_err']:>20.2e}")
    print(f"  {'shap KernelExplainer (' + str(r['kernel_budget']) + ' coalitions, scaled)':<40} {r['shap_kernel_small_s']:>9.2f} {r['shap_kernel_small_err']:>20.2e}")
    r["exact_vs_shap_exact"] = r["shap_exact_s"] / r["modeldesk_exact_s"]
    r["exact_vs_shap_permutation"] = r["shap_permutation_s"] / r["modeldesk_exact_s"]
    r["permutation_vs_shap_permutation"] = r["shap_permutation_s"] / r["modeldesk_permutation_s"]
    r["exact_vs_shap_kernel"] = r["shap_kernel_s"] / r["modeldesk_exact_s"]
    print(f"\n  shap ExactExplainer / modeldesk exact:             {r['exact_vs_shap_exact']:.1f}x")
    print(f"  shap PermutationExplainer / modeldesk exact:       {r['exact_vs_shap_permutation']:.1f}x (ours has no error)")
    print(f"  shap PermutationExplainer / modeldesk permutation: {r['permutation_vs_shap_permutation']:.1f}x (at equal or lower error; goal >= 20)")
    print(f"  shap KernelExplainer / modeldesk exact:            {r['exact_vs_shap_kernel']:.1f}x")
    r["kernel_vs_shap_kernel"] = r["shap_kernel_small_s"] / r["modeldesk_kernel_small_s"]
    print(f"  shap KernelExplainer / modeldesk kernel:           {r['kernel_vs_shap_kernel']:.1f}x (same budget; errors above)")
    if a.json:
        a.json.write_text(json.dumps(r, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
