use std::sync::Arc;

use modeldesk_runtime::{EXPECTED_ORT_VERSION, TensorKind};

use crate::{fixture, runtime};

#[test]
fn loads_the_pinned_onnx_runtime_and_reports_providers() {
    let info = runtime().info();
    assert_eq!(info.version, EXPECTED_ORT_VERSION);
    assert!(info.library_path.is_file());
    assert!(
        info.available_providers
            .iter()
            .any(|p| p == "CPUExecutionProvider"),
        "{:?}",
        info.available_providers
    );
    assert_eq!(info.active_provider, "CPUExecutionProvider");
}

#[test]
fn reports_the_signature_of_a_model() {
    let model = runtime()
        .model_from_file(&fixture("linear_sigmoid_f32.onnx"))
        .unwrap();
    let input = &model.inputs()[0];
    assert_eq!(input.name, "X");
    assert_eq!(input.kind, TensorKind::F32);
    assert_eq!(input.shape, vec![None, Some(3)]);
    let output = &model.outputs()[0];
    assert_eq!((output.name.as_str(), output.kind), ("Y", TensorKind::F32));
}

#[test]
fn sessions_are_cached_by_model_content() {
    let rt = runtime();
    let bytes = std::fs::read(fixture("linear_f64.onnx")).unwrap();
    let a = rt.model_from_bytes(&bytes, "a").unwrap();
    let b = rt.model_from_file(&fixture("linear_f64.onnx")).unwrap();
    assert!(Arc::ptr_eq(&a, &b));
    assert_eq!(
        a.sha256(),
        "f6bc95b2245b2876145661980220905f6a7daba3e88a63bbc162f8ed89ac1329"
    );
    let other = rt.model_from_file(&fixture("tree_regressor.onnx")).unwrap();
    assert!(!Arc::ptr_eq(&a, &other));
}
