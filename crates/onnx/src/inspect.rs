//! What an ONNX file is, read from its protobuf without running it: producer, opsets, metadata,
//! typed inputs/outputs with symbolic dimensions, an operator histogram, parameter counts and a
//! Netron-like node list. External weights can be folded into the model (one self-contained file).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::OnnxError;
use crate::proto::{
    AttributeProto, GraphProto, NodeProto, TensorProto, TypeProto, ValueInfoProto, attribute_proto,
    tensor_proto, tensor_shape_proto, type_proto,
};

/// Nodes listed in [`Inspection::node_list`]; larger graphs are summarised by the histogram.
pub const NODE_LIST_LIMIT: usize = 2_000;

/// Everything `modeldesk inspect` shows about a model.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// ONNX IR version.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub ir_version: i64,
    /// Producer and its version, e.g. `skl2onnx 1.20.0`.
    pub producer: String,
    /// The model's domain (reverse-DNS, often empty).
    pub domain: String,
    /// The model's own version number.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub model_version: i64,
    /// The model's documentation string.
    pub doc: String,
    /// The main graph's name.
    pub graph_name: String,
    /// Operator sets imported (`ai.onnx` for the default domain).
    pub opsets: Vec<Opset>,
    /// `metadata_props`, in file order.
    pub metadata: Vec<MetadataEntry>,
    /// Graph inputs that are not initializers (what a caller feeds).
    pub inputs: Vec<IoInfo>,
    /// Graph outputs.
    pub outputs: Vec<IoInfo>,
    /// Operator counts (including sub-graphs), most frequent first; `domain.Op` outside `ai.onnx`.
    pub ops: Vec<OpCount>,
    /// Total nodes (including sub-graphs).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub nodes: usize,
    /// The main graph's nodes, in order (first [`NODE_LIST_LIMIT`]).
    pub node_list: Vec<NodeInfo>,
    /// Number of initializer tensors.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub initializers: usize,
    /// Elements in all initializers (the parameter count Netron shows).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub parameters: u64,
    /// Bytes those elements take.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub parameter_bytes: u64,
    /// Size of the ONNX file.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub file_bytes: u64,
    /// Files the model's external-data tensors name (empty for a self-contained file).
    pub external_files: Vec<String>,
    /// Class labels a classifier declares (`ZipMap` or `*Classifier` attributes), as text.
    pub class_labels: Vec<String>,
    /// Feature order from `metadata_props["feature_names"]` (comma-separated or a JSON list).
    pub feature_names: Vec<String>,
}

/// An imported operator set.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opset {
    /// Domain; `ai.onnx` for the default one.
    pub domain: String,
    /// Version.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub version: i64,
}

/// One `metadata_props` entry.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataEntry {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
}

/// A graph input or output.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IoInfo {
    /// Name.
    pub name: String,
    /// ONNX type, e.g. `tensor(float)` or `seq(map(int64,tensor(float)))`.
    pub ty: String,
    /// Dimensions: a number, a symbol (`batch`), or `?` when unknown. Empty for non-tensors.
    pub shape: Vec<String>,
}

/// How often an operator occurs.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpCount {
    /// `Gemm`, or `ai.onnx.ml.TreeEnsembleClassifier` outside the default domain.
    pub op: String,
    /// Occurrences.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub count: usize,
}

/// One node of the main graph.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeInfo {
    /// Node name (may be empty).
    pub name: String,
    /// Operator (qualified as in [`OpCount::op`]).
    pub op: String,
    /// Input value names.
    pub inputs: Vec<String>,
    /// Output value names.
    pub outputs: Vec<String>,
}

