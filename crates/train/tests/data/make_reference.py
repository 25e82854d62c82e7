"""Oracle data for crates/train tests (run by hand; outputs are committed).

    python3 crates/train/tests/data/make_reference.py

Needs scikit-learn, lightgbm (see requirements.txt). Writes, next to this script:
- <name>_train.csv / <name>_test.csv for scikit-learn's bundled breast_cancer, wine, diabetes
  and digits datasets (stratified 75/25 split, random_state=0);
- reference.json: LightGBM 4.x default-parameter test metrics on those splits, and
  scikit-learn LogisticRegression/Ridge test predictions on standardised inputs;
- metrics.json: fixed inputs and scikit-learn's metric values for them.
"""
import json
import pathlib

import lightgbm
import numpy as np
import sklearn
from sklearn import datasets, linear_model, metrics
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

HERE = pathlib.Path(__file__).resolve().parent
DATASETS = {
    "breast_cancer": (datasets.load_breast_cancer, "binary"),
    "wine": (datasets.load_wine, "multiclass"),
    "diabetes": (datasets.load_diabetes, "regression"),
    "digits": (datasets.load_digits, "multiclass"),
}


def headline(task, y, model_out):
    if task == "binary":
        return {"auc": metrics.roc_auc_score(y, model_out[:, 1])}
    if task == "multiclass":
        return {"accuracy": metrics.accuracy_score(y, model_out.argmax(axis=1))}
    return {"rmse": float(np.sqrt(metrics.mean_squared_error(y, model_out)))}


def main():
    reference = {"sklearn": sklearn.__version__, "lightgbm": lightgbm.__version__, "datasets": {}}
    for name, (load, task) in DATASETS.items():
        bunch = load(as_frame=True)
        frame = bunch.frame.copy()
        frame.columns = [str(c) for c in frame.columns]
        target = "target"
        y = frame[target]
        stratify = y if task != "regression" else None
        train, test = train_test_split(frame, test_size=0.25, random_state=0, stratify=stratify)
        # Float formatting with repr keeps every value exact through the CSV round trip.
        train.to_csv(HERE / f"{name}_train.csv", index=False, float_format="%.17g")
        test.to_csv(HERE / f"{name}_test.csv", index=False, float_format="%.17g")
        x_tr, y_tr = train.drop(columns=[target]), train[target]
        x_te, y_te = test.drop(columns=[target]), test[target]
        if task == "regression":
            lgb = lightgbm.LGBMRegressor(verbose=-1).fit(x_tr, y_tr)
            lgb_out = lgb.predict(x_te)
            lin = linear_model.Ridge(alpha=1.0)
        else:
            lgb = lightgbm.LGBMClassifier(verbose=-1).fit(x_tr, y_tr)
            lgb_out = lgb.predict_proba(x_te)
            lin = linear_model.LogisticRegression(C=1.0, max_iter=10000, tol=1e-10)
        scaler = StandardScaler().fit(x_tr)
        lin.fit(scaler.transform(x_tr), y_tr)
        xs = scaler.transform(x_te)
        lin_out = lin.predict(xs) if task == "regression" else lin.predict_proba(xs)
        reference["datasets"][name] = {
            "task": task,
            "rows_train": len(train),
            "rows_test": len(test),
            "lightgbm": headline(task, y_te.to_numpy(), lgb_out),
            "linear": headline(task, y_te.to_numpy(), lin_out),
            "linear_predictions": np.asarray(lin_out).ravel().tolist(),
        }
    (HERE / "reference.json").write_text(json.dumps(reference, indent=1) + "\n")

    rng = np.random.default_rng(7)
    n = 500
    yb = rng.integers(0, 2, n)
    pb = np.clip(0.3 * yb + rng.random(n) * 0.7, 0, 1).round(3)  # ties on purpose
    k = 4
    ym = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[ym]
    pm = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    yr = rng.normal(10, 3, n)
    pr = yr + rng.normal(0, 1, n)
    pred_b = (pb >= 0.5).astype(int)
    out = {
        "binary": {
            "y": yb.tolist(), "p": pb.tolist(),
            "auc": metrics.roc_auc_score(yb, pb),
            "log_loss": metrics.log_loss(yb, pb),
            "accuracy": metrics.accuracy_score(yb, pred_b),
            "precision": metrics.precision_score(yb, pred_b),
            "recall": metrics.recall_score(yb, pred_b),
            "f1": metrics.f1_score(yb, pred_b),
            "pr_auc": metrics.average_precision_score(yb, pb),
        },
        "multiclass": {
            "y": ym.tolist(), "p": pm.ravel().tolist(), "k": k,
            "accuracy": metrics.accuracy_score(ym, pm.argmax(1)),
            "macro_f1": metrics.f1_score(ym, pm.argmax(1), average="macro"),
            "weighted_f1": metrics.f1_score(ym, pm.argmax(1), average="weighted"),
            "log_loss": metrics.log_loss(ym, pm),
            "confusion": metrics.confusion_matrix(ym, pm.argmax(1)).tolist(),
        },
        "regression": {
            "y": yr.tolist(), "p": pr.tolist(),
            "rmse": float(np.sqrt(metrics.mean_squared_error(yr, pr))),
            "mae": metrics.mean_absolute_error(yr, pr),
            "r2": metrics.r2_score(yr, pr),
        },
    }
    (HERE / "metrics.json").write_text(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
