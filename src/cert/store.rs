//! The certificate store: `certs/<THUMBPRINT>/` holds `cert.pem`, `chain.pem`, `key.pem`
//! (owner-only) and `meta.json`. A certificate is staged in a temporary directory and renamed
//! into place, so the store never holds half a certificate.

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::CertError;
use super::info::{CertInfo, public_key_bits, thumbprint};
use super::usage::Usage;
use crate::atomic;
use crate::data_dir::{DataDir, create_private_dir};

/// What the wizard knows about a stored certificate beyond the certificate itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertMeta {
    /// Friendly name, unique in the store.
    pub friendly_name: String,
    /// Whether the private key may be exported.
    pub exportable: bool,
    /// Certificate template asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Usages it was requested for.
    #[serde(default)]
    pub requested_usages: Vec<Usage>,
    /// Where it came from: `lab:<CA>`, `acme:<URL>`, `offline`, `import`.
    pub origin: String,
    /// When it entered the store.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
    /// How it was requested (what `cert renew` asks again); none for an imported certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<super::renewal::RequestRecord>,
}

/// A certificate in the store.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredCert {
    /// SHA-1 thumbprint, upper-case hex.
    pub thumbprint: String,
    /// The certificate's facts.
    pub info: CertInfo,
    /// The wizard's facts.
    pub meta: CertMeta,
    /// Whether its private key is in the store.
    pub has_key: bool,
    /// Issuers, leaf's issuer first.
    pub chain: Vec<CertInfo>,
}

/// The facts of a stored certificate and its chain, written with it.
#[derive(Serialize, Deserialize)]
struct Summary {
    format: u32,
    info: CertInfo,
    chain: Vec<CertInfo>,
    /// SHA-256 of the `key.pem` checked to match the certificate when it was stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_sha256: Option<String>,
}

const SUMMARY: &str = "summary.json";
const SUMMARY_FORMAT: u32 = 1;

/// The store of this server.
pub struct CertStore {
    dir: PathBuf,
}

fn pem_of(der: &[u8], tag: &str) -> String {
    pem::encode(&pem::Pem::new(tag, der.to_vec()))
}

impl CertStore {
    /// The store under `data`.
    pub fn open(data: &DataDir) -> Self {
        CertStore {
            dir: data.root().join("certs"),
        }
    }

    pub(crate) fn entry_dir(&self, thumbprint: &str) -> PathBuf {
        self.dir.join(thumbprint)
    }

