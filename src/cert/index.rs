//! The store's index for listings: per certificate what a listing and the assignment checks
//! need — its facts, the wizard's, whether its key is there and matches, whether its chain
//! verifies — kept in `certs/.index/` (sixteen owner-only shards) so that the Certificate Store page lists
//! 10,000 certificates without reading and verifying 10,000 certificates each time.
//!
//! Nothing in it is believed blindly: an entry is used only while each of its certificate's
//! files (`cert.pem`, `chain.pem`, `key.pem`, `meta.json`, `summary.json`) has the identity it
//! had when the entry was made (inode, size, modification and change times — a file changed
//! in place or replaced, from outside too, makes the entry be made again), and a chain verdict
//! only for the same trust anchors (lab CAs, imported roots, the system's) and the same
//! validity of the chain's certificates at the time of the check.
//!
//! A certificate the wizard adds (requested, imported, a response, a renewal) is noted at once
//! ([`add`]): its entry is appended to its shard's additions (`X.added`, one JSON line each,
//! owner-only), which the next listing folds into the shard — so the first listing after
//! 10,000 additions reads no certificate either. An addition is an entry like any other:
//! believed only while its files and the anchors are the ones it was made with.

use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::CertError;
use super::check::{Anchors, CostlyVerdicts, chain_verdict, key_verdict};
use super::info::CertInfo;
use super::store::{CertMeta, CertStore, StoredCert};
use crate::log::Reason;

/// The index's directory in the store (its name starts with a dot: never a certificate).
const DIR: &str = ".index";
const FORMAT: u32 = 1;
/// The files of a store entry whose identities an index entry records.
const FILES: [&str; 5] = [
    "cert.pem",
    "chain.pem",
    "key.pem",
    "meta.json",
    "summary.json",
];
/// Larger than any shard of a store a server can hold (about 1.5 KiB per certificate): a
/// bigger file is not read, and the shard is made again.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The identity of one file: any write, replacement or permission change alters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

fn stamps(store: &CertStore, thumb: &str) -> Vec<Option<Stamp>> {
    let dir = store.entry_dir(thumb);
    FILES
        .iter()
        .map(|name| {
            std::fs::symlink_metadata(dir.join(name))
                .ok()
                .map(|m| Stamp {
                    ino: m.ino(),
                    size: m.size(),
                    mtime: (m.mtime(), m.mtime_nsec()),
                    ctime: (m.ctime(), m.ctime_nsec()),
                })
        })
        .collect()
}

/// A chain verdict and what it holds for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ChainVerdict {
    /// The trust anchors' fingerprint ([`Anchors::fingerprint`]), or the own roots' when
    /// they sufficed for a success ([`Anchors::own_fingerprint`]).
    anchors: String,
    /// Which certificates of the chain were valid at the time checked.
    valid: Vec<bool>,
    failure: Option<(String, Reason)>,
}

/// Which certificates of `chain` are valid at the time a chain check of `leaf` uses (now,
/// within the leaf's own validity: its expiry is a check of its own).
fn validity(leaf: &CertInfo, chain: &[CertInfo]) -> Vec<bool> {
    let at = OffsetDateTime::now_utc().clamp(leaf.not_before, leaf.not_after);
    chain
        .iter()
        .map(|c| c.not_before <= at && at <= c.not_after)
        .collect()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    stamps: Vec<Option<Stamp>>,
    /// The certificate, its chain's facts left out (they are in the shard's `chains`).
    cert: StoredCert,
    /// Its chain's facts, as places in the shard's `chains`.
    chain_facts: Vec<usize>,
    key: Option<(String, Reason)>,
    chain: Option<ChainVerdict>,
}

/// One sixteenth of the index: the certificates whose thumbprint starts with one hexadecimal
/// digit (read and written independently, on every core). The facts of the CAs their chains
/// name are kept once per shard.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Shard {
    format: u32,
    chains: Vec<CertInfo>,
    entries: HashMap<String, Entry>,
}

impl Shard {
    fn file(store: &CertStore, digit: char) -> std::path::PathBuf {
        store.dir().join(DIR).join(format!("{digit}.json"))
    }

    fn load(store: &CertStore, digit: char) -> Shard {
        let path = Shard::file(store, digit);
        let read = || -> Option<Shard> {
            if std::fs::metadata(&path).ok()?.len() > MAX_BYTES {
                return None;
            }
            let shard: Shard = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
            let sound = shard.format == FORMAT
                && shard
                    .entries
                    .values()
                    .all(|e| e.chain_facts.iter().all(|&i| i < shard.chains.len()));
            sound.then_some(shard)
        };
        read().unwrap_or_default()
    }

