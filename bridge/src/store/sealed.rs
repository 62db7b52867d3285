//! Sealed records: every value in the store goes through here, encoded (postcard, or the
//! envelope for records that grow: see `envelope`) and sealed to its place (tree ‖ key). The
//! same code serves plain trees and transactions.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::IVec;
use sled::transaction::{ConflictableTransactionError, TransactionalTree, UnabortableTransactionError};

use super::envelope::Encoding;
use super::{StoreError, TreeName};
use crate::crypto::{Place, SEAL_HEADER, SealingKey};

/// Raw access to one tree, either directly or inside a transaction.
pub(crate) trait Kv {
    type Error: From<StoreError>;

    fn get_raw(&self, key: &[u8]) -> Result<Option<IVec>, Self::Error>;
    fn insert_raw(&self, key: &[u8], value: Vec<u8>) -> Result<(), Self::Error>;
    fn remove_raw(&self, key: &[u8]) -> Result<bool, Self::Error>;
}

impl Kv for sled::Tree {
    type Error = StoreError;

    fn get_raw(&self, key: &[u8]) -> Result<Option<IVec>, StoreError> {
        Ok(self.get(key)?)
    }

    fn insert_raw(&self, key: &[u8], value: Vec<u8>) -> Result<(), StoreError> {
        self.insert(key, value)?;
        Ok(())
    }

    fn remove_raw(&self, key: &[u8]) -> Result<bool, StoreError> {
        Ok(self.remove(key)?.is_some())
    }
}

/// Why a transaction's work stopped: a [`StoreError`] (or the engine's own) aborts it; a conflict
/// with another write makes [`Store::transact`](super::Store::transact) run the work again. Work
/// only passes it on with `?`; what it holds is the store's business.
#[derive(Debug)]
pub struct TxError(pub(super) ConflictableTransactionError<StoreError>);

impl From<StoreError> for TxError {
    fn from(error: StoreError) -> Self {
        Self(ConflictableTransactionError::Abort(error))
    }
}

impl From<UnabortableTransactionError> for TxError {
    fn from(error: UnabortableTransactionError) -> Self {
        Self(error.into())
    }
}

impl Kv for TransactionalTree {
    type Error = TxError;

    fn get_raw(&self, key: &[u8]) -> Result<Option<IVec>, TxError> {
        Ok(self.get(key)?)
    }

    fn insert_raw(&self, key: &[u8], value: Vec<u8>) -> Result<(), TxError> {
        self.insert(key, value)?;
        Ok(())
    }

    fn remove_raw(&self, key: &[u8]) -> Result<bool, TxError> {
        Ok(self.remove(key)?.is_some())
    }
}

pub(crate) fn seal<T: Serialize>(
    sealing: &SealingKey,
    tree: TreeName,
    key: &[u8],
    value: &T,
    size_hint: usize,
) -> Result<Vec<u8>, StoreError> {
    seal_as(Encoding::of(tree), sealing, tree, key, value, size_hint)
}

/// [`seal`] in a given encoding: migrations write the encoding of the schema they lead to.
pub(super) fn seal_as<T: Serialize>(
    encoding: Encoding,
    sealing: &SealingKey,
    tree: TreeName,
    key: &[u8],
    value: &T,
    size_hint: usize,
) -> Result<Vec<u8>, StoreError> {
    // Encoded straight after the header and sealed where it lies: one buffer from value to disk.
    let mut buffer = Vec::with_capacity(size_hint.saturating_add(SEAL_HEADER + 16 + 64));
    buffer.resize(SEAL_HEADER, 0);
    let mut buffer = encoding.encode_into(value, buffer).ok_or(StoreError::Encode { tree: tree.name() })?;
    sealing.seal_in_place(Place { tree: tree.name(), key }, &mut buffer)?;
    Ok(buffer)
}

pub(crate) fn open<T: DeserializeOwned>(
    sealing: &SealingKey,
    tree: TreeName,
    key: &[u8],
    sealed: &[u8],
) -> Result<T, StoreError> {
    open_as(Encoding::of(tree), sealing, tree, key, sealed)
}

/// [`open`] in a given encoding: migrations read the encoding of the schema they start from.
pub(super) fn open_as<T: DeserializeOwned>(
    encoding: Encoding,
    sealing: &SealingKey,
    tree: TreeName,
    key: &[u8],
    sealed: &[u8],
) -> Result<T, StoreError> {
    let plain = sealing
        .open(Place { tree: tree.name(), key }, sealed)
        .map_err(|_| StoreError::Tampered { tree: tree.name() })?;
    encoding.decode(&plain).ok_or(StoreError::Decode { tree: tree.name() })
}

pub(crate) fn get<K: Kv, T: DeserializeOwned>(
    kv: &K,
    sealing: &SealingKey,
    tree: TreeName,
    key: &[u8],
) -> Result<Option<T>, K::Error> {
    match kv.get_raw(key)? {
        Some(sealed) => Ok(Some(open(sealing, tree, key, &sealed)?)),
        None => Ok(None),
    }
}

pub(crate) fn put<K: Kv, T: Serialize>(
    kv: &K,
    sealing: &SealingKey,
    tree: TreeName,
    key: &[u8],
    value: &T,
) -> Result<(), K::Error> {
    let sealed = seal(sealing, tree, key, value, 512)?;
    kv.insert_raw(key, sealed)
}

/// [`put`] for a value of about `size_hint` encoded bytes: a large one (a file in a transcript
/// entry) is encoded into a buffer of the right size instead of one that doubled its way there.
pub(crate) fn put_sized<K: Kv, T: Serialize>(
    kv: &K,
    sealing: &SealingKey,
    tree: TreeName,
    key: &[u8],
    value: &T,
    size_hint: usize,
) -> Result<(), K::Error> {
    let sealed = seal(sealing, tree, key, value, size_hint)?;
    kv.insert_raw(key, sealed)
}