/// Reads what an ONNX file is. `bytes` must be a whole `ModelProto`.
pub fn inspect(bytes: &[u8]) -> Result<Inspection, OnnxError> {
    let model = crate::decode_model(bytes)?;
    let graph = model.graph.clone().unwrap_or_default();
    let metadata: Vec<MetadataEntry> = model
        .metadata_props
        .iter()
        .map(|e| MetadataEntry {
            key: e.key.clone().unwrap_or_default(),
            value: e.value.clone().unwrap_or_default(),
        })
        .collect();
    let mut histogram = BTreeMap::new();
    count_ops(&graph, &mut histogram);
    let mut ops: Vec<OpCount> = histogram
        .into_iter()
        .map(|(op, count)| OpCount { op, count })
        .collect();
    ops.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.op.cmp(&b.op)));
    let initializer_names: std::collections::HashSet<&str> = graph
        .initializer
        .iter()
        .filter_map(|t| t.name.as_deref())
        .collect();
    let (parameters, parameter_bytes) = graph.initializer.iter().fold((0u64, 0u64), |acc, t| {
        let (n, b) = tensor_size(t);
        (acc.0 + n, acc.1 + b)
    });
    let producer = [
        model.producer_name.as_deref(),
        model.producer_version.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    Ok(Inspection {
        ir_version: model.ir_version.unwrap_or_default(),
        producer,
        domain: model.domain.clone().unwrap_or_default(),
        model_version: model.model_version.unwrap_or_default(),
        doc: model.doc_string.clone().unwrap_or_default(),
        graph_name: graph.name.clone().unwrap_or_default(),
        opsets: model
            .opset_import
            .iter()
            .map(|o| Opset {
                domain: qualified_domain(o.domain.as_deref()).to_owned(),
                version: o.version.unwrap_or_default(),
            })
            .collect(),
        feature_names: feature_names(&metadata),
        metadata,
        inputs: graph
            .input
            .iter()
            .filter(|v| !initializer_names.contains(v.name.as_deref().unwrap_or_default()))
            .map(io_info)
            .collect(),
        outputs: graph.output.iter().map(io_info).collect(),
        nodes: ops.iter().map(|o| o.count).sum(),
        ops,
        node_list: graph
            .node
            .iter()
            .take(NODE_LIST_LIMIT)
            .map(|n| NodeInfo {
                name: n.name.clone().unwrap_or_default(),
                op: op_name(n),
                inputs: n.input.clone(),
                outputs: n.output.clone(),
            })
            .collect(),
        initializers: graph.initializer.len(),
        parameters,
        parameter_bytes,
        file_bytes: bytes.len() as u64,
        external_files: external_files(&graph),
        class_labels: class_labels(&graph),
    })
}

