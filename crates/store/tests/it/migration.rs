//! A store written by schema version 1 (exactly as that version wrote it) opens, is migrated,
//! and keeps every row.

use modeldesk_store::{DB_FILE, LATEST_SCHEMA_VERSION, Store};

/// Writes a version-1 store the way ModelDesk 0.1 did: bootstrap table, migration 0001,
/// the project row and some user data.
fn write_v1_store(dir: &std::path::Path) {
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).unwrap();
    conn.pragma_update(None, "application_id", 0x4D44_534B)
        .unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL);",
    )
    .unwrap();
    conn.execute_batch(include_str!("../../migrations/0001_initial.sql"))
        .unwrap();
    conn.execute_batch(
        "INSERT INTO schema_migrations VALUES (1, 'initial', '2026-01-01T00:00:00Z');
         INSERT INTO projects VALUES ('0191b3c4-0000-7000-8000-000000000001', 'Old project', '2026-01-01T00:00:00Z', 'ada');
         INSERT INTO datasets VALUES ('0191b3c4-0000-7000-8000-000000000002', '0191b3c4-0000-7000-8000-000000000001', 'iris', '2026-01-01T00:00:01Z', 'ada');
         INSERT INTO dataset_versions (id, dataset_id, version, blob_sha256, row_count, column_count, created_at, author)
             VALUES ('0191b3c4-0000-7000-8000-000000000003', '0191b3c4-0000-7000-8000-000000000002', 1,
                     '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', 150, 5, '2026-01-01T00:00:02Z', 'ada');
         INSERT INTO notes VALUES ('0191b3c4-0000-7000-8000-000000000004', '0191b3c4-0000-7000-8000-000000000001', 'project', NULL,
                     'keep me', '2026-01-01T00:00:03Z', '2026-01-01T00:00:03Z', 'ada');",
    )
    .unwrap();
}

#[test]
fn a_version_1_store_is_migrated_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    write_v1_store(dir.path());

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.project().name, "Old project");
    let health = store.health().unwrap();
    assert_eq!(health.schema_version, LATEST_SCHEMA_VERSION);
    assert!(health.integrity_ok);
    // The table added by migration 2 works.
    store.set_setting("theme", &"dark", "ada").unwrap();
    drop(store);

    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    let versions: Vec<u32> = conn
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, (1..=LATEST_SCHEMA_VERSION).collect::<Vec<_>>());
    let (rows, note): (i64, String) = conn
        .query_row(
            "SELECT v.row_count, n.body FROM dataset_versions v, notes n",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rows, note.as_str()), (150, "keep me"));
    let index_count: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('activity_by_time', 'versions_by_dataset', 'runs_by_version', 'notes_by_entity')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index_count, 4);
}

#[test]
fn opening_twice_applies_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    write_v1_store(dir.path());
    drop(Store::open(dir.path()).unwrap());
    drop(Store::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, i64::from(LATEST_SCHEMA_VERSION));
}
