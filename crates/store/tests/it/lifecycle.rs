use std::fs;

use modeldesk_store::{DB_FILE, LATEST_SCHEMA_VERSION, NewActivity, Store, StoreError};

#[test]
fn create_then_open_round_trips_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let created = Store::create(dir.path(), "  Churn study ", "ada").unwrap();
    assert_eq!(created.project().name, "Churn study");
    assert_eq!(created.project().schema_version, LATEST_SCHEMA_VERSION);
    let id = created.project().id;
    drop(created);

    let opened = Store::open(dir.path()).unwrap();
    assert_eq!(opened.project().id, id);
    assert_eq!(opened.project().name, "Churn study");
    assert_eq!(opened.project().author, "ada");

    let health = opened.health().unwrap();
    assert!(health.integrity_ok, "{:?}", health.problems);
    assert_eq!(health.journal_mode, "wal");
    assert!(health.foreign_keys);
    assert_eq!(health.schema_version, LATEST_SCHEMA_VERSION);

    let activity = opened.activity(10).unwrap();
    assert_eq!(activity.len(), 1);
    assert_eq!(activity[0].kind, "project.created");
    assert_eq!(
        activity[0].entity_id.as_deref(),
        Some(id.to_string().as_str())
    );
}

#[test]
fn activity_is_newest_first_and_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path(), "p", "ada").unwrap();
    for i in 0..3 {
        store
            .record_activity(&NewActivity {
                kind: "note.added".into(),
                entity_kind: None,
                entity_id: None,
                summary: format!("note {i}"),
                author: "grace".into(),
            })
            .unwrap();
    }
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let summaries: Vec<_> = store
        .activity(3)
        .unwrap()
        .into_iter()
        .map(|a| a.summary)
        .collect();
    assert_eq!(summaries, ["note 2", "note 1", "note 0"]);
}

#[test]
fn settings_round_trip_and_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path(), "p", "ada").unwrap();
    assert_eq!(store.setting::<u32>("seed").unwrap(), None);
    store.set_setting("seed", &42u32, "ada").unwrap();
    store.set_setting("seed", &7u32, "ada").unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.setting::<u32>("seed").unwrap(), Some(7));
    assert!(matches!(
        store.setting::<String>("seed"),
        Err(StoreError::Json { .. })
    ));
}

#[test]
fn create_refuses_an_existing_project_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let first = Store::create(dir.path(), "first", "ada").unwrap();
    let id = first.project().id;
    drop(first);
    let err = Store::create(dir.path(), "second", "ada").unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
    assert_eq!(Store::open(dir.path()).unwrap().project().id, id);
}

#[test]
fn invalid_names_are_rejected_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["", "   ", "a\u{0}b"] {
        let err = Store::create(dir.path(), bad, "ada").unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Invalid {
                    field: "project name",
                    ..
                }
            ),
            "{err}"
        );
    }
    assert!(!dir.path().join(DB_FILE).exists());
}

#[test]
fn opening_a_folder_without_a_project_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::NotAProject { .. }));
    assert!(err.to_string().contains("project.sqlite"), "{err}");
    let missing = dir.path().join("nope");
    let err = Store::open(&missing).unwrap_err();
    assert!(err.to_string().contains("no such folder"), "{err}");
    assert!(!missing.exists(), "open must not create folders");
}

#[test]
fn a_non_sqlite_file_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let junk: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(&db, &junk).unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(
        err.to_string().contains("not a readable SQLite database"),
        "{err}"
    );
    assert_eq!(fs::read(&db).unwrap(), junk);
}

#[test]
fn a_truncated_store_is_refused_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::create(dir.path(), "p", "ada").unwrap());
    let db = dir.path().join(DB_FILE);
    let bytes = fs::read(&db).unwrap();
    assert!(bytes.len() > 8192, "store should span several pages");
    fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    let half = fs::read(&db).unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Corrupt { .. } | StoreError::NotAProject { .. }
        ),
        "{err}"
    );
    assert_eq!(fs::read(&db).unwrap(), half);
}

#[test]
fn a_foreign_sqlite_database_is_not_a_project_and_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = fs::read(&db).unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::NotAProject { .. }), "{err}");
    assert!(
        err.to_string().contains("not one written by ModelDesk"),
        "{err}"
    );
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn a_store_from_a_newer_modeldesk_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::create(dir.path(), "p", "ada").unwrap());
    let db = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'future', 'x')",
            [LATEST_SCHEMA_VERSION + 1],
        )
        .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = fs::read(&db).unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(*found, LATEST_SCHEMA_VERSION + 1);
            assert_eq!(*supported, LATEST_SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other}"),
    }
    assert!(err.to_string().contains("upgrade ModelDesk"), "{err}");
    assert_eq!(fs::read(&db).unwrap(), before);
}
