"""Writes the bring-your-own-model fixtures: real ONNX files from the converters users use,
the Python onnxruntime outputs and scikit-learn metrics they must match, and broken files.

Run (from the repository root):
    pip install -r crates/app/tests/data/byo/requirements.txt
    python3 crates/app/tests/data/byo/make_byo.py

Models (trained on the scikit-learn datasets committed under crates/train/tests/data):
  rf_zipmap.onnx      skl2onnx RandomForestClassifier, breast cancer, one float input [N, 30],
                      label + ZipMap probabilities (int64 keys)
  logreg_zipmap.onnx  skl2onnx StandardScaler + LogisticRegression pipeline, wine (3 classes), one [N, 1] input per column
                      (mapped by name), ZipMap probabilities
  lgbm.onnx           onnxmltools LightGBM binary classifier, breast cancer, ZipMap
  mlp.onnx            an MLP regressor (diabetes) written with the onnx helper API, its feature
                      order in metadata_props["feature_names"]
Broken: truncated.onnx, unknown_op.onnx, future_opset.onnx, missing_external.onnx.
expected.json: per model, onnxruntime outputs on the test CSV and scikit-learn metrics.
"""

import json
import pathlib

import lightgbm
import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd
from onnx import TensorProto, helper, numpy_helper
from onnxmltools import convert_lightgbm
from onnxmltools.convert.common.data_types import FloatTensorType as MlFloat
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType
from sklearn import metrics
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.compose import ColumnTransformer
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[3] / "train" / "tests" / "data"
OPSET = 17


def load(name):
    train = pd.read_csv(DATA / f"{name}_train.csv")
    test = pd.read_csv(DATA / f"{name}_test.csv")
    cols = [c for c in train.columns if c != "target"]
    return train[cols], train["target"], test[cols], test["target"], cols


def save(model, name, producer_note=None):
    if producer_note:
        model.doc_string = producer_note
    path = HERE / name
    path.write_bytes(model.SerializeToString())
    return path


def zipmap_probs(outputs, classes):
    """ZipMap output (list of dicts) -> [N, K] in class order."""
    return np.array([[row[c] for c in classes] for row in outputs], dtype=np.float64)


def census(model):
    """What `modeldesk inspect` must count: op histogram and parameters (initializers)."""
    ops = {}
    def walk(graph):
        for node in graph.node:
            key = node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}.{node.op_type}"
            ops[key] = ops.get(key, 0) + 1
            for attr in node.attribute:
                if attr.type == onnx.AttributeProto.GRAPH:
                    walk(attr.g)
    walk(model.graph)
    params = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
    return {
        "ops": dict(sorted(ops.items())),
        "nodes": sum(ops.values()),
        "parameters": params,
        "opsets": {(o.domain or "ai.onnx"): o.version for o in model.opset_import},
        "producer": model.producer_name,
    }


def classification(probs, y, classes):
    y = np.asarray(y)
    labels = np.asarray(classes)[probs.argmax(axis=1)]
    out = {
        "accuracy": metrics.accuracy_score(y, labels),
        "log_loss": metrics.log_loss(y, probs, labels=classes),
        "macro_f1": metrics.f1_score(y, labels, average="macro"),
    }
    if len(classes) == 2:
        out["auc"] = metrics.roc_auc_score(y, probs[:, 1])
    return out


