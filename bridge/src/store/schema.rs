//! The key check and the schema version, both in the `meta` tree.

use super::{Store, StoreError, TreeName};

/// The schema this build writes.
pub const SCHEMA_VERSION: u32 = 5;

/// Takes a store at version `n` to `n + 1`.
pub(crate) type Migration = fn(&Store) -> Result<(), StoreError>;

/// `MIGRATIONS[i]` takes a store from version `i + 1` to `i + 2`. Append, never edit.
const MIGRATIONS: &[Migration] = &[
    super::migrations::visitors_gain_the_safe_word,
    super::migrations::auto_hide_and_activity_times,
    super::migrations::visitors_and_conversations_in_the_envelope,
    super::migrations::stats_in_the_envelope,
];

const KEY_CHECK: &[u8] = b"key-check";
const VERSION: &[u8] = b"schema-version";
/// What the key check record holds; any other plaintext (or a failed open) means another key.
const KEY_CHECK_PLAINTEXT: &str = "hopenow-bridge key check v1";

/// A target version and the migrations that reach it.
pub(crate) struct Schema {
    pub version: u32,
    pub migrations: &'static [Migration],
}

impl Schema {
    pub(crate) const fn current() -> Self {
        Self { version: SCHEMA_VERSION, migrations: MIGRATIONS }
    }
}

/// Checks the master key against the data dir, initializes a new one, and migrates an old one.
pub(super) fn prepare(store: &Store, schema: &Schema) -> Result<(), StoreError> {
    let meta = store.tree(TreeName::Meta);
    match meta.get(KEY_CHECK)? {
        Some(sealed) => key_matches(store, &sealed)?,
        None => {
            let empty = TreeName::ALL.iter().all(|t| store.tree(*t).is_empty());
            if !empty {
                return Err(StoreError::MissingKeyCheck { path: store.path.clone() });
            }
            store.put(TreeName::Meta, KEY_CHECK, &KEY_CHECK_PLAINTEXT)?;
            store.put(TreeName::Meta, VERSION, &schema.version)?;
            store.flush()?;
            return Ok(());
        }
    }

    let mut found: u32 =
        store.get(TreeName::Meta, VERSION)?.ok_or(StoreError::MissingKeyCheck { path: store.path.clone() })?;
    if found > schema.version {
        return Err(StoreError::SchemaTooNew { path: store.path.clone(), found, supported: schema.version });
    }
    if found < schema.version {
        // Before the first step touches anything: the way back, should the new version fail.
        store.flush()?;
        let copy = super::layout::copy_before_migration(&store.path, found)?;
        tracing::info!(
            from = found,
            to = schema.version,
            copy = %copy.display(),
            "data dir copied before its migration; delete the copy once this version runs well"
        );
    }
    while found < schema.version {
        let step = usize::try_from(found).ok().and_then(|n| n.checked_sub(1)).and_then(|i| schema.migrations.get(i));
        let Some(migrate) = step else {
            return Err(StoreError::Migration {
                from: found,
                source: Box::new(StoreError::NotFound { what: "migration" }),
            });
        };
        migrate(store).map_err(|source| StoreError::Migration { from: found, source: Box::new(source) })?;
        found += 1;
        store.put(TreeName::Meta, VERSION, &found)?;
        store.flush()?;
        tracing::info!(schema = found, "data dir migrated");
    }
    Ok(())
}

/// The sealed key check record and the schema version of the database `meta` tree (a backup's
/// snapshot); `None` for a database that has none.
pub(super) fn key_check_and_version(
    keys: &crate::crypto::Keys,
    meta: &sled::Tree,
) -> Result<Option<(Vec<u8>, u32)>, StoreError> {
    let (Some(check), Some(version)) = (meta.get(KEY_CHECK)?, meta.get(VERSION)?) else { return Ok(None) };
    let version: u32 = super::sealed::open(&keys.state, TreeName::Meta, VERSION, &version)?;
    Ok(Some((check.to_vec(), version)))
}

/// Whether `sealed`, a key check record (a backup's), was made with these keys.
pub(super) fn key_check_opens(keys: &crate::crypto::Keys, sealed: &[u8]) -> bool {
    super::sealed::open::<String>(&keys.state, TreeName::Meta, KEY_CHECK, sealed)
        .is_ok_and(|check| check == KEY_CHECK_PLAINTEXT)
}

/// The version recorded in the data dir, after checking the key; `None` for a new, empty one.
/// Migrates nothing.
pub(super) fn inspect(store: &Store) -> Result<Option<u32>, StoreError> {
    let meta = store.tree(TreeName::Meta);
    let Some(sealed) = meta.get(KEY_CHECK)? else {
        return Ok(None);
    };
    key_matches(store, &sealed)?;
    store.get(TreeName::Meta, VERSION)
}

/// The key check record opens with this store's key and holds what it should.
fn key_matches(store: &Store, sealed: &[u8]) -> Result<(), StoreError> {
    let check: String = super::sealed::open(&store.keys.state, TreeName::Meta, KEY_CHECK, sealed)
        .map_err(|_| StoreError::WrongKey { path: store.path.clone() })?;
    if check != KEY_CHECK_PLAINTEXT {
        return Err(StoreError::WrongKey { path: store.path.clone() });
    }
    Ok(())
}

/// Records `version` as the data dir's schema (tests: a data dir an older build left).
#[cfg(any(test, feature = "test-team"))]
pub(super) fn record_version(store: &Store, version: u32) -> Result<(), StoreError> {
    store.put(TreeName::Meta, VERSION, &version)?;
    store.flush().map(drop)
}

/// The version recorded in the data dir.
#[cfg(test)]
pub(crate) fn stored_version(store: &Store) -> Result<Option<u32>, StoreError> {
    store.get(TreeName::Meta, VERSION)
}