    /// The store's directory.
    pub(crate) fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// The thumbprints of the stored certificates (their directories), in no order.
    pub(crate) fn thumbprints(&self) -> Result<Vec<String>, CertError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(CertError::io("cannot read the certificate store")(e)),
        };
        let mut thumbs = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                // A staging directory (a write in progress, or left by a crash), or the
                // index: never a certificate. Leftovers are removed by the next write, under
                // the lock.
                continue;
            }
            let thumb = name.to_ascii_uppercase();
            if !thumb.chars().all(|c| c.is_ascii_hexdigit())
                || !entry.file_type().is_ok_and(|t| t.is_dir())
            {
                continue;
            }
            thumbs.push(thumb);
        }
        Ok(thumbs)
    }

    /// Adds a certificate (with its issuers and, if given, its PKCS#8 private key). Adding a
    /// certificate already stored keeps its metadata and adds the key if it was missing.
    pub fn add(
        &self,
        leaf: &[u8],
        chain: &[Vec<u8>],
        key: Option<&[u8]>,
        meta: CertMeta,
    ) -> Result<StoredCert, CertError> {
        let info = CertInfo::from_der(leaf).map_err(CertError::BadInput)?;
        if let Some(key) = key {
            let pair = rcgen::KeyPair::try_from(key)
                .map_err(|e| CertError::BadInput(format!("the private key does not parse: {e}")))?;
            use rcgen::PublicKeyData;
            if public_key_bits(leaf).as_deref() != Some(pair.der_bytes()) {
                return Err(CertError::BadInput(format!(
                    "the private key does not belong to the certificate {} ({})",
                    info.thumbprint, info.subject
                )));
            }
        }
        let thumb = thumbprint(leaf);
        let target = self.entry_dir(&thumb);
        let io = |what: &str| CertError::io(format!("cannot {what} in {}", self.dir.display()));
        create_private_dir(&self.dir).map_err(io("create the certificate store"))?;
        if target.is_dir() {
            if let Some(key) = key
                && !target.join("key.pem").exists()
            {
                let key_pem = pem_of(key, "PRIVATE KEY");
                atomic::write_private(&target.join("key.pem"), key_pem.as_bytes())
                    .map_err(io("store the private key"))?;
                if let Some(mut summary) = self.summary(&thumb) {
                    summary.key_sha256 = Some(crate::store::sha256_hex(key_pem.as_bytes()));
                    atomic::write(
                        &target.join(SUMMARY),
                        &serde_json::to_vec(&summary).expect("a summary serialises"),
                    )
                    .map_err(io("store the certificate's summary"))?;
                }
            }
            return self.get(&thumb);
        }
        // Writers hold the data dir lock: a staging directory here was left by a crash.
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(".staging-") {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let staging = self
            .dir
            .join(format!(".staging-{}", atomic::random_suffix()));
        let key_pem = key.map(|key| pem_of(key, "PRIVATE KEY"));
        let write = || -> std::io::Result<()> {
            create_private_dir(&staging)?;
            atomic::write(
                &staging.join("cert.pem"),
                pem_of(leaf, "CERTIFICATE").as_bytes(),
            )?;
            let chain_pem: String = chain.iter().map(|der| pem_of(der, "CERTIFICATE")).collect();
            atomic::write(&staging.join("chain.pem"), chain_pem.as_bytes())?;
            if let Some(key_pem) = &key_pem {
                atomic::write_private(&staging.join("key.pem"), key_pem.as_bytes())?;
            }
            // What listing the store needs, read once now rather than parsed from the DER
            // each time (the directory's certificates never change: it is named after them).
            let summary = Summary {
                format: SUMMARY_FORMAT,
                info: info.clone(),
                chain: chain
                    .iter()
                    .filter_map(|der| CertInfo::from_der(der).ok())
                    .collect(),
                key_sha256: key_pem
                    .as_ref()
                    .map(|pem| crate::store::sha256_hex(pem.as_bytes())),
            };
            atomic::write(
                &staging.join(SUMMARY),
                &serde_json::to_vec(&summary).expect("a summary serialises"),
            )?;
            let mut json = serde_json::to_vec_pretty(&meta).expect("metadata serialises");
            json.push(b'\n');
            atomic::write(&staging.join("meta.json"), &json)?;
            atomic::crash_point();
            fs::rename(&staging, &target)?;
            atomic::sync_dir(&self.dir)
        };
        if let Err(error) = write() {
            let _ = fs::remove_dir_all(&staging);
            return Err(io("store the certificate")(error));
        }
        self.get(&thumb)
    }

    /// Every stored certificate, by friendly name.
    pub fn list(&self) -> Result<Vec<StoredCert>, CertError> {
        let mut certs = Vec::new();
        self.load_each(self.list_entries()?, |cert| {
            certs.push(cert?);
            Ok::<(), CertError>(())
        })?;
        Ok(certs)
    }

    /// The store's certificates, in the order [`CertStore::list`] gives (by friendly name),
    /// each with the wizard's facts: only the small metadata files are read, so a caller can
    /// [`CertStore::load`] and hand out one certificate at a time.
    pub fn list_entries(&self) -> Result<Vec<(String, CertMeta)>, CertError> {
        let mut certs = Vec::new();
        on_every_core(
            self.thumbprints()?,
            |thumb| self.meta(&thumb).map(|meta| (thumb, meta)),
            |entry| {
                certs.push(entry?);
                Ok::<(), CertError>(())
            },
        )?;
        certs.sort_by(|a, b| {
            a.1.friendly_name
                .cmp(&b.1.friendly_name)
                .then_with(|| a.0.cmp(&b.0))
        });
        Ok(certs)
    }

    /// Loads `entries` (as [`CertStore::list_entries`] gives them) on every core and hands
    /// each certificate to `each` in their order; a few hundred are in memory at a time,
    /// whatever the store's size. Stops at the first error `each` returns.
    pub fn load_each<E>(
        &self,
        entries: Vec<(String, CertMeta)>,
        each: impl FnMut(Result<StoredCert, CertError>) -> Result<(), E>,
    ) -> Result<(), E> {
        on_every_core(entries, |(thumb, meta)| self.load(thumb, meta), each)
    }

    /// One certificate by thumbprint (any case).
    pub fn get(&self, thumbprint: &str) -> Result<StoredCert, CertError> {
        let thumb = thumbprint.trim().to_ascii_uppercase();
        if thumb.is_empty() || !thumb.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(CertError::BadInput(format!(
                "{thumbprint:?} is not a thumbprint (40 hexadecimal digits)"
            )));
        }
        if !self.entry_dir(&thumb).is_dir() {
            return Err(CertError::NotFound(thumb));
        }
        let meta = self.meta(&thumb)?;
        self.load(thumb, meta)
    }

    /// The certificate `thumb` (as [`CertStore::list_entries`] gives it) with its `meta`.
    pub fn load(&self, thumb: String, meta: CertMeta) -> Result<StoredCert, CertError> {
        let dir = self.entry_dir(&thumb);
        let (info, chain) = match self.summary(&thumb) {
            Some(summary) => (summary.info, summary.chain),
            None => {
                let leaf = self.leaf(&thumb)?;
                let info = CertInfo::from_der(&leaf)
                    .map_err(|e| CertError::Failed(format!("stored certificate {thumb}: {e}")))?;
                let chain = self
                    .chain(&thumb)?
                    .iter()
                    .filter_map(|der| CertInfo::from_der(der).ok())
                    .collect();
                (info, chain)
            }
        };
        Ok(StoredCert {
            has_key: dir.join("key.pem").is_file(),
            thumbprint: thumb,
            info,
            meta,
            chain,
        })
    }

    /// The summary written with the certificate, when it is there and names it.
    fn summary(&self, thumb: &str) -> Option<Summary> {
        let bytes = fs::read(self.entry_dir(thumb).join(SUMMARY)).ok()?;
        let summary: Summary = serde_json::from_slice(&bytes).ok()?;
        (summary.format == SUMMARY_FORMAT && summary.info.thumbprint == thumb).then_some(summary)
    }

    /// Whether the stored private key is the one checked to match the certificate when it was
    /// stored (its file unchanged since): then the key check need not parse it again.
    pub fn key_known_to_match(&self, thumb: &str) -> bool {
        let Some(expected) = self.summary(thumb).and_then(|s| s.key_sha256) else {
            return false;
        };
        fs::read(self.entry_dir(thumb).join("key.pem"))
            .is_ok_and(|bytes| crate::store::sha256_hex(&bytes) == expected)
    }

    /// The wizard's facts of a stored certificate.
    pub(crate) fn meta(&self, thumb: &str) -> Result<CertMeta, CertError> {
        let dir = self.entry_dir(thumb);
        serde_json::from_slice(
            &fs::read(dir.join("meta.json"))
                .map_err(CertError::io(format!("cannot read {thumb}/meta.json")))?,
        )
        .map_err(|e| CertError::Failed(format!("{thumb}/meta.json is damaged: {e}")))
    }

    fn read_pem_file(&self, thumb: &str, file: &str) -> Result<Vec<pem::Pem>, CertError> {
        let path = self.entry_dir(thumb).join(file);
        match fs::read(&path) {
            Ok(bytes) => pem::parse_many(bytes)
                .map_err(|e| CertError::Failed(format!("{} is damaged: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(CertError::io(format!("cannot read {}", path.display()))(e)),
        }
    }

    /// The certificate's DER.
    pub fn leaf(&self, thumb: &str) -> Result<Vec<u8>, CertError> {
        self.read_pem_file(thumb, "cert.pem")?
            .into_iter()
            .next()
            .map(|p| p.into_contents())
            .ok_or_else(|| CertError::Failed(format!("{thumb}/cert.pem holds no certificate")))
    }

    /// The issuers' DER, leaf's issuer first.
    pub fn chain(&self, thumb: &str) -> Result<Vec<Vec<u8>>, CertError> {
        Ok(self
            .read_pem_file(thumb, "chain.pem")?
            .into_iter()
            .map(|p| p.into_contents())
            .collect())
    }

    /// The PKCS#8 private key, if stored.
    pub fn key(&self, thumb: &str) -> Result<Option<Vec<u8>>, CertError> {
        Ok(self
            .read_pem_file(thumb, "key.pem")?
            .into_iter()
            .next()
            .map(|p| p.into_contents()))
    }

    /// Removes a certificate and its key from the store.
    pub fn remove(&self, thumbprint: &str) -> Result<(), CertError> {
        let thumb = self.get(thumbprint)?.thumbprint;
        let root = self.dir.parent().unwrap_or(&self.dir);
        let _lock =
            crate::lock::lock(root).map_err(CertError::io("cannot lock the data directory"))?;
        let dir = self.entry_dir(&thumb);
        fs::remove_dir_all(&dir)
            .map_err(CertError::io(format!("cannot remove {}", dir.display())))?;
        atomic::sync_dir(&self.dir).map_err(CertError::io("cannot flush the certificate store"))
    }

    /// `base`, or `base (2)`, `base (3)`… so that it is unique in the store.
    pub fn unique_friendly_name(&self, base: &str) -> Result<String, CertError> {
        let taken: Vec<String> = self
            .list()?
            .into_iter()
            .map(|c| c.meta.friendly_name)
            .collect();
        let mut candidate = base.to_string();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base} ({n})");
            n += 1;
        }
        Ok(candidate)
    }
}