def main():
    expected = {}

    # Random forest, breast cancer, one [N, 30] float input.
    xtr, ytr, xte, yte, cols = load("breast_cancer")
    rf = RandomForestClassifier(n_estimators=12, max_depth=5, random_state=0).fit(xtr.values, ytr)
    onx = convert_sklearn(rf, initial_types=[("X", FloatTensorType([None, len(cols)]))],
                          target_opset={"": OPSET, "ai.onnx.ml": 3})
    path = save(onx, "rf_zipmap.onnx")
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    label, probs = sess.run(None, {"X": xte.values.astype(np.float32)})
    classes = [int(c) for c in rf.classes_]
    p = zipmap_probs(probs, classes)
    expected["rf_zipmap"] = {
        "dataset": "breast_cancer", "task": "binary", "classes": [str(c) for c in classes],
        "label": [int(v) for v in label], "probabilities": p.tolist(),
        "sklearn_probabilities": rf.predict_proba(xte.values).tolist(),
        "metrics": classification(p, yte, classes), "inspect": census(onx),
    }

    # Logistic regression, wine, one input per column (mapped by name).
    xtr, ytr, xte, yte, cols = load("wine")
    names = [c.replace("/", "_") for c in cols]  # ONNX names here avoid '/', so one needs a hand mapping
    frame = xtr.set_axis(names, axis=1)
    lr = Pipeline([
        ("columns", ColumnTransformer([("scale", StandardScaler(), names)])),
        ("model", LogisticRegression(max_iter=5000)),
    ]).fit(frame, ytr)
    onx = convert_sklearn(lr, initial_types=[(n, FloatTensorType([None, 1])) for n in names],
                          target_opset={"": OPSET, "ai.onnx.ml": 3})
    path = save(onx, "logreg_zipmap.onnx")
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = {n: xte[c].values.astype(np.float32).reshape(-1, 1) for n, c in zip(names, cols)}
    label, probs = sess.run(None, feeds)
    classes = [int(c) for c in lr.classes_]
    p = zipmap_probs(probs, classes)
    expected["logreg_zipmap"] = {
        "dataset": "wine", "task": "multiclass", "classes": [str(c) for c in classes],
        "input_names": names, "label": [int(v) for v in label], "probabilities": p.tolist(),
        "sklearn_probabilities": lr.predict_proba(xte.set_axis(names, axis=1)).tolist(),
        "metrics": classification(p, yte, classes), "inspect": census(onx),
    }

    # LightGBM through onnxmltools, breast cancer.
    xtr, ytr, xte, yte, cols = load("breast_cancer")
    gbm = lightgbm.LGBMClassifier(n_estimators=30, num_leaves=15, verbose=-1, random_state=0)
    gbm.fit(xtr.values, ytr)
    onx = convert_lightgbm(gbm, initial_types=[("input", MlFloat([None, len(cols)]))],
                           target_opset=15, zipmap=True)
    path = save(onx, "lgbm.onnx")
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    label, probs = sess.run(None, {"input": xte.values.astype(np.float32)})
    classes = [int(c) for c in gbm.classes_]
    p = zipmap_probs(probs, classes)
    expected["lgbm"] = {
        "dataset": "breast_cancer", "task": "binary", "classes": [str(c) for c in classes],
        "label": [int(v) for v in label], "probabilities": p.tolist(),
        "sklearn_probabilities": gbm.predict_proba(xte.values).tolist(),
        "metrics": classification(p, yte, classes), "inspect": census(onx),
    }

    # An MLP regressor written with the onnx helper API (what a PyTorch export looks like).
    xtr, ytr, xte, yte, cols = load("diabetes")
    mlp = MLPRegressor(hidden_layer_sizes=(16,), max_iter=3000, random_state=0,
                       learning_rate_init=0.01).fit(xtr.values, ytr)
    w1, w2 = (w.astype(np.float32) for w in mlp.coefs_)
    b1, b2 = (b.astype(np.float32) for b in mlp.intercepts_)
    graph = helper.make_graph(
        [
            helper.make_node("Gemm", ["features", "w1", "b1"], ["h"], name="fc1"),
            helper.make_node("Relu", ["h"], ["a"], name="relu1"),
            helper.make_node("Gemm", ["a", "w2", "b2"], ["y"], name="fc2"),
            helper.make_node("Flatten", ["y"], ["prediction"], name="flatten", axis=0),
        ],
        "mlp",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", len(cols)])],
        [helper.make_tensor_value_info("prediction", TensorProto.FLOAT, [None, None])],
        [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"),
         numpy_helper.from_array(w2, "w2"), numpy_helper.from_array(b2, "b2")],
    )
    onx = helper.make_model(graph, producer_name="torch-like", producer_version="0.1",
                            opset_imports=[helper.make_opsetid("", OPSET)])
    onx.ir_version = 8
    # Feature order in reverse on purpose: the mapping must follow metadata, not the CSV.
    order = list(reversed(cols))
    perm = [cols.index(c) for c in order]
    w1_rev = w1[perm, :]
    onx.graph.initializer[0].CopyFrom(numpy_helper.from_array(w1_rev, "w1"))
    helper.set_model_props(onx, {"feature_names": ",".join(order), "target": "target"})
    onnx.checker.check_model(onx)
    path = save(onx, "mlp.onnx")
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (pred,) = sess.run(None, {"features": xte[order].values.astype(np.float32)})
    pred = pred.reshape(-1).astype(np.float64)
    expected["mlp"] = {
        "dataset": "diabetes", "task": "regression", "feature_names": order,
        "prediction": pred.tolist(), "sklearn_prediction": mlp.predict(xte.values).tolist(),
        "metrics": {
            "rmse": float(np.sqrt(metrics.mean_squared_error(yte, pred))),
            "mae": metrics.mean_absolute_error(yte, pred),
            "r2": metrics.r2_score(yte, pred),
        },
        "inspect": census(onx),
    }

    # Broken files.
    good = (HERE / "mlp.onnx").read_bytes()
    (HERE / "truncated.onnx").write_bytes(good[: len(good) // 2])
    bad = onnx.load(HERE / "mlp.onnx")
    bad.graph.node[1].op_type = "NoSuchOp"
    save(bad, "unknown_op.onnx")
    future = onnx.load(HERE / "mlp.onnx")
    future.opset_import[0].version = 99
    save(future, "future_opset.onnx")
    ext = onnx.load(HERE / "mlp.onnx")
    w = ext.graph.initializer[0]
    w.ClearField("raw_data")
    w.ClearField("float_data")
    w.data_location = TensorProto.EXTERNAL
    for k, v in {"location": "mlp_weights.bin", "offset": "0", "length": str(4 * len(cols) * 16)}.items():
        entry = w.external_data.add()
        entry.key, entry.value = k, v
    save(ext, "missing_external.onnx")

    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print("wrote", sorted(p.name for p in HERE.glob("*.onnx")))


if __name__ == "__main__":
    main()
