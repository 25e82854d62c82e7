//! Building ONNX graphs node by node: typed inputs/outputs, attributes, initializers.

use prost::Message;

use crate::OnnxError;
use crate::proto::{
    AttributeProto, GraphProto, ModelProto, NodeProto, OperatorSetIdProto, StringStringEntryProto,
    TensorProto, TensorShapeProto, TypeProto, ValueInfoProto, attribute_proto, tensor_proto,
    tensor_shape_proto, type_proto,
};

/// The `ai.onnx.ml` operator domain (trees, encoders, scalers).
pub const ML_DOMAIN: &str = "ai.onnx.ml";

/// ONNX IR version written (ONNX 1.16+, ORT 1.18+ read it).
const IR_VERSION: i64 = 10;

/// Element types used by exported graphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemType {
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// 64-bit integer.
    Int64,
    /// UTF-8 string.
    String,
}

impl ElemType {
    /// The ONNX `TensorProto.DataType` code (what `Cast`'s `to` attribute takes).
    pub fn code(self) -> i32 {
        match self {
            Self::Float => tensor_proto::DataType::Float as i32,
            Self::Double => tensor_proto::DataType::Double as i32,
            Self::Int64 => tensor_proto::DataType::Int64 as i32,
            Self::String => tensor_proto::DataType::String as i32,
        }
    }
}

/// One node attribute value.
#[derive(Debug, Clone)]
pub enum Attr {
    /// An integer.
    Int(i64),
    /// Integers.
    Ints(Vec<i64>),
    /// A float.
    Float(f32),
    /// Floats.
    Floats(Vec<f32>),
    /// A string.
    Str(String),
    /// Strings.
    Strs(Vec<String>),
    /// A tensor (float32 values with a shape).
    TensorF32(Vec<i64>, Vec<f32>),
    /// A tensor (uint8 values, 1-D).
    TensorU8(Vec<u8>),
}

impl Attr {
    fn into_proto(self, name: &str) -> AttributeProto {
        use attribute_proto::AttributeType as T;
        let mut a = AttributeProto {
            name: Some(name.to_owned()),
            ..AttributeProto::default()
        };
        let ty = match self {
            Self::Int(v) => {
                a.i = Some(v);
                T::Int
            }
            Self::Ints(v) => {
                a.ints = v;
                T::Ints
            }
            Self::Float(v) => {
                a.f = Some(v);
                T::Float
            }
            Self::Floats(v) => {
                a.floats = v;
                T::Floats
            }
            Self::Str(v) => {
                a.s = Some(v.into_bytes());
                T::String
            }
            Self::Strs(v) => {
                a.strings = v.into_iter().map(String::into_bytes).collect();
                T::Strings
            }
            Self::TensorF32(dims, data) => {
                a.t = Some(tensor_f32("", dims, data));
                T::Tensor
            }
            Self::TensorU8(data) => {
                a.t = Some(TensorProto {
                    dims: vec![i64::try_from(data.len()).unwrap_or(i64::MAX)],
                    data_type: Some(tensor_proto::DataType::Uint8 as i32),
                    raw_data: Some(data),
                    ..TensorProto::default()
                });
                T::Tensor
            }
        };
        a.r#type = Some(ty as i32);
        a
    }
}

/// A float32 tensor with `dims` (row-major `data`).
fn tensor_f32(name: &str, dims: Vec<i64>, data: Vec<f32>) -> TensorProto {
    TensorProto {
        name: Some(name.to_owned()),
        dims,
        data_type: Some(tensor_proto::DataType::Float as i32),
        float_data: data,
        ..TensorProto::default()
    }
}

fn value_info(name: &str, elem: ElemType, dims: &[Option<i64>]) -> ValueInfoProto {
    let dim = dims
        .iter()
        .map(|d| tensor_shape_proto::Dimension {
            value: Some(match d {
                Some(v) => tensor_shape_proto::dimension::Value::DimValue(*v),
                None => tensor_shape_proto::dimension::Value::DimParam("N".to_owned()),
            }),
            ..Default::default()
        })
        .collect();
    ValueInfoProto {
        name: Some(name.to_owned()),
        r#type: Some(TypeProto {
            value: Some(type_proto::Value::TensorType(type_proto::Tensor {
                elem_type: Some(elem.code()),
                shape: Some(TensorShapeProto { dim }),
            })),
            ..TypeProto::default()
        }),
        ..ValueInfoProto::default()
    }
}

/// Accumulates a graph: inputs, outputs, nodes and constant initializers.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    graph: GraphProto,
    counter: usize,
}

