use ndarray::ArrayD;

use modeldesk_runtime::{RuntimeError, Tensor};

use crate::{fixture, runtime};

fn f32s(shape: &[usize]) -> Tensor {
    Tensor::F32(ArrayD::zeros(shape))
}

#[test]
fn garbage_and_truncated_models_are_refused_with_onnx_runtimes_reason() {
    let err = runtime()
        .model_from_bytes(b"definitely not protobuf", "junk.onnx")
        .unwrap_err();
    assert!(matches!(err, RuntimeError::InvalidModel { .. }), "{err}");
    assert!(err.to_string().contains("junk.onnx"), "{err}");

    let bytes = std::fs::read(fixture("tree_regressor.onnx")).unwrap();
    let err = runtime()
        .model_from_bytes(&bytes[..bytes.len() / 2], "half.onnx")
        .unwrap_err();
    assert!(matches!(err, RuntimeError::InvalidModel { .. }), "{err}");
}

#[test]
fn a_missing_model_file_names_the_path() {
    let err = runtime()
        .model_from_file(std::path::Path::new("/no/such/model.onnx"))
        .unwrap_err();
    assert!(matches!(err, RuntimeError::Io { .. }));
    assert!(err.to_string().contains("/no/such/model.onnx"));
}

#[test]
fn wrong_inputs_get_specific_errors() {
    let model = runtime()
        .model_from_file(&fixture("linear_sigmoid_f32.onnx"))
        .unwrap();
    let err = model.run(vec![("x".into(), f32s(&[1, 3]))]).unwrap_err();
    assert!(
        err.to_string().contains("no such input") && err.to_string().contains('X'),
        "{err}"
    );

    let err = model.run(vec![]).unwrap_err();
    assert!(err.to_string().contains("required by the model"), "{err}");

    let err = model.run(vec![("X".into(), f32s(&[4, 2]))]).unwrap_err();
    assert!(err.to_string().contains("expected shape [?, 3]"), "{err}");

    let err = model
        .run(vec![("X".into(), Tensor::I64(ArrayD::zeros(&[1, 3][..])))])
        .unwrap_err();
    assert!(err.to_string().contains("tensor(float)"), "{err}");
}