/// Folds external-data tensors into the model, reading each named file beside `dir`, so the
/// result is one self-contained ONNX file. A model without external data comes back unchanged.
pub fn embed_external_data(bytes: &[u8], dir: &Path) -> Result<Vec<u8>, OnnxError> {
    let mut model = crate::decode_model(bytes)?;
    let Some(graph) = model.graph.as_mut() else {
        return Ok(bytes.to_vec());
    };
    let mut changed = false;
    for tensor in &mut graph.initializer {
        if tensor.data_location != Some(tensor_proto::DataLocation::External as i32) {
            continue;
        }
        let entry = |key: &str| {
            tensor
                .external_data
                .iter()
                .find(|e| e.key.as_deref() == Some(key))
                .and_then(|e| e.value.clone())
        };
        let name = tensor.name.clone().unwrap_or_default();
        let location = entry("location").ok_or_else(|| OnnxError::ExternalData {
            tensor: name.clone(),
            file: String::new(),
            reason: "its external_data has no location".into(),
        })?;
        let number = |key: &str| -> Result<Option<u64>, OnnxError> {
            entry(key)
                .map(|v| {
                    v.parse::<u64>().map_err(|_| OnnxError::ExternalData {
                        tensor: name.clone(),
                        file: location.clone(),
                        reason: format!("{key} {v:?} is not a number"),
                    })
                })
                .transpose()
        };
        let offset = number("offset")?.unwrap_or(0);
        let length = number("length")?;
        let path = dir.join(&location);
        let data = std::fs::read(&path).map_err(|e| OnnxError::ExternalData {
            tensor: name.clone(),
            file: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let end = match length {
            Some(len) => start.saturating_add(usize::try_from(len).unwrap_or(usize::MAX)),
            None => data.len(),
        };
        let Some(slice) = data.get(start..end) else {
            return Err(OnnxError::ExternalData {
                tensor: name,
                file: path.display().to_string(),
                reason: format!(
                    "bytes {start}..{end} are past the end of the file ({} bytes)",
                    data.len()
                ),
            });
        };
        tensor.raw_data = Some(slice.to_vec());
        tensor.external_data.clear();
        tensor.data_location = Some(tensor_proto::DataLocation::Default as i32);
        changed = true;
    }
    Ok(if changed {
        crate::encode_model(&model)
    } else {
        bytes.to_vec()
    })
}

fn qualified_domain(domain: Option<&str>) -> &str {
    match domain {
        None | Some("") => "ai.onnx",
        Some(d) => d,
    }
}

fn op_name(node: &NodeProto) -> String {
    let op = node.op_type.as_deref().unwrap_or_default();
    match qualified_domain(node.domain.as_deref()) {
        "ai.onnx" => op.to_owned(),
        domain => format!("{domain}.{op}"),
    }
}

fn count_ops(graph: &GraphProto, histogram: &mut BTreeMap<String, usize>) {
    for node in &graph.node {
        *histogram.entry(op_name(node)).or_default() += 1;
        for attr in &node.attribute {
            for sub in attr.g.iter().chain(&attr.graphs) {
                count_ops(sub, histogram);
            }
        }
    }
}

/// (elements, bytes) of an initializer.
fn tensor_size(t: &TensorProto) -> (u64, u64) {
    let elements: u64 = t
        .dims
        .iter()
        .map(|&d| u64::try_from(d).unwrap_or(0))
        .product();
    let width = match tensor_proto::DataType::try_from(t.data_type.unwrap_or_default()) {
        Ok(
            tensor_proto::DataType::Double
            | tensor_proto::DataType::Int64
            | tensor_proto::DataType::Uint64
            | tensor_proto::DataType::Complex64,
        ) => 8,
        Ok(
            tensor_proto::DataType::Float
            | tensor_proto::DataType::Int32
            | tensor_proto::DataType::Uint32,
        ) => 4,
        Ok(
            tensor_proto::DataType::Float16
            | tensor_proto::DataType::Bfloat16
            | tensor_proto::DataType::Int16
            | tensor_proto::DataType::Uint16,
        ) => 2,
        Ok(tensor_proto::DataType::Complex128) => 16,
        _ => 1,
    };
    let bytes = match &t.raw_data {
        Some(raw) if !raw.is_empty() => raw.len() as u64,
        _ => elements * width,
    };
    (elements, bytes)
}

fn io_info(v: &ValueInfoProto) -> IoInfo {
    let (ty, shape) = v
        .r#type
        .as_ref()
        .map_or_else(|| ("unknown".to_owned(), Vec::new()), type_and_shape);
    IoInfo {
        name: v.name.clone().unwrap_or_default(),
        ty,
        shape,
    }
}

fn elem_name(code: i32) -> String {
    tensor_proto::DataType::try_from(code).map_or_else(
        |_| format!("type{code}"),
        |t| t.as_str_name().to_lowercase(),
    )
}

/// ONNX's spelling of a type (`tensor(float)`, `seq(map(int64,tensor(float)))`) and its dims.
fn type_and_shape(t: &TypeProto) -> (String, Vec<String>) {
    match &t.value {
        Some(type_proto::Value::TensorType(tensor)) => (
            format!(
                "tensor({})",
                elem_name(tensor.elem_type.unwrap_or_default())
            ),
            tensor.shape.as_ref().map_or_else(Vec::new, |s| {
                s.dim
                    .iter()
                    .map(|d| match &d.value {
                        Some(tensor_shape_proto::dimension::Value::DimValue(v)) => v.to_string(),
                        Some(tensor_shape_proto::dimension::Value::DimParam(p))
                            if !p.is_empty() =>
                        {
                            p.clone()
                        }
                        _ => "?".to_owned(),
                    })
                    .collect()
            }),
        ),
        Some(type_proto::Value::SequenceType(seq)) => (
            format!(
                "seq({})",
                seq.elem_type
                    .as_deref()
                    .map_or_else(|| "?".to_owned(), |e| type_and_shape(e).0)
            ),
            Vec::new(),
        ),
        Some(type_proto::Value::MapType(map)) => (
            format!(
                "map({},{})",
                elem_name(map.key_type.unwrap_or_default()),
                map.value_type
                    .as_deref()
                    .map_or_else(|| "?".to_owned(), |e| type_and_shape(e).0)
            ),
            Vec::new(),
        ),
        Some(type_proto::Value::OptionalType(opt)) => (
            format!(
                "optional({})",
                opt.elem_type
                    .as_deref()
                    .map_or_else(|| "?".to_owned(), |e| type_and_shape(e).0)
            ),
            Vec::new(),
        ),
        Some(type_proto::Value::SparseTensorType(s)) => (
            format!(
                "sparse_tensor({})",
                elem_name(s.elem_type.unwrap_or_default())
            ),
            Vec::new(),
        ),
        Some(type_proto::Value::OpaqueType(_)) => ("opaque".to_owned(), Vec::new()),
        None => ("unknown".to_owned(), Vec::new()),
    }
}

fn external_files(graph: &GraphProto) -> Vec<String> {
    let mut files: Vec<String> = graph
        .initializer
        .iter()
        .filter(|t| t.data_location == Some(tensor_proto::DataLocation::External as i32))
        .filter_map(|t| {
            t.external_data
                .iter()
                .find(|e| e.key.as_deref() == Some("location"))
                .and_then(|e| e.value.clone())
        })
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Class labels from a `ZipMap` node, else from a `*Classifier` node of `ai.onnx.ml`.
fn class_labels(graph: &GraphProto) -> Vec<String> {
    let labels = |node: &NodeProto, strings: &str, ints: &str| -> Option<Vec<String>> {
        let find = |name: &str| -> Option<&AttributeProto> {
            node.attribute
                .iter()
                .find(|a| a.name.as_deref() == Some(name))
        };
        if let Some(a) = find(strings).filter(|a| !a.strings.is_empty()) {
            return Some(
                a.strings
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect(),
            );
        }
        find(ints)
            .filter(|a| {
                !a.ints.is_empty() || a.r#type == Some(attribute_proto::AttributeType::Ints as i32)
            })
            .map(|a| a.ints.iter().map(i64::to_string).collect())
    };
    let ml = |n: &&NodeProto| qualified_domain(n.domain.as_deref()) == crate::ML_DOMAIN;
    graph
        .node
        .iter()
        .filter(ml)
        .find(|n| n.op_type.as_deref() == Some("ZipMap"))
        .and_then(|n| labels(n, "classlabels_strings", "classlabels_int64s"))
        .or_else(|| {
            graph
                .node
                .iter()
                .filter(ml)
                .filter(|n| {
                    n.op_type
                        .as_deref()
                        .is_some_and(|op| op.ends_with("Classifier"))
                })
                .find_map(|n| labels(n, "classlabels_strings", "classlabels_ints"))
                .or_else(|| {
                    graph
                        .node
                        .iter()
                        .filter(ml)
                        .find_map(|n| labels(n, "classlabels_strings", "classlabels_int64s"))
                })
        })
        .filter(|l| !l.is_empty())
        .unwrap_or_default()
}

/// `metadata_props["feature_names"]` as a list: a JSON array of strings, or comma-separated.
fn feature_names(metadata: &[MetadataEntry]) -> Vec<String> {
    let Some(entry) = metadata.iter().find(|e| e.key == "feature_names") else {
        return Vec::new();
    };
    let text = entry.value.trim();
    if text.starts_with('[')
        && let Ok(list) = serde_json::from_str::<Vec<String>>(text)
    {
        return list;
    }
    text.split(',').map(|s| s.trim().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_read_json_or_commas() {
        let entry = |v: &str| {
            vec![MetadataEntry {
                key: "feature_names".into(),
                value: v.into(),
            }]
        };
        assert_eq!(feature_names(&entry("a, b,c")), ["a", "b", "c"]);
        assert_eq!(
            feature_names(&entry(r#"["x, 1", "y\"z"]"#)),
            ["x, 1", "y\"z"]
        );
        assert!(feature_names(&[]).is_empty());
    }
}