impl GraphBuilder {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh, unique intermediate name starting with `prefix`.
    pub fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        // A dot and a number: unlikely in a column name, so inputs (named after columns) and
        // intermediate tensors do not collide.
        format!("{prefix}.{}", self.counter)
    }

    /// Declares a graph input; `None` dims are the batch dimension `N`.
    pub fn input(&mut self, name: &str, elem: ElemType, dims: &[Option<i64>]) {
        self.graph.input.push(value_info(name, elem, dims));
    }

    /// The names of the inputs declared so far.
    pub fn input_names(&self) -> Vec<&str> {
        self.graph
            .input
            .iter()
            .filter_map(|i| i.name.as_deref())
            .collect()
    }

    /// Declares a graph output.
    pub fn output(&mut self, name: &str, elem: ElemType, dims: &[Option<i64>]) {
        self.graph.output.push(value_info(name, elem, dims));
    }

    /// Adds a float32 constant; returns its name.
    pub fn constant_f32(&mut self, prefix: &str, dims: Vec<i64>, data: Vec<f32>) -> String {
        let name = self.fresh(prefix);
        self.graph.initializer.push(tensor_f32(&name, dims, data));
        name
    }

    /// Adds a float64 constant; returns its name.
    pub fn constant_f64(&mut self, prefix: &str, dims: Vec<i64>, data: Vec<f64>) -> String {
        let name = self.fresh(prefix);
        self.graph.initializer.push(TensorProto {
            name: Some(name.clone()),
            dims,
            data_type: Some(tensor_proto::DataType::Double as i32),
            double_data: data,
            ..TensorProto::default()
        });
        name
    }

    /// Adds a string constant; returns its name.
    pub fn constant_str(&mut self, prefix: &str, dims: Vec<i64>, data: Vec<String>) -> String {
        let name = self.fresh(prefix);
        self.graph.initializer.push(TensorProto {
            name: Some(name.clone()),
            dims,
            data_type: Some(tensor_proto::DataType::String as i32),
            string_data: data.into_iter().map(String::into_bytes).collect(),
            ..TensorProto::default()
        });
        name
    }

    /// Adds an int64 constant; returns its name.
    pub fn constant_i64(&mut self, prefix: &str, dims: Vec<i64>, data: Vec<i64>) -> String {
        let name = self.fresh(prefix);
        self.graph.initializer.push(TensorProto {
            name: Some(name.clone()),
            dims,
            data_type: Some(tensor_proto::DataType::Int64 as i32),
            int64_data: data,
            ..TensorProto::default()
        });
        name
    }

    /// Adds a node of operator `op` (in `domain`, "" for the default one).
    pub fn node(
        &mut self,
        op: &str,
        domain: &str,
        inputs: &[&str],
        outputs: &[&str],
        attrs: Vec<(&str, Attr)>,
    ) {
        let name = self.fresh(op);
        self.graph.node.push(NodeProto {
            input: inputs.iter().map(|s| (*s).to_owned()).collect(),
            output: outputs.iter().map(|s| (*s).to_owned()).collect(),
            name: Some(name),
            op_type: Some(op.to_owned()),
            domain: Some(domain.to_owned()),
            attribute: attrs.into_iter().map(|(n, a)| a.into_proto(n)).collect(),
            ..NodeProto::default()
        });
    }

    /// Adds a node with one fresh output named after `op`; returns the output's name.
    pub fn op(
        &mut self,
        op: &str,
        domain: &str,
        inputs: &[&str],
        attrs: Vec<(&str, Attr)>,
    ) -> String {
        let out = self.fresh(&op.to_ascii_lowercase());
        self.node(op, domain, inputs, &[&out], attrs);
        out
    }

    /// The finished graph, named `name`.
    pub fn finish(mut self, name: &str) -> GraphProto {
        self.graph.name = Some(name.to_owned());
        self.graph
    }
}

/// Wraps a graph into a model importing the default opset `opset` and `ai.onnx.ml` `ml_opset`,
/// with `metadata` as `metadata_props`.
pub fn model(
    graph: GraphProto,
    opset: i64,
    ml_opset: i64,
    producer_version: &str,
    metadata: Vec<(String, String)>,
) -> ModelProto {
    ModelProto {
        ir_version: Some(IR_VERSION),
        opset_import: vec![
            OperatorSetIdProto {
                domain: Some(String::new()),
                version: Some(opset),
            },
            OperatorSetIdProto {
                domain: Some(ML_DOMAIN.to_owned()),
                version: Some(ml_opset),
            },
        ],
        producer_name: Some("ModelDesk".to_owned()),
        producer_version: Some(producer_version.to_owned()),
        graph: Some(graph),
        metadata_props: metadata
            .into_iter()
            .map(|(key, value)| StringStringEntryProto {
                key: Some(key),
                value: Some(value),
            })
            .collect(),
        ..ModelProto::default()
    }
}

/// Serialises a model to ONNX bytes.
pub fn encode_model(model: &ModelProto) -> Vec<u8> {
    model.encode_to_vec()
}

/// Parses ONNX bytes.
pub fn decode_model(bytes: &[u8]) -> Result<ModelProto, OnnxError> {
    Ok(ModelProto::decode(bytes)?)
}
