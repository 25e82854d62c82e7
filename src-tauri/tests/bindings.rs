//! The checked-in TypeScript bindings (`ui/src/lib/bindings.ts`) match the Rust commands.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test -p modeldesk-desktop --test bindings`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use modeldesk_desktop::bindings::{bindings_path, export_bindings};

#[test]
fn typescript_bindings_are_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let fresh = tmp.path().join("bindings.ts");
    export_bindings(&fresh).unwrap();
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    let checked_in = bindings_path();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&checked_in, &fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&checked_in).unwrap_or_default();
    assert!(
        current == fresh,
        "{} is stale; run: UPDATE_BINDINGS=1 cargo test -p modeldesk-desktop --test bindings",
        checked_in.display()
    );
}
