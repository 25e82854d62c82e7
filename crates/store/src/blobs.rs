//! Content-addressed blob store: `blobs/ab/abcdef…` named by the SHA-256 of the bytes.
//! Writes go to a temporary file that is synced and renamed into place, so a blob is either
//! complete or absent; the same bytes are stored once.

use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

/// A stored blob: its content hash and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlobRef {
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// The `blobs/` folder of a project.
#[derive(Debug, Clone)]
pub struct BlobStore {
    dir: PathBuf,
}

const TMP_DIR: &str = ".tmp";

impl BlobStore {
    /// Opens (creating if needed) the blob folder at `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        fs::create_dir_all(dir.join(TMP_DIR)).map_err(StoreError::io(dir))?;
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    /// Stores `bytes`; returns their reference. Storing the same bytes again is a no-op.
    pub fn put_bytes(&self, bytes: &[u8]) -> Result<BlobRef> {
        self.put_reader(bytes)
    }

    /// Stores the contents of the file at `path` (streamed, never read whole into memory).
    pub fn put_file(&self, path: &Path) -> Result<BlobRef> {
        let file = File::open(path).map_err(StoreError::io(path))?;
        self.put_reader(BufReader::new(file)).map_err(|e| match e {
            StoreError::Io { source, .. } if source.kind() != io::ErrorKind::StorageFull => {
                StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            }
            other => other,
        })
    }

    /// Stores everything `reader` yields, hashing as it streams to a temporary file.
    pub fn put_reader(&self, mut reader: impl Read) -> Result<BlobRef> {
        let mut writer = self.writer()?;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = reader
                .read(&mut buf)
                .map_err(StoreError::io(&writer.tmp.path))?;
            if n == 0 {
                break;
            }
            writer
                .write_all(&buf[..n])
                .map_err(StoreError::io(&writer.tmp.path))?;
        }
        writer.finish()
    }

    /// A writer whose bytes become a blob when [`BlobWriter::finish`] is called; dropping it
    /// unfinished (an error, a cancel) leaves nothing behind.
    pub fn writer(&self) -> Result<BlobWriter> {
        Ok(BlobWriter {
            store: self.clone(),
            tmp: tempfile_in(&self.dir.join(TMP_DIR))?,
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// The path of an existing blob.
    pub fn path(&self, sha256: &str) -> Result<PathBuf> {
        if !is_sha256_hex(sha256) {
            return Err(StoreError::Invalid {
                field: "blob hash",
                reason: format!("{sha256:?} is not a lower-case hex SHA-256"),
            });
        }
        let path = self.path_unchecked(sha256);
        if path.is_file() {
            Ok(path)
        } else {
            Err(StoreError::BlobMissing {
                sha256: sha256.to_owned(),
                dir: self.dir.clone(),
            })
        }
    }

    /// Reads a whole blob into memory.
    pub fn read(&self, sha256: &str) -> Result<Vec<u8>> {
        let path = self.path(sha256)?;
        fs::read(&path).map_err(StoreError::io(path))
    }

    /// Whether a blob with this hash is stored.
    pub fn contains(&self, sha256: &str) -> bool {
        is_sha256_hex(sha256) && self.path_unchecked(sha256).is_file()
    }

    /// Number of stored blobs.
    pub fn count(&self) -> Result<u64> {
        let mut n = 0;
        for shard in fs::read_dir(&self.dir).map_err(StoreError::io(&self.dir))? {
            let shard = shard.map_err(StoreError::io(&self.dir))?;
            if shard.file_name() == TMP_DIR || !shard.path().is_dir() {
                continue;
            }
            let entries = fs::read_dir(shard.path()).map_err(StoreError::io(shard.path()))?;
            n += entries.count() as u64;
        }
        Ok(n)
    }

    fn path_unchecked(&self, sha256: &str) -> PathBuf {
        self.dir.join(&sha256[..2]).join(sha256)
    }
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Streams bytes into a temporary file while hashing them; see [`BlobStore::writer`].
#[derive(Debug)]
pub struct BlobWriter {
    store: BlobStore,
    tmp: TempFile,
    hasher: Sha256,
    size: u64,
}

impl Write for BlobWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.tmp.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.file.flush()
    }
}

impl BlobWriter {
    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Syncs the bytes and moves them into place under their hash; returns the reference.
    pub fn finish(self) -> Result<BlobRef> {
        self.finish_with(|_| ()).map(|(blob, ())| blob)
    }

    /// Like [`BlobWriter::finish`], running `work` on the complete bytes (at a temporary path)
    /// while they are synced to disk — e.g. profiling a snapshot while the disk catches up.
    /// The blob is in place when this returns, whatever `work` gave.
    pub fn finish_with<T>(mut self, work: impl FnOnce(&Path) -> T) -> Result<(BlobRef, T)> {
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let size = self.size;
        let final_path = self.store.path_unchecked(&sha256);
        // The same bytes already stored need no sync.
        let stored = final_path.is_file();
        let tmp = &self.tmp;
        let (synced, out) = std::thread::scope(|scope| {
            let sync = scope.spawn(|| if stored { Ok(()) } else { tmp.file.sync_all() });
            let out = work(&tmp.path);
            let synced = sync
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the disk sync thread panicked")));
            (synced, out)
        });
        synced.map_err(StoreError::io(&self.tmp.path))?;
        let blob = BlobRef { sha256, size };
        if stored {
            return Ok((blob, out));
        }
        if let Some(parent) = final_path.parent() {
            fs::create_dir_all(parent).map_err(StoreError::io(parent))?;
        }
        fs::rename(&self.tmp.path, &final_path).map_err(StoreError::io(&final_path))?;
        self.tmp.keep = true;
        Ok((blob, out))
    }
}

/// A temporary file removed on drop unless kept.
#[derive(Debug)]
struct TempFile {
    path: PathBuf,
    file: File,
    keep: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn tempfile_in(dir: &Path) -> Result<TempFile> {
    let path = dir.join(format!("{}.part", uuid::Uuid::new_v4()));
    let file = File::create_new(&path).map_err(StoreError::io(&path))?;
    Ok(TempFile {
        path,
        file,
        keep: false,
    })
}
