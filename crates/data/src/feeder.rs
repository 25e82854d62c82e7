//! A thread fed through a bounded queue, whose work ends in a result: the Parquet encoder and
//! the snapshot writer both run this way, beside the thread that produces their input.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// A named thread consuming the items sent to it; [`Feeder::finish`] ends the items and
/// returns what the thread made of them. Dropped unfinished (an error, a cancel), it still
/// waits for the thread, so whatever the thread holds (a temporary file) is gone after.
pub(crate) struct Feeder<T, R> {
    items: Option<SyncSender<T>>,
    thread: Option<JoinHandle<R>>,
}

impl<T: Send + 'static, R: Send + 'static> Feeder<T, R> {
    /// Starts `work` on a thread called `name`, with up to `queued` items waiting for it.
    pub(crate) fn spawn(
        name: &str,
        queued: usize,
        work: impl FnOnce(Receiver<T>) -> R + Send + 'static,
    ) -> std::io::Result<Self> {
        let (items, queue) = sync_channel(queued);
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || work(queue))?;
        Ok(Self {
            items: Some(items),
            thread: Some(thread),
        })
    }

    /// Queues an item. If the thread has stopped, gives what it ended with (usually its
    /// error), or `None` if it panicked.
    pub(crate) fn send(&mut self, item: T) -> Result<(), Option<R>> {
        if self
            .items
            .as_ref()
            .is_some_and(|items| items.send(item).is_ok())
        {
            Ok(())
        } else {
            Err(self.finish())
        }
    }

    /// Ends the items and waits for the result; `None` if the thread panicked or has been
    /// finished already.
    pub(crate) fn finish(&mut self) -> Option<R> {
        self.items = None;
        self.thread.take().and_then(|thread| thread.join().ok())
    }
}

impl<T, R> Drop for Feeder<T, R> {
    fn drop(&mut self) {
        self.items = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
