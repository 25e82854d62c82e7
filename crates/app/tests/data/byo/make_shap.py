"""Oracles for SHAP on imported models, from the Python `shap` package:

- shap_mlp.json: ExactExplainer on mlp.onnx (run by Python onnxruntime), with the first 40 rows
  of the diabetes test CSV as background, explaining rows 0..6.
- shap_lgbm.json: interventional TreeExplainer on the LightGBM model behind lgbm.onnx (retrained
  exactly as make_byo.py does; its probabilities are checked against the ONNX file's first),
  with the first 50 rows of the breast-cancer test CSV as background, explaining rows 0..8, in
  log-odds.

Run (from the repository root, after make_byo.py):
    pip install shap==0.51.0 -r crates/app/tests/data/byo/requirements.txt
    python3 crates/app/tests/data/byo/make_shap.py
"""

import json
import pathlib

import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd
import shap

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[3] / "train" / "tests" / "data"
BACKGROUND, ROWS = 40, 6


def main():
    model = onnx.load(HERE / "mlp.onnx")
    order = {p.key: p.value for p in model.metadata_props}["feature_names"].split(",")
    sess = ort.InferenceSession(str(HERE / "mlp.onnx"), providers=["CPUExecutionProvider"])
    frame = pd.read_csv(DATA / "diabetes_test.csv")[order]

    def f(x):
        return sess.run(None, {"features": np.asarray(x, dtype=np.float32)})[0].reshape(-1).astype(np.float64)

    background = frame.iloc[:BACKGROUND].to_numpy(np.float64)
    explainer = shap.ExactExplainer(f, shap.maskers.Independent(background, max_samples=BACKGROUND))
    explained = explainer(frame.iloc[:ROWS].to_numpy(np.float64))
    out = {
        "features": order,
        "background_rows": BACKGROUND,
        "rows": ROWS,
        "values": explained.values.tolist(),
        "base_values": np.asarray(explained.base_values).reshape(-1).tolist(),
        "shap_version": shap.__version__,
    }
    (HERE / "shap_mlp.json").write_text(json.dumps(out, indent=1) + "\n")
    print("wrote shap_mlp.json with shap", shap.__version__)
    lgbm()


LGBM_BACKGROUND, LGBM_ROWS = 50, 8


def lgbm():
    import lightgbm

    train = pd.read_csv(DATA / "breast_cancer_train.csv")
    test = pd.read_csv(DATA / "breast_cancer_test.csv")
    cols = [c for c in train.columns if c != "target"]
    gbm = lightgbm.LGBMClassifier(n_estimators=30, num_leaves=15, verbose=-1, random_state=0)
    gbm.fit(train[cols].values, train["target"])
    # The retrained model must be the one in lgbm.onnx.
    sess = ort.InferenceSession(str(HERE / "lgbm.onnx"), providers=["CPUExecutionProvider"])
    x = test[cols].values
    _, probs = sess.run(None, {"input": x.astype(np.float32)})
    onnx_p1 = np.array([row[1] for row in probs])
    assert np.abs(onnx_p1 - gbm.predict_proba(x)[:, 1]).max() < 1e-5, "retrained model differs"

    background = x[:LGBM_BACKGROUND].astype(np.float32).astype(np.float64)
    explained = x[:LGBM_ROWS].astype(np.float32).astype(np.float64)
    explainer = shap.TreeExplainer(gbm, data=background, feature_perturbation="interventional")
    values = np.asarray(explainer.shap_values(explained))
    if values.ndim == 3:  # (rows, features, classes): keep the positive class
        values = values[..., -1]
    base = np.asarray(explainer.expected_value).reshape(-1)[-1]
    margin = gbm.predict(explained, raw_score=True)
    out = {
        "features": cols,
        "background_rows": LGBM_BACKGROUND,
        "rows": LGBM_ROWS,
        "values": values.tolist(),
        "base_value": float(base),
        "margin": margin.tolist(),
        "shap_version": shap.__version__,
    }
    (HERE / "shap_lgbm.json").write_text(json.dumps(out, indent=1) + "\n")
    print("wrote shap_lgbm.json; additivity error",
          float(np.abs(base + values.sum(1) - margin).max()))


if __name__ == "__main__":
    main()