    /// The file of the entries added since the shard was written.
    fn additions_file(store: &CertStore, digit: char) -> std::path::PathBuf {
        store.dir().join(DIR).join(format!("{digit}.added"))
    }

    /// The entries added since the shard was written (whole: their chain's facts inline), a
    /// later line for the same certificate winning; a damaged line is skipped.
    fn additions(store: &CertStore, digit: char) -> HashMap<String, Entry> {
        let path = Shard::additions_file(store, digit);
        let mut added = HashMap::new();
        if std::fs::metadata(&path).map_or(true, |m| m.len() > MAX_BYTES) {
            return added;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            return added;
        };
        for line in bytes.split(|&b| b == b'\n') {
            if let Ok(Added { thumb, entry }) = serde_json::from_slice::<Added>(line)
                && entry.chain_facts.is_empty()
                && thumb.starts_with(digit)
            {
                added.insert(thumb, entry);
            }
        }
        added
    }

    /// The certificate of `entry` whole again (its chain's facts put back).
    fn whole(&self, entry: &Entry) -> StoredCert {
        let mut cert = entry.cert.clone();
        cert.chain = entry
            .chain_facts
            .iter()
            .map(|&i| self.chains[i].clone())
            .collect();
        cert
    }

    /// Keeps `entry`, its chain's facts once in the shard.
    fn put(&mut self, thumb: String, mut entry: Entry, known: &mut HashMap<String, usize>) {
        let chain = std::mem::take(&mut entry.cert.chain);
        entry.chain_facts = chain
            .into_iter()
            .map(|info| {
                *known.entry(info.thumbprint.clone()).or_insert_with(|| {
                    self.chains.push(info);
                    self.chains.len() - 1
                })
            })
            .collect();
        self.entries.insert(thumb, entry);
    }
}

/// One line of a shard's additions.
#[derive(Debug, Serialize, Deserialize)]
struct Added {
    thumb: String,
    entry: Entry,
}

/// A certificate of the store with the verdicts of its costly checks.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// The certificate.
    pub cert: StoredCert,
    /// Its chain and key verdicts.
    pub verdicts: CostlyVerdicts,
}

/// One certificate: its entry as kept (`kept`, made whole), or made again (what changed is
/// redone, nothing else); whether anything changed. Without `anchors`, no chain verdict.
fn entry(
    store: &CertStore,
    thumb: &str,
    kept: Option<(&Entry, StoredCert)>,
    anchors: Option<&Anchors>,
) -> Result<(Entry, bool), CertError> {
    // The identities first: a file changed after this is seen by the next listing.
    let now_stamps = stamps(store, thumb);
    let fresh = kept.filter(|(e, _)| e.stamps == now_stamps);
    let mut leaf = None;
    let (cert, key, kept_chain) = match fresh {
        Some((e, cert)) => (cert, e.key.clone(), e.chain.clone()),
        None => {
            let cert = store.load(thumb.to_string(), store.meta(thumb)?)?;
            let der = store.leaf(thumb).unwrap_or_default();
            let key = key_verdict(store, thumb, &der);
            leaf = Some(der);
            (cert, key, None)
        }
    };
    let (chain, changed) = match anchors {
        None => (None, true),
        Some(anchors) => {
            let valid = validity(&cert.info, &cert.chain);
            match kept_chain {
                // The own roots' fingerprint first: it does not read the system's.
                Some(v)
                    if v.valid == valid
                        && (v.anchors == anchors.own_fingerprint()
                            || v.anchors == anchors.fingerprint()) =>
                {
                    (Some(v), false)
                }
                _ => {
                    let leaf = leaf.unwrap_or_else(|| store.leaf(thumb).unwrap_or_default());
                    let intermediates = store.chain(thumb).unwrap_or_default();
                    let (failure, by_own) =
                        chain_verdict(&leaf, &intermediates, anchors, &cert.info);
                    let verdict = ChainVerdict {
                        anchors: if by_own {
                            anchors.own_fingerprint()
                        } else {
                            anchors.fingerprint()
                        }
                        .to_string(),
                        valid,
                        failure,
                    };
                    (Some(verdict), true)
                }
            }
        }
    };
    Ok((
        Entry {
            stamps: now_stamps,
            cert,
            chain_facts: Vec::new(),
            key,
            chain,
        },
        changed,
    ))
}

