use std::fs;

use modeldesk_store::{BlobStore, StoreError};

/// SHA-256("hello"), from `printf hello | sha256sum`.
const HELLO_SHA256: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

#[test]
fn same_bytes_are_stored_once_under_their_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path()).unwrap();
    let a = blobs.put_bytes(b"hello").unwrap();
    let b = blobs.put_bytes(b"hello").unwrap();
    assert_eq!(a.sha256, HELLO_SHA256);
    assert_eq!(a, b);
    assert_eq!(a.size, 5);
    assert_eq!(blobs.count().unwrap(), 1);
    assert_eq!(blobs.read(HELLO_SHA256).unwrap(), b"hello");
    assert!(
        blobs
            .path(HELLO_SHA256)
            .unwrap()
            .ends_with(format!("2c/{HELLO_SHA256}"))
    );
    // No temporary files are left behind.
    assert_eq!(fs::read_dir(dir.path().join(".tmp")).unwrap().count(), 0);
}

#[test]
fn put_file_streams_large_files_and_never_touches_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(&dir.path().join("blobs")).unwrap();
    let src = dir.path().join("big.bin");
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    fs::write(&src, &data).unwrap();
    let before = fs::metadata(&src).unwrap().modified().unwrap();
    let r = blobs.put_file(&src).unwrap();
    assert_eq!(r.size, 3_000_000);
    assert_eq!(blobs.read(&r.sha256).unwrap(), data);
    assert_eq!(fs::metadata(&src).unwrap().modified().unwrap(), before);
}

#[test]
fn bad_and_missing_hashes_give_specific_errors() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path()).unwrap();
    assert!(matches!(
        blobs.path("../../etc/passwd"),
        Err(StoreError::Invalid {
            field: "blob hash",
            ..
        })
    ));
    assert!(!blobs.contains("../x"));
    let err = blobs.path(HELLO_SHA256).unwrap_err();
    assert!(matches!(err, StoreError::BlobMissing { .. }), "{err}");
    let err = blobs
        .put_file(&dir.path().join("does-not-exist.csv"))
        .unwrap_err();
    assert!(err.to_string().contains("does-not-exist.csv"), "{err}");
}

#[test]
fn finish_with_reads_the_complete_bytes_while_they_sync_then_stores_them() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::open(dir.path()).unwrap();
    for round in 0..2 {
        let mut writer = blobs.writer().unwrap();
        writer.write_all(b"hel").unwrap();
        writer.write_all(b"lo").unwrap();
        let (blob, seen) = writer.finish_with(|path| fs::read(path).unwrap()).unwrap();
        assert_eq!(seen, b"hello", "round {round}");
        assert_eq!((blob.sha256.as_str(), blob.size), (HELLO_SHA256, 5));
        assert_eq!(blobs.read(HELLO_SHA256).unwrap(), b"hello");
        assert_eq!(blobs.count().unwrap(), 1);
        assert_eq!(fs::read_dir(dir.path().join(".tmp")).unwrap().count(), 0);
    }
}
