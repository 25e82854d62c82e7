use std::io::{Read, Write};
use std::path::Path;

use modeldesk_report::{BundleLimits, ReportError, read_bundle, write_bundle};

use crate::sample;

#[test]
fn the_same_model_gives_the_same_bytes_and_reads_back_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a.mdbundle"), tmp.path().join("b.mdbundle"));
    let bundle = sample();
    let manifest = write_bundle(&bundle, &a, false).unwrap();
    write_bundle(&bundle, &b, false).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let names: Vec<_> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "model.onnx",
            "model-card.md",
            "model-card.json",
            "metrics.json",
            "samples.csv",
            "shap-summary.json",
            "notes.json"
        ]
    );
    let (read_manifest, read) = read_bundle(&a, BundleLimits::default()).unwrap();
    assert_eq!(read_manifest, manifest);
    assert_eq!(read, bundle);
    // Replacing needs asking.
    assert!(matches!(
        write_bundle(&bundle, &a, false),
        Err(ReportError::Exists(_))
    ));
    assert!(!tmp.path().join("a.mdbundle.partial").exists());
}

#[test]
fn the_card_has_hub_front_matter_and_every_section() {
    let md = sample().card_markdown();
    let (front, body) = md
        .strip_prefix("---\n")
        .unwrap()
        .split_once("\n---\n")
        .unwrap();
    for line in [
        "library_name: modeldesk",
        "license: \"MIT\"",
        "- tabular-regression",
        "- \"houses@2\"",
        "- name: \"price-gbdt\"",
        "    - type: rmse\n      value: 1.25\n      name: \"test rmse\"",
    ] {
        assert!(
            front.contains(line),
            "front matter lacks {line:?}:\n{front}"
        );
    }
    for text in [
        "# price-gbdt",
        "## Review",
        "**approved** — Bo, 2026-11-29T11:00:00Z",
        "> Good enough for the pilot.",
        "| test | r2 | 0.8750 |",
        // A pipe in a column name does not break the table.
        "| rooms \\| size | float | 1.0000 … 9.0000 | yes |",
        "| rooms \\| size | 12.5000 |",
        "### Why GBDT",
        "Dataset snapshot SHA-256: `abab",
    ] {
        assert!(body.contains(text), "card lacks {text:?}:\n{body}");
    }
}

/// The entries of a good bundle, changed by `edit`, zipped again at `out`.
fn rewrite(good: &Path, out: &Path, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(good).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        entries.push((e.name().unwrap().into_owned(), bytes));
    }
    edit(&mut entries);
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in entries {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

fn manifest_edit(entries: &mut [(String, Vec<u8>)], f: impl FnOnce(&mut serde_json::Value)) {
    let m = &mut entries[0].1;
    let mut v: serde_json::Value = serde_json::from_slice(m).unwrap();
    f(&mut v);
    *m = serde_json::to_vec(&v).unwrap();
}

fn refused(path: &Path, limits: BundleLimits) -> String {
    read_bundle(path, limits).unwrap_err().to_string()
}

#[test]
fn bad_bundles_are_refused_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.mdbundle");
    write_bundle(&sample(), &good, false).unwrap();
    let bad = tmp.path().join("bad.mdbundle");
    let limits = BundleLimits::default();

    // Truncated.
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&bad, &bytes[..bytes.len() / 2]).unwrap();
    let e = refused(&bad, limits);
    assert!(e.contains("truncated, or not a zip file"), "{e}");
    assert!(e.contains("bad.mdbundle"), "{e}");

    // An altered model.
    rewrite(&good, &bad, |e| e[1].1[10] ^= 0xff);
    let e = refused(&bad, limits);
    assert!(e.contains("model.onnx does not match its checksum"), "{e}");

    // A path traversal entry.
    rewrite(&good, &bad, |e| {
        e.push(("../../evil.sh".into(), b"rm -rf".to_vec()));
    });
    let e = refused(&bad, limits);
    assert!(
        e.contains("\"../../evil.sh\" is a path outside the bundle"),
        "{e}"
    );

    // An extra entry the manifest does not list.
    rewrite(&good, &bad, |e| {
        e.retain(|(n, _)| n != "shap-summary.json");
        e.push(("shap-summary.json".into(), b"{}".to_vec()));
        manifest_edit(e, |m| {
            m["files"]
                .as_array_mut()
                .unwrap()
                .retain(|f| f["path"] != "shap-summary.json");
        });
    });
    let e = refused(&bad, limits);
    assert!(e.contains("entries manifest.json does not list"), "{e}");

    // A zip bomb: the entries expand past the limit (read stops there, whatever they claim).
    let e = refused(&good, BundleLimits { max_bytes: 5_000 });
    assert!(e.contains("model.onnx expands past the size limit"), "{e}");
    // …or the manifest understates an entry's size.
    rewrite(&good, &bad, |e| {
        manifest_edit(e, |m| m["files"][0]["bytes"] = 100.into());
    });
    let e = refused(&bad, limits);
    assert!(
        e.contains("model.onnx is larger than manifest.json says"),
        "{e}"
    );

    // A newer format.
    rewrite(&good, &bad, |e| {
        manifest_edit(e, |m| m["format"] = 99.into());
    });
    let e = refused(&bad, limits);
    assert!(e.contains("newer ModelDesk (bundle format 99"), "{e}");

    // Another kind of zip (e.g. a project bundle).
    rewrite(&good, &bad, |e| {
        manifest_edit(e, |m| m["kind"] = "modeldesk-project".into());
    });
    let e = refused(&bad, limits);
    assert!(e.contains("not a model bundle"), "{e}");

    // A missing entry.
    rewrite(&good, &bad, |e| e.retain(|(n, _)| n != "notes.json"));
    let e = refused(&bad, limits);
    assert!(e.contains("notes.json is missing"), "{e}");
}
