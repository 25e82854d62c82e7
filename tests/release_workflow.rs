//! The release workflow cannot run here (it needs Windows and macOS runners and the internet),
//! so it is kept honest by reading it: valid YAML with the expected shape, every platform's
//! ONNX Runtime wheel pinned by a real checksum, its Tauri release config present and bundling
//! exactly the library the workflow extracts, and the Linux pin equal to `scripts/fetch-ort.sh`'s.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use std::path::Path;

use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn workflow() -> Value {
    let text = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    serde_norway::from_str(&text).expect("release.yml is valid YAML")
}

#[test]
fn the_release_workflow_builds_every_platform_with_a_pinned_onnx_runtime() {
    let wf = workflow();
    assert_eq!(wf["name"], "Release");
    assert!(
        wf["on"]["push"]["tags"][0]
            .as_str()
            .unwrap()
            .starts_with('v')
    );
    let job = &wf["jobs"]["installers"];
    let steps = job["steps"].as_array().unwrap();
    for step in steps {
        assert!(
            step.get("uses").is_some() || step.get("run").is_some(),
            "a step without `uses` or `run`: {step}"
        );
    }
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("scripts/fetch_ort_wheel.py"))
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("tauri build --config ${{ matrix.config }}"))
    );
    assert!(repo().join("scripts/fetch_ort_wheel.py").is_file());

    let include = job["strategy"]["matrix"]["include"].as_array().unwrap();
    let names: Vec<&str> = include
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["linux-x86_64", "windows-x86_64", "macos-arm64"]);
    let fetch_ort = std::fs::read_to_string(repo().join("scripts/fetch-ort.sh")).unwrap();
    for platform in include {
        let sha = platform["wheel_sha256"].as_str().unwrap();
        assert!(
            sha.len() == 64 && sha.chars().all(|c| c.is_ascii_hexdigit()),
            "{sha}"
        );
        let library = platform["library"].as_str().unwrap();
        assert!(library.starts_with("onnxruntime/capi/") && library.contains("onnxruntime"));
        let file = library.rsplit('/').next().unwrap();
        // The Tauri release config bundles exactly that file into the resource folder, where
        // crates/runtime looks first after ORT_DYLIB_PATH.
        let config: Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join(platform["config"].as_str().unwrap())).unwrap(),
        )
        .unwrap();
        let resources = config["bundle"]["resources"].as_object().unwrap();
        assert_eq!(resources.len(), 1);
        let (from, to) = resources.iter().next().unwrap();
        assert_eq!(from, &format!("../.ort/release/{file}"));
        assert_eq!(to, file);
        assert!(!config["bundle"]["targets"].as_array().unwrap().is_empty());
        if platform["name"] == "linux-x86_64" {
            assert!(
                fetch_ort.contains(sha),
                "the Linux wheel pin differs from scripts/fetch-ort.sh"
            );
            // The 简体中文 UI needs a CJK font, which a bare Debian lacks: apt brings one.
            assert_eq!(
                config["bundle"]["linux"]["deb"]["recommends"],
                serde_json::json!(["fonts-noto-cjk"])
            );
        }
    }
}
