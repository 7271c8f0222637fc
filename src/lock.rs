//! Exclusive locks between processes on a directory (the data dir, a CMS directory), so that
//! two wizards changing the same store run one after the other instead of racing on its files.
//!
//! The lock is a `.lock` file locked with the operating system's advisory file lock. Within one
//! process it is reentrant for the thread that holds it (a certificate assignment runs step 1
//! inside its own run); other threads of the process wait like other processes do.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::Duration;

struct Held {
    owner: ThreadId,
    count: usize,
    file: Option<File>,
}

static HELD: Mutex<Option<HashMap<PathBuf, Held>>> = Mutex::new(None);

/// Holds the lock of a directory until dropped.
#[must_use = "the lock is released when the guard is dropped"]
pub struct DirLock {
    key: PathBuf,
}

/// Takes the exclusive lock of the existing directory `dir`, waiting for other holders.
pub fn lock(dir: &Path) -> std::io::Result<DirLock> {
    let key = dir.canonicalize()?;
    let me = std::thread::current().id();
    loop {
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        let map = held.get_or_insert_with(HashMap::new);
        match map.get_mut(&key) {
            Some(entry) if entry.owner == me => {
                entry.count += 1;
                return Ok(DirLock { key });
            }
            Some(_) => {
                drop(held);
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            None => {
                map.insert(
                    key.clone(),
                    Held {
                        owner: me,
                        count: 1,
                        file: None,
                    },
                );
            }
        }
        drop(held);
        // Wait for other processes outside the bookkeeping mutex.
        let opened = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(key.join(".lock"))
            .and_then(|file| file.lock().map(|()| file));
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        let map = held.get_or_insert_with(HashMap::new);
        return match opened {
            Ok(file) => {
                map.get_mut(&key).expect("our entry").file = Some(file);
                drop(held);
                remove_orphan_temporaries(&key);
                Ok(DirLock { key })
            }
            Err(error) => {
                map.remove(&key);
                Err(error)
            }
        };
    }
}

/// Removes the `.NAME.tmp-*` files of [`crate::atomic::write`] that a writer killed before its
/// rename left in `dir`. Only the lock's holder does this (for the locked directory, or a
/// directory inside it that only its holders write), so none of them is live.
pub(crate) fn remove_orphan_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.')
            && name.contains(".tmp-")
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            // Best effort: a leftover costs a few bytes, nothing else.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(map) = held.as_mut()
            && let Some(entry) = map.get_mut(&self.key)
        {
            entry.count -= 1;
            if entry.count == 0 {
                // Dropping the file releases the operating system's lock.
                map.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reentrant_in_one_thread_exclusive_across_threads() {
        let dir = tempfile::tempdir().unwrap();
        let outer = lock(dir.path()).unwrap();
        let inner = lock(dir.path()).unwrap();
        let path = dir.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        let other = std::thread::spawn(move || {
            let _guard = lock(&path).unwrap();
            tx.send(()).unwrap();
        });
        drop(inner);
        assert!(
            rx.recv_timeout(Duration::from_millis(200)).is_err(),
            "another thread waits while the lock is held"
        );
        drop(outer);
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the other thread gets the lock once it is released");
        other.join().unwrap();
    }
}
