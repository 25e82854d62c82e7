//! Notes with history, comment threads, the review state machine, and full-text search.

use modeldesk_store::{
    NewModel, NoteDraft, ReviewAction, ReviewState, SearchFilter, Store, StoreError,
};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path(), "p", "ada").unwrap();
    (dir, store)
}

fn draft(title: &str, body: &str) -> NoteDraft {
    NoteDraft {
        entity_kind: "project".into(),
        title: title.into(),
        body: body.into(),
        ..NoteDraft::default()
    }
}

#[test]
fn notes_keep_every_version_and_delete_softly() {
    let (_dir, s) = store();
    let note = s
        .add_note(&draft("Drift", "AUC fell after **March**."), "ada")
        .unwrap();
    assert_eq!((note.version, note.author.as_str()), (1, "ada"));
    let edited = s
        .edit_note(
            note.id,
            &draft("Drift", "AUC fell after March; retrain."),
            Some(1),
            "bo",
        )
        .unwrap();
    assert_eq!(edited.version, 2);
    assert_eq!(
        edited.author, "ada",
        "the note's author is who wrote it first"
    );
    // An edit based on a stale version is refused, and nothing changes.
    let err = s
        .edit_note(note.id, &draft("Drift", "overwrite"), Some(1), "cy")
        .unwrap_err();
    assert!(err.to_string().contains("edited meanwhile"), "{err}");
    let versions = s.note_versions(note.id).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        (versions[0].author.as_str(), versions[1].author.as_str()),
        ("ada", "bo")
    );
    assert!(versions[0].body.contains("**March**"));

    s.delete_note(note.id).unwrap();
    assert!(s.notes(None, None, false).unwrap().is_empty());
    assert_eq!(s.notes(None, None, true).unwrap().len(), 1);
    assert!(s.edit_note(note.id, &draft("x", "y"), None, "ada").is_err());
    s.restore_note(note.id).unwrap();
    assert_eq!(s.notes(None, None, false).unwrap().len(), 1);

    assert!(matches!(
        s.add_note(&draft(" ", " "), "ada"),
        Err(StoreError::Invalid { field: "note", .. })
    ));
    let mut bad = draft("t", "b");
    bad.entity_kind = "planet".into();
    assert!(s.add_note(&bad, "ada").is_err());
    let prefix = &note.id.to_string()[..8];
    assert_eq!(s.resolve_note(prefix).unwrap().id, note.id);
}

#[test]
fn notes_filter_by_entity_and_tag_with_pins_first() {
    let (_dir, s) = store();
    let mut on_run = draft("Run note", "slow");
    on_run.entity_kind = "run".into();
    on_run.entity_id = Some("r1".into());
    on_run.tags = vec!["perf".into()];
    s.add_note(&on_run, "ada").unwrap();
    let mut pinned = draft("Goals", "ship by May");
    pinned.pinned = true;
    s.add_note(&pinned, "ada").unwrap();
    s.add_note(&draft("Later", "newest"), "ada").unwrap();
    let all = s.notes(None, None, false).unwrap();
    assert_eq!(all[0].title, "Goals", "pinned first");
    let run = s.notes(Some(("run", Some("r1"))), None, false).unwrap();
    assert_eq!(run.len(), 1);
    assert_eq!(s.notes(None, Some("perf"), false).unwrap().len(), 1);
    assert!(
        s.add_note(
            &NoteDraft {
                tags: vec!["two words".into()],
                ..draft("a", "b")
            },
            "ada"
        )
        .is_err()
    );
}

#[test]
fn threads_have_replies_and_resolve() {
    let (_dir, s) = store();
    let first = s
        .add_comment("run", Some("r1"), None, "Why 31 leaves?", "ada")
        .unwrap();
    let reply = s
        .add_comment("ignored", None, Some(first.id), "LightGBM's default.", "bo")
        .unwrap();
    assert_eq!(reply.parent_id, Some(first.id));
    assert_eq!(
        reply.entity_id.as_deref(),
        Some("r1"),
        "a reply is on its thread's entity"
    );
    let nested = s
        .add_comment("run", None, Some(reply.id), "ok", "ada")
        .unwrap();
    assert_eq!(
        nested.parent_id,
        Some(first.id),
        "threads are one level deep"
    );
    let resolved = s.resolve_thread(reply.id, Some("ada")).unwrap();
    assert_eq!(resolved.id, first.id);
    assert_eq!(resolved.resolved_by.as_deref(), Some("ada"));
    assert!(
        s.resolve_thread(first.id, None)
            .unwrap()
            .resolved_at
            .is_none()
    );
    assert_eq!(s.comments("run", Some("r1")).unwrap().len(), 3);
    assert!(s.add_comment("run", Some("r1"), None, "  ", "ada").is_err());
}

