//! A queue of training runs that execute in the background, a few at a time: each request is
//! recorded as a `queued` run at once (the leaderboard shows it), started when a worker is
//! free, and can be cancelled while it waits or while it trains. The workspace is only held
//! to start and to finish a run, never while it trains, so a face stays responsive.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use modeldesk_store::{RunLease, RunStatus};
use modeldesk_train::{CancelToken, Iteration};
use serde::Serialize;
use uuid::Uuid;

use crate::{AppError, Result, TrainRequest, Workspace};

/// Runs `f` on the face's workspace (behind whatever lock the face keeps it).
pub type WorkspaceAccess = Arc<dyn Fn(&mut dyn FnMut(&mut Workspace)) + Send + Sync>;

/// What the queue tells its face.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
pub enum QueueEvent {
    /// A run left the queue and started training.
    Started {
        /// The run.
        run_id: String,
    },
    /// A training iteration finished.
    Iteration {
        /// The run.
        run_id: String,
        /// The iteration.
        iteration: Iteration,
    },
    /// A run ended (finished, failed or cancelled).
    Ended {
        /// The run.
        run_id: String,
        /// `finished`, `failed` or `cancelled`.
        status: String,
        /// The model stored (finished runs).
        model: Option<String>,
        /// Why it failed.
        error: Option<String>,
    },
}

/// Where events go.
pub type QueueEvents = Arc<dyn Fn(QueueEvent) + Send + Sync>;

struct Pending {
    id: Uuid,
    lease: RunLease,
    request: TrainRequest,
}

struct State {
    pending: VecDeque<Pending>,
    running: HashMap<Uuid, CancelToken>,
    concurrency: usize,
    workers: usize,
}

struct Shared {
    state: Mutex<State>,
    idle: Condvar,
    access: WorkspaceAccess,
    events: QueueEvents,
}

/// The queue (cheap to clone; clones share it).
#[derive(Clone)]
pub struct RunQueue {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for RunQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.lock();
        write!(
            f,
            "RunQueue({} waiting, {} running)",
            s.pending.len(),
            s.running.len()
        )
    }
}

impl RunQueue {
    /// A queue running up to `concurrency` trainings at once (at least one).
    pub fn new(concurrency: usize, access: WorkspaceAccess, events: QueueEvents) -> Self {
        Self {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    pending: VecDeque::new(),
                    running: HashMap::new(),
                    concurrency: concurrency.max(1),
                    workers: 0,
                }),
                idle: Condvar::new(),
                access,
                events,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn with_workspace<R>(&self, f: impl FnOnce(&mut Workspace) -> R) -> R {
        let mut f = Some(f);
        let mut out = None;
        (self.shared.access)(&mut |ws| {
            if let Some(f) = f.take() {
                out = Some(f(ws));
            }
        });
        out.unwrap_or_else(|| unreachable!("the face ran the closure"))
    }

    /// Queues a training; returns its run id at once.
    pub fn submit(&self, request: TrainRequest) -> Result<String> {
        let (id, lease) = self.with_workspace(|ws| ws.queue_training(&request))?;
        let mut state = self.lock();
        state.pending.push_back(Pending { id, lease, request });
        if state.workers < state.concurrency {
            state.workers += 1;
            let queue = self.clone();
            std::thread::Builder::new()
                .name("modeldesk-run".into())
                .spawn(move || queue.work())
                .map_err(|e| AppError::Invalid {
                    field: "queue",
                    reason: format!("could not start a worker: {e}"),
                })?;
        }
        Ok(id.to_string())
    }

    /// Changes how many runs train at once (waiting runs start as workers free up).
    pub fn set_concurrency(&self, n: usize) {
        self.lock().concurrency = n.max(1);
    }

    /// Cancels a run that waits (it never starts) or trains (it stops at its next iteration).
    /// `false` when the queue does not hold it.
    pub fn cancel(&self, run_id: &str) -> Result<bool> {
        let Ok(id) = Uuid::parse_str(run_id) else {
            return Ok(false);
        };
        let mut state = self.lock();
        if let Some(token) = state.running.get(&id) {
            token.cancel();
            return Ok(true);
        }
        let Some(at) = state.pending.iter().position(|p| p.id == id) else {
            return Ok(false);
        };
        let pending = state.pending.remove(at);
        drop(state);
        self.with_workspace(|ws| -> Result<()> {
            ws.store()?
                .finish_run(id, RunStatus::Cancelled, "{}", "[]", None)?;
            Ok(())
        })?;
        drop(pending);
        (self.shared.events)(QueueEvent::Ended {
            run_id: run_id.to_owned(),
            status: "cancelled".into(),
            model: None,
            error: None,
        });
        Ok(true)
    }

    /// Waiting and running run ids.
    pub fn active(&self) -> (Vec<String>, Vec<String>) {
        let s = self.lock();
        (
            s.pending.iter().map(|p| p.id.to_string()).collect(),
            s.running.keys().map(Uuid::to_string).collect(),
        )
    }

    /// Blocks until nothing waits or trains.
    pub fn wait_idle(&self) {
        let mut state = self.lock();
        while !(state.pending.is_empty() && state.running.is_empty()) {
            state = self
                .shared
                .idle
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// A worker: takes waiting runs while there are some and the concurrency allows.
    fn work(&self) {
        loop {
            let (pending, token) = {
                let mut state = self.lock();
                // Fewer runs allowed than train now (the concurrency went down): stop here.
                let next = if state.running.len() >= state.concurrency {
                    None
                } else {
                    state.pending.pop_front()
                };
                let Some(p) = next else {
                    state.workers -= 1;
                    self.shared.idle.notify_all();
                    return;
                };
                let token = CancelToken::new();
                state.running.insert(p.id, token.clone());
                (p, token)
            };
            let id = pending.id;
            self.train(pending, &token);
            let mut state = self.lock();
            state.running.remove(&id);
            self.shared.idle.notify_all();
        }
    }

    /// Starts, trains and closes one run.
    fn train(&self, pending: Pending, token: &CancelToken) {
        let Pending { id, lease, request } = pending;
        let run_id = id.to_string();
        let ended = |status: &str, model: Option<String>, error: Option<String>| {
            (self.shared.events)(QueueEvent::Ended {
                run_id: run_id.clone(),
                status: status.to_owned(),
                model,
                error,
            });
        };
        let job = match self.with_workspace(|ws| ws.start_queued(&request, (id, lease))) {
            Ok(job) => job,
            Err(e) => return ended("failed", None, Some(e.to_string())),
        };
        (self.shared.events)(QueueEvent::Started {
            run_id: run_id.clone(),
        });
        let events = Arc::clone(&self.shared.events);
        let progress = |it: &Iteration| {
            events(QueueEvent::Iteration {
                run_id: run_id.clone(),
                iteration: it.clone(),
            });
        };
        let started = std::time::Instant::now();
        let result = job.run(&progress, token);
        match self.with_workspace(|ws| ws.finish_training(job, result, started.elapsed())) {
            Ok(outcome) => ended("finished", Some(outcome.model), None),
            Err(e) if e.code() == crate::ErrorCode::Cancelled => ended("cancelled", None, None),
            Err(e) => ended("failed", None, Some(e.to_string())),
        }
    }
}
