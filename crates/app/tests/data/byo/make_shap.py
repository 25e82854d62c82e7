"""Oracle for model-agnostic SHAP on an imported model: the Python `shap` package's
ExactExplainer on mlp.onnx (run by Python onnxruntime), with the first 40 rows of the diabetes
test CSV as background, explaining rows 0..6. Writes shap_mlp.json.

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


if __name__ == "__main__":
    main()
