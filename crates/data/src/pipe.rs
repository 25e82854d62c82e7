//! A writer that hands its bytes to a thread of its own: the Parquet encoder then does not
//! wait on what the final writer does with them (hashing a blob, the file system).

use std::io::{self, Write};
use std::sync::mpsc::Receiver;

use crate::feeder::Feeder;

/// Bytes gathered before they are handed over.
const CHUNK: usize = 1 << 20;
/// Chunks that may wait for the writing thread: more than a row group's encoded bytes (about
/// 18 MiB on the import benchmark), so closing a row group never waits on the hashing (with 8,
/// the encoder, and in turn the converting threads, stalled for a few ms at every group).
const QUEUED: usize = 32;

/// Writes to `W` on another thread; [`Pipe::finish`] waits for it and gives `W` back.
pub(crate) struct Pipe<W> {
    buffer: Vec<u8>,
    writer: Feeder<Vec<u8>, io::Result<W>>,
}

impl<W: Write + Send + 'static> Pipe<W> {
    /// Starts the writing thread.
    pub(crate) fn new(mut inner: W) -> io::Result<Self> {
        let writer = Feeder::spawn(
            "blob-writer",
            QUEUED,
            move |chunks: Receiver<Vec<u8>>| -> io::Result<W> {
                for chunk in chunks {
                    inner.write_all(&chunk)?;
                }
                inner.flush()?;
                Ok(inner)
            },
        )?;
        Ok(Self {
            buffer: Vec::with_capacity(CHUNK),
            writer,
        })
    }

    /// Hands the gathered bytes over; if the thread has stopped, its error says why.
    fn hand_over(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        self.writer.send(chunk).map_err(|stopped| match stopped {
            Some(Err(e)) => e,
            _ => io::Error::other("the blob writer stopped"),
        })
    }

    /// Writes what is left, waits for the thread and returns the inner writer.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        self.hand_over()?;
        self.writer
            .finish()
            .unwrap_or_else(|| Err(io::Error::other("the blob writer thread panicked")))
    }
}

impl<W: Write + Send + 'static> Write for Pipe<W> {
    /// Takes what fits in the chunk being gathered, so a chunk never grows past [`CHUNK`]
    /// (growing it copied the chunk, and a large write went over in one oversized piece).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let take = buf.len().min(CHUNK - self.buffer.len());
        self.buffer.extend_from_slice(&buf[..take]);
        if self.buffer.len() >= CHUNK {
            self.hand_over()?;
        }
        Ok(take)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.hand_over()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    /// A disk that is always full.
    struct Full;

    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Records the size of every write it takes.
    struct Sizes(Vec<usize>);

    impl std::io::Write for Sizes {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.push(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn large_writes_go_over_in_whole_chunks() {
        let mut pipe = super::Pipe::new(Sizes(Vec::new())).unwrap_or_else(|e| panic!("{e}"));
        assert!(pipe.write_all(&[1; 10]).is_ok());
        assert!(pipe.write_all(&vec![2; super::CHUNK * 2 + 5]).is_ok());
        let sizes = pipe.finish().map(|s| s.0).unwrap_or_default();
        assert_eq!(sizes, [super::CHUNK, super::CHUNK, 15]);
    }

    #[test]
    fn bytes_arrive_in_order_and_errors_come_back() {
        let mut pipe = super::Pipe::new(Vec::new()).unwrap_or_else(|e| panic!("{e}"));
        let mut expected = Vec::new();
        for i in 0..3000u32 {
            let piece = vec![(i % 251) as u8; (i as usize * 37) % 2000];
            assert!(pipe.write_all(&piece).is_ok());
            expected.extend(piece);
        }
        assert!(pipe.finish().is_ok_and(|got| got == expected));

        let mut pipe = super::Pipe::new(Full).unwrap_or_else(|e| panic!("{e}"));
        let big = vec![0u8; super::CHUNK * 20];
        let err = pipe
            .write_all(&big)
            .and_then(|()| pipe.finish().map(|_| ()));
        assert!(err.is_err_and(|e| e.to_string().contains("disk full")));
    }
}