#[test]
fn the_review_state_machine_refuses_what_makes_no_sense() {
    let (_dir, s) = store();
    let blob = s.blobs().put_bytes(b"onnx").unwrap();
    let model = s
        .add_model(&NewModel {
            run_id: None,
            name: "m".into(),
            blob,
            sidecar: None,
            meta_json: "{}".into(),
            author: "ada".into(),
        })
        .unwrap();
    let r = s.review(model.id).unwrap();
    assert_eq!(r.state, ReviewState::Draft);
    let approve = |who: &str| s.review_action(model.id, ReviewAction::Approve, who, &[], "fine");
    let err = approve("bo").unwrap_err().to_string();
    assert!(
        err.contains("cannot approve a review that is draft"),
        "{err}"
    );
    s.review_action(
        model.id,
        ReviewAction::Request,
        "ada",
        &["bo".into()],
        "for the May release",
    )
    .unwrap();
    let err = approve("ada").unwrap_err().to_string();
    assert!(err.contains("cannot decide"), "{err}");
    assert!(
        s.review_action(model.id, ReviewAction::Request, "ada", &[], "")
            .is_err(),
        "already in review"
    );
    assert!(
        s.review_action(model.id, ReviewAction::RequestChanges, "bo", &[], " ")
            .is_err(),
        "changes need a reason"
    );
    s.review_action(
        model.id,
        ReviewAction::RequestChanges,
        "bo",
        &[],
        "calibrate it",
    )
    .unwrap();
    s.review_action(
        model.id,
        ReviewAction::Request,
        "ada",
        &["bo".into()],
        "calibrated",
    )
    .unwrap();
    let done = approve("bo").unwrap();
    assert_eq!(done.state, ReviewState::Approved);
    assert_eq!(done.reviewers, ["bo"]);
    let log: Vec<(&str, &str)> = done
        .events
        .iter()
        .map(|e| (e.action.as_str(), e.author.as_str()))
        .collect();
    assert_eq!(
        log,
        [
            ("request", "ada"),
            ("request_changes", "bo"),
            ("request", "ada"),
            ("approve", "bo")
        ]
    );
    assert!(
        s.review_action(model.id, ReviewAction::Withdraw, "ada", &[], "")
            .is_err()
    );
}

#[test]
fn search_finds_notes_and_comments_with_snippets_and_filters() {
    let (_dir, s) = store();
    let mut tagged = draft(
        "Calibration",
        "Isotonic calibration fixed the overconfident scores.",
    );
    tagged.tags = vec!["quality".into()];
    let note = s.add_note(&tagged, "ada").unwrap();
    s.add_note(&draft("Data", "The café column has accents"), "bo")
        .unwrap();
    s.add_comment(
        "model",
        Some("m1"),
        None,
        "Is the calibration stable?",
        "bo",
    )
    .unwrap();
    let hits = s
        .search("calibration", &SearchFilter::default(), 10)
        .unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().any(|h| h.kind == "comment"));
    let n = hits.iter().find(|h| h.kind == "note").unwrap();
    assert!(
        n.snippet.contains("[calibration]") || n.snippet.contains("[Calibration]"),
        "{}",
        n.snippet
    );
    // Prefix on the last word, accents folded, punctuation harmless.
    assert_eq!(
        s.search("calib", &SearchFilter::default(), 10)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        s.search("cafe", &SearchFilter::default(), 10)
            .unwrap()
            .len(),
        1
    );
    assert!(
        s.search("\"(OR", &SearchFilter::default(), 10)
            .unwrap()
            .is_empty()
    );
    let by_bo = SearchFilter {
        author: Some("bo".into()),
        ..SearchFilter::default()
    };
    assert_eq!(
        s.search("calibration", &by_bo, 10).unwrap()[0].kind,
        "comment"
    );
    let tag = SearchFilter {
        tag: Some("quality".into()),
        ..SearchFilter::default()
    };
    assert_eq!(s.search("calibration", &tag, 10).unwrap().len(), 1);
    // Edits are searchable at once; deleted notes are not.
    s.edit_note(
        note.id,
        &draft("Calibration", "Platt scaling now."),
        None,
        "ada",
    )
    .unwrap();
    assert_eq!(
        s.search("platt", &SearchFilter::default(), 10)
            .unwrap()
            .len(),
        1
    );
    assert!(
        s.search("isotonic", &SearchFilter::default(), 10)
            .unwrap()
            .is_empty()
    );
    s.delete_note(note.id).unwrap();
    assert!(
        s.search("platt", &SearchFilter::default(), 10)
            .unwrap()
            .is_empty()
    );
    assert!(s.search("  ", &SearchFilter::default(), 10).is_err());
}
