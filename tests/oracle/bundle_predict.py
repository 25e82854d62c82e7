"""Runs a ModelDesk bundle's model.onnx in plain Python onnxruntime on a CSV file.

    python bundle_predict.py BUNDLE.mdbundle ROWS.csv OUT.json

Each graph input is fed the CSV column of the same name (numbers as the input's dtype, empty
cells as NaN); OUT.json holds every graph output by name, as nested lists. The end-to-end tests
compare these with `modeldesk predict`: a colleague without ModelDesk gets the same numbers.
"""

import csv
import json
import sys
import zipfile

import numpy as np
import onnxruntime as ort

DTYPES = {
    "tensor(double)": np.float64,
    "tensor(float)": np.float32,
    "tensor(int64)": np.int64,
    "tensor(string)": object,
}


def column(values, onnx_type):
    dtype = DTYPES[onnx_type]
    if dtype is object:
        return np.array(values, dtype=object).reshape(-1, 1)
    return np.array([float(v) if v != "" else np.nan for v in values], dtype=dtype).reshape(-1, 1)


def main(bundle, rows_csv, out_json):
    with zipfile.ZipFile(bundle) as z:
        model = z.read("model.onnx")
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    with open(rows_csv, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    feeds = {i.name: column([r[i.name] for r in rows], i.type) for i in session.get_inputs()}
    outputs = session.run(None, feeds)
    result = {
        o.name: (v.tolist() if isinstance(v, np.ndarray) else v)
        for o, v in zip(session.get_outputs(), outputs)
    }
    result["onnxruntime"] = ort.__version__
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:4])
