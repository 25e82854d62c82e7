//! Regenerates `crates/onnx/src/generated/onnx.rs` from `crates/onnx/proto/onnx.proto`.
//!
//! Run: `cargo run --manifest-path crates/onnx/codegen/Cargo.toml` (needs `protoc`, Debian's
//! `protobuf-compiler`). The output is committed so that builds never need protoc.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = crate_dir.join("src/generated");
    std::fs::create_dir_all(&out)?;
    prost_build::Config::new()
        .out_dir(&out)
        .compile_protos(&[crate_dir.join("proto/onnx.proto")], &[crate_dir.join("proto")])?;
    println!("wrote {}", out.join("onnx.rs").display());
    Ok(())
}