/// How many items a thread of [`on_every_core`] takes at a time.
const CHUNK: usize = 256;

/// `work` on every item, on every core (up to eight threads, each taking a chunk of items in
/// turn), the results handed to `each` in the items' order on the calling thread; at most two
/// chunks per thread wait in memory. Stops at the first error `each` returns (the threads stop
/// at their next chunk).
fn on_every_core<T: Send, R: Send, E>(
    items: Vec<T>,
    work: impl Fn(T) -> R + Sync,
    mut each: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || items.len() <= CHUNK {
        return items.into_iter().try_for_each(|item| each(work(item)));
    }
    // Thread k takes chunks k, k + threads, k + 2 × threads…
    let mut shares: Vec<Vec<Vec<T>>> = (0..threads).map(|_| Vec::new()).collect();
    let mut chunks = 0;
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        shares[chunks % threads].push(items.by_ref().take(CHUNK).collect());
        chunks += 1;
    }
    std::thread::scope(|scope| {
        let work = &work;
        let done: Vec<_> = shares
            .into_iter()
            .map(|share| {
                let (send, receive) = std::sync::mpsc::sync_channel::<Vec<R>>(1);
                scope.spawn(move || {
                    for chunk in share {
                        // The receiver is gone when `each` stopped: so does this thread.
                        if send.send(chunk.into_iter().map(work).collect()).is_err() {
                            return;
                        }
                    }
                });
                receive
            })
            .collect();
        for chunk in 0..chunks {
            let results = done[chunk % threads]
                .recv()
                .expect("a thread of on_every_core does not panic");
            results.into_iter().try_for_each(&mut each)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::{CHUNK, on_every_core};

    #[test]
    fn results_come_in_the_items_order_and_stop_at_the_first_error() {
        let items: Vec<usize> = (0..CHUNK * 7 + 3).collect();
        let mut seen = Vec::new();
        let all = on_every_core(
            items.clone(),
            |i| i * 2,
            |r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        );
        assert_eq!(all, Ok(()));
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());

        let mut seen = Vec::new();
        let stopped = on_every_core(
            items,
            |i| i,
            |r| {
                if r == CHUNK * 3 + 1 {
                    return Err(r);
                }
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(stopped, Err(CHUNK * 3 + 1));
        assert_eq!(seen, (0..=CHUNK * 3).collect::<Vec<_>>());
    }
}
