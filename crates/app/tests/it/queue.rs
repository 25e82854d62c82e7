//! The run queue: runs wait, train one at a time, and can be cancelled waiting or training.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use modeldesk_app::{QueueEvent, RunQueue, TrainRequest, Workspace};

use crate::wine_workspace;

fn request(iterations: &str) -> TrainRequest {
    TrainRequest {
        dataset: "wine".into(),
        target: "target".into(),
        params: BTreeMap::from([
            ("num_iterations".to_owned(), iterations.to_owned()),
            ("early_stopping_rounds".to_owned(), "0".to_owned()),
        ]),
        ignore_split: true,
        ..Default::default()
    }
}

#[test]
fn queued_runs_train_in_turn_and_cancel_waiting_or_training() {
    let (_tmp, ws) = wine_workspace();
    let shared: Arc<Mutex<Workspace>> = Arc::new(Mutex::new(ws));
    let access_ws = Arc::clone(&shared);
    let events: Arc<Mutex<Vec<QueueEvent>>> = Arc::default();
    let sink = Arc::clone(&events);
    let queue = RunQueue::new(
        1,
        Arc::new(move |f: &mut dyn FnMut(&mut Workspace)| f(&mut access_ws.lock().unwrap())),
        Arc::new(move |e| sink.lock().unwrap().push(e)),
    );
    let a = queue.submit(request("20")).unwrap();
    let b = queue.submit(request("100000000")).unwrap();
    let c = queue.submit(request("10")).unwrap();
    // The waiting ones show as queued at once.
    let status = |id: &str| {
        shared
            .lock()
            .unwrap()
            .run_summaries(None)
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap()
            .status
    };
    assert_eq!(status(&c), "queued");
    assert!(queue.cancel(&c).unwrap(), "cancelled while waiting");
    assert_eq!(status(&c), "cancelled");
    // Wait for b to train, then stop it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
    while !queue.active().1.contains(&b) {
        assert!(std::time::Instant::now() < deadline, "b never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(queue.cancel(&b).unwrap(), "cancelled while training");
    queue.wait_idle();
    assert_eq!(
        [status(&a), status(&b), status(&c)],
        ["finished", "cancelled", "cancelled"]
    );
    let events = events.lock().unwrap();
    let iterations_of_a = events
        .iter()
        .filter(|e| matches!(e, QueueEvent::Iteration { run_id, .. } if *run_id == a))
        .count();
    assert_eq!(iterations_of_a, 20);
    let ended: Vec<(String, String)> = events
        .iter()
        .filter_map(|e| match e {
            QueueEvent::Ended { run_id, status, .. } => Some((run_id.clone(), status.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        ended,
        [
            (c.clone(), "cancelled".to_owned()),
            (a.clone(), "finished".to_owned()),
            (b.clone(), "cancelled".to_owned())
        ]
    );
    assert!(
        !queue.cancel(&a).unwrap(),
        "a finished run is not the queue's"
    );
}
