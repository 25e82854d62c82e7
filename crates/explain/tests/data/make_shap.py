"""Oracle values for crates/explain tests, from the Python `shap` package.

    cargo test -p modeldesk-explain --test it -- --ignored write_fixtures   # models + rows
    python3 crates/explain/tests/data/make_shap.py                          # shap's values

Reads <name>_model.json (a ModelDesk TrainedModel, numeric features only) and <name>_rows.json
(rows to explain, null = missing), converts the trees to shap's custom-tree format (cover =
training row count, missing values follow the learned default child) and writes
<name>_shap.json: TreeExplainer's expected value, SHAP values and interaction values.
"""
import json
import pathlib

import numpy as np
import shap

HERE = pathlib.Path(__file__).resolve().parent


def convert(tree, outputs, k):
    nodes = tree["nodes"]
    n = len(nodes)
    left = np.full(n, -1, dtype=np.int64)
    right = np.full(n, -1, dtype=np.int64)
    default = np.full(n, -1, dtype=np.int64)
    features = np.full(n, -2, dtype=np.int64)
    thresholds = np.zeros(n, dtype=np.float64)
    values = np.zeros((n, outputs), dtype=np.float64)
    weights = np.zeros(n, dtype=np.float64)
    for i, node in enumerate(nodes):
        weights[i] = node["count"]
        if node["node"] == "leaf":
            values[i, k] = node["value"]
            continue
        split = node["split"]
        assert split["type"] == "threshold", "the oracle handles numeric splits only"
        left[i], right[i] = node["left"], node["right"]
        default[i] = node["left"] if node["default_left"] else node["right"]
        features[i] = node["feature"]
        thresholds[i] = split["threshold"]
    return {
        "children_left": left, "children_right": right, "children_default": default,
        "features": features, "thresholds": thresholds, "values": values,
        "node_sample_weight": weights,
    }


def main():
    for path in sorted(HERE.glob("*_model.json")):
        name = path.name[: -len("_model.json")]
        model = json.loads(path.read_text())
        body = model["body"]
        outputs = body["outputs"]
        trees = [convert(t, outputs, i % outputs) for i, t in enumerate(body["trees"])]
        explainer = shap.TreeExplainer({
            "trees": trees,
            "base_offset": np.array(body["init"], dtype=np.float64) if outputs > 1 else body["init"][0],
            "tree_output": "raw_value",
            "input_dtype": np.float32,
            "internal_dtype": np.float64,
        })
        rows = json.loads((HERE / f"{name}_rows.json").read_text())
        x = np.array([[np.nan if v is None else v for v in r] for r in rows], dtype=np.float32)
        values = np.asarray(explainer.shap_values(x, check_additivity=False))
        inter = np.asarray(explainer.shap_interaction_values(x))
        # shap gives (rows, features[, outputs]) / (rows, F, F[, outputs]); store rows × outputs × …
        if values.ndim == 3:
            values = np.moveaxis(values, 2, 1)
            inter = np.moveaxis(inter, 3, 1)
        else:
            values = values[:, None, :]
            inter = inter[:, None, :, :]
        out = {
            "shap": shap.__version__,
            "expected": np.atleast_1d(explainer.expected_value).tolist(),
            "values": values.ravel().tolist(),
            "interactions": inter.ravel().tolist(),
        }
        (HERE / f"{name}_shap.json").write_text(json.dumps(out) + "\n")
        print(name, values.shape, inter.shape)


if __name__ == "__main__":
    main()