/// Adds a certificate to the store ([`CertStore::add`]) and notes its entry in the index at
/// once, its chain verified against `anchors` (this deployment's; without them the next
/// listing verifies it). The one way the wizard adds a certificate.
pub fn add(
    store: &CertStore,
    leaf: &[u8],
    chain: &[Vec<u8>],
    key: Option<&[u8]>,
    meta: CertMeta,
    anchors: Option<&Anchors>,
) -> Result<StoredCert, CertError> {
    let stored = store.add(leaf, chain, key, meta)?;
    // A cache: an addition that cannot be noted is made by the next listing.
    let _ = note(store, &stored.thumbprint, anchors);
    Ok(stored)
}

/// Appends the entry of `thumb` to its shard's additions (owner-only from the first byte).
fn note(store: &CertStore, thumb: &str, anchors: Option<&Anchors>) -> std::io::Result<()> {
    let digit = thumb.chars().next().unwrap_or('0');
    let (entry, _) = entry(store, thumb, None, anchors).map_err(std::io::Error::other)?;
    let mut line = serde_json::to_vec(&Added {
        thumb: thumb.to_string(),
        entry,
    })
    .map_err(std::io::Error::other)?;
    line.push(b'\n');
    crate::data_dir::create_private_dir(&store.dir().join(DIR))?;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(Shard::additions_file(store, digit))?
        .write_all(&line)
}

/// The certificates of one shard: listed, and the shard written again when it changed.
fn scan_shard(
    store: &CertStore,
    digit: char,
    thumbs: &[&String],
    anchors: &Anchors,
) -> Result<Vec<Indexed>, CertError> {
    let kept = Shard::load(store, digit);
    let added = Shard::additions(store, digit);
    let mut changed = thumbs.len() != kept.entries.len() || !added.is_empty();
    let mut shard = Shard {
        format: FORMAT,
        ..Shard::default()
    };
    let mut known = HashMap::new();
    let mut listed = Vec::with_capacity(thumbs.len());
    for &thumb in thumbs {
        let old = match added.get(thumb) {
            Some(e) => Some((e, e.cert.clone())),
            None => kept.entries.get(thumb).map(|e| (e, kept.whole(e))),
        };
        let (entry, made) = entry(store, thumb, old, Some(anchors))?;
        changed |= made;
        listed.push(Indexed {
            cert: entry.cert.clone(),
            verdicts: CostlyVerdicts {
                chain: entry.chain.as_ref().and_then(|c| c.failure.clone()),
                key: entry.key.clone(),
            },
        });
        shard.put(thumb.clone(), entry, &mut known);
    }
    if changed {
        let write = || -> std::io::Result<()> {
            crate::data_dir::create_private_dir(&store.dir().join(DIR))?;
            let bytes = serde_json::to_vec(&shard).map_err(std::io::Error::other)?;
            crate::atomic::write_private(&Shard::file(store, digit), &bytes)?;
            // Folded in. (An addition noted meanwhile is lost to the index only: the next
            // listing makes its entry.)
            match std::fs::remove_file(Shard::additions_file(store, digit)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        };
        // A cache: a store that cannot be written is listed all the same.
        let _ = write();
    }
    Ok(listed)
}

/// Every certificate of the store, by friendly name (as [`CertStore::list`]), with its chain
/// and key verdicts against `anchors`; the index is brought up to date (a shard is written
/// only when something in it changed; a store that cannot be written is still listed).
pub fn scan(store: &CertStore, anchors: &Anchors) -> Result<Vec<Indexed>, CertError> {
    let thumbs = store.thumbprints()?;
    let by_shard: Vec<(char, Vec<&String>)> = "0123456789ABCDEF"
        .chars()
        .map(|d| (d, thumbs.iter().filter(|t| t.starts_with(d)).collect()))
        .collect();
    // The shards are independent: every core takes some.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let results: Vec<Result<Vec<Indexed>, CertError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|k| {
                let by_shard = &by_shard;
                scope.spawn(move || {
                    by_shard
                        .iter()
                        .skip(k)
                        .step_by(threads)
                        .map(|(digit, thumbs)| scan_shard(store, *digit, thumbs, anchors))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("indexing a certificate does not panic"))
            .collect()
    });
    let mut listed = Vec::with_capacity(thumbs.len());
    for shard in results {
        listed.extend(shard?);
    }
    listed.sort_by(|a, b| {
        a.cert
            .meta
            .friendly_name
            .cmp(&b.cert.meta.friendly_name)
            .then_with(|| a.cert.thumbprint.cmp(&b.cert.thumbprint))
    });
    Ok(listed)
}
