use std::sync::Arc;

use modeldesk_runtime::{EXPECTED_ORT_VERSION, Optimization, Provider, SessionOptions, TensorKind};

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

#[test]
fn a_provider_the_build_lacks_falls_back_to_cpu_with_the_reason() {
    let rt = runtime();
    let cuda = SessionOptions {
        provider: Provider::Cuda,
        ..SessionOptions::default()
    };
    let choice = rt.probe(cuda).unwrap();
    assert_eq!(choice.requested, Provider::Cuda);
    assert_eq!(
        choice.active,
        Provider::Cpu,
        "the CPU build of ORT has no CUDA"
    );
    let reason = choice.fallback_reason.unwrap();
    assert!(
        reason.contains("no CUDA provider") && reason.contains("CPUExecutionProvider"),
        "{reason}"
    );
    let auto = rt.probe(SessionOptions::default()).unwrap();
    assert_eq!(auto.active, Provider::Cpu);
    assert!(auto.fallback_reason.unwrap().contains("no GPU provider"));
    let cpu = rt
        .probe(SessionOptions {
            provider: Provider::Cpu,
            ..SessionOptions::default()
        })
        .unwrap();
    assert_eq!((cpu.active, cpu.fallback_reason), (Provider::Cpu, None));
    let model = rt
        .model_with(
            &std::fs::read(fixture("linear_f64.onnx")).unwrap(),
            "cuda",
            cuda,
        )
        .unwrap();
    assert_eq!(model.provider().active, Provider::Cpu);
}

#[test]
fn sessions_are_cached_per_setting_and_settings_parse() {
    let rt = runtime();
    let bytes = std::fs::read(fixture("linear_f64.onnx")).unwrap();
    let tuned = SessionOptions {
        provider: Provider::Cpu,
        intra_threads: 1,
        inter_threads: 2,
        optimization: Optimization::Basic,
    };
    let a = rt.model_with(&bytes, "a", tuned).unwrap();
    let b = rt.model_with(&bytes, "b", tuned).unwrap();
    let default = rt.model_from_bytes(&bytes, "c").unwrap();
    assert!(Arc::ptr_eq(&a, &b));
    assert!(!Arc::ptr_eq(&a, &default));
    assert_eq!(Provider::parse("DirectML"), Some(Provider::DirectMl));
    assert_eq!(Provider::parse("gpu"), None);
    assert_eq!(
        Optimization::parse("EXTENDED"),
        Some(Optimization::Extended)
    );
}
