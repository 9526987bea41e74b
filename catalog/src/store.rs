//! The catalog file: human-readable JSON, written atomically, changed under
//! a lock so concurrent `quarry` processes lose no change.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::error::CatalogError;
use crate::model::{CATALOG_FORMAT_VERSION, CatalogFile};

/// A catalog file on disk, with a cached copy refreshed when the file
/// changes (another process may change it at any time).
#[derive(Debug)]
pub struct CatalogStore {
    /// `None`: the catalog lives in memory only (a library user's default).
    path: Option<PathBuf>,
    cache: Mutex<Option<(FileStamp, CatalogFile)>>,
    memory: Mutex<CatalogFile>,
}

/// What tells one version of the file from the next.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileStamp {
    modified: Option<SystemTime>,
    len: u64,
}

fn stamp(path: &Path) -> Option<FileStamp> {
    let meta = fs::metadata(path).ok()?;
    Some(FileStamp {
        modified: meta.modified().ok(),
        len: meta.len(),
    })
}

fn io_error(path: &Path, action: &'static str, source: std::io::Error) -> CatalogError {
    CatalogError::Io {
        path: path.display().to_string(),
        action,
        source,
    }
}

impl CatalogStore {
    /// The store at `path`; nothing is read or created until used.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: Some(path.into()),
            cache: Mutex::new(None),
            memory: Mutex::new(CatalogFile::default()),
        }
    }

    /// A catalog kept in memory only, gone with the process.
    pub fn in_memory() -> Self {
        Self {
            path: None,
            cache: Mutex::new(None),
            memory: Mutex::new(CatalogFile::default()),
        }
    }

    /// The file's path, if the catalog is persisted.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The catalog as the file holds it now (an empty catalog with the
    /// `default` database when there is no file yet).
    pub fn load(&self) -> Result<CatalogFile, CatalogError> {
        let Some(path) = &self.path else {
            return Ok(self
                .memory
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone());
        };
        let current = stamp(path);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let (Some(now), Some((seen, catalog))) = (&current, cache.as_ref())
            && now == seen
        {
            return Ok(catalog.clone());
        }
        let catalog = read(path)?;
        if let Some(now) = current {
            *cache = Some((now, catalog.clone()));
        }
        Ok(catalog)
    }
}

fn read(path: &Path) -> Result<CatalogFile, CatalogError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CatalogFile::default()),
        Err(e) => return Err(io_error(path, "read", e)),
    };
    let catalog: CatalogFile = serde_json::from_str(&text).map_err(|e| CatalogError::Corrupt {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    if catalog.format_version > CATALOG_FORMAT_VERSION {
        return Err(CatalogError::Corrupt {
            path: path.display().to_string(),
            reason: format!(
                "it was written by a newer Quarry (format {}; this one reads {})",
                catalog.format_version, CATALOG_FORMAT_VERSION
            ),
        });
    }
    Ok(catalog)
}

impl CatalogStore {
    /// Applies `change` to the current catalog and writes the result, holding
    /// an exclusive lock from the read to the rename so that a concurrent
    /// change by another process is read first, never overwritten. If
    /// `change` fails, nothing is written.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut CatalogFile) -> Result<T, CatalogError>,
    ) -> Result<T, CatalogError> {
        let Some(path) = &self.path else {
            let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
            let mut copy = memory.clone();
            let result = change(&mut copy)?;
            *memory = copy;
            return Ok(result);
        };
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the directory", e))?;
        }
        let lock_path = path.with_extension("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io_error(&lock_path, "open the lock file", e))?;
        lock.lock().map_err(|e| io_error(&lock_path, "lock", e))?;
        let mut catalog = read(path)?;
        let result = change(&mut catalog)?;
        write_atomically(path, &catalog)?;
        // The lock is released when `lock` is dropped.
        drop(lock);
        Ok(result)
    }
}

/// Writes a temporary file beside the catalog, flushes it to disk, then
/// renames it over the catalog: a crash leaves the old or the new file.
fn write_atomically(path: &Path, catalog: &CatalogFile) -> Result<(), CatalogError> {
    let mut text = serde_json::to_string_pretty(catalog).map_err(|e| CatalogError::Corrupt {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    text.push('\n');
    let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        Ok(())
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(&tmp, "write", e));
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_error(path, "replace", e)
    })?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = File::open(dir)
    {
        // Makes the rename itself durable.
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DEFAULT_DATABASE, ViewDef};

    fn add_view(catalog: &mut CatalogFile, name: &str) -> Result<(), CatalogError> {
        let db = catalog
            .databases
            .get_mut(DEFAULT_DATABASE)
            .ok_or_else(|| CatalogError::DatabaseNotFound(DEFAULT_DATABASE.into()))?;
        db.views.insert(
            name.to_string(),
            ViewDef {
                name: name.to_string(),
                sql: "SELECT 1".to_string(),
            },
        );
        Ok(())
    }

    #[test]
    fn missing_file_is_an_empty_catalog_with_default() {
        let dir = tempfile::tempdir().unwrap();
        let store = CatalogStore::new(dir.path().join("catalog.json"));
        let catalog = store.load().unwrap();
        assert!(catalog.databases.contains_key("default"));
        assert!(
            !dir.path().join("catalog.json").exists(),
            "reading creates nothing"
        );
    }

    #[test]
    fn updates_persist_and_failed_updates_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("catalog.json");
        let store = CatalogStore::new(&path);
        store.update(|c| add_view(c, "v1")).unwrap();
        let before = fs::read(&path).unwrap();
        let err = store
            .update(|c| {
                add_view(c, "v2")?;
                Err::<(), _>(CatalogError::DatabaseNotFound("nope".into()))
            })
            .unwrap_err();
        assert!(matches!(err, CatalogError::DatabaseNotFound(_)));
        assert_eq!(fs::read(&path).unwrap(), before);
        let reopened = CatalogStore::new(&path).load().unwrap();
        assert!(reopened.databases["default"].views.contains_key("v1"));
        assert!(!reopened.databases["default"].views.contains_key("v2"));
    }

    #[test]
    fn concurrent_writers_lose_no_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.json");
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    // Each thread has its own store, as each process would.
                    let store = CatalogStore::new(path);
                    for i in 0..10 {
                        store.update(|c| add_view(c, &format!("v{t}_{i}"))).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let catalog = CatalogStore::new(&path).load().unwrap();
        assert_eq!(catalog.databases["default"].views.len(), 80);
    }

    #[test]
    fn a_newer_format_is_refused_not_misread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.json");
        fs::write(&path, r#"{"format_version": 99, "databases": {}}"#).unwrap();
        let err = CatalogStore::new(&path).load().unwrap_err().to_string();
        assert!(err.contains("newer Quarry"), "{err}");
    }

    #[test]
    fn a_torn_file_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.json");
        fs::write(&path, r#"{"format_version": 1, "databases": {"#).unwrap();
        let err = CatalogStore::new(&path).load().unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
    }
}
