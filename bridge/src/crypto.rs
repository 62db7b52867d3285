//! Keys and sealing, with ring only.
//!
//! One master key; HKDF-SHA256 subkeys with distinct labels; AES-256-GCM with a random 96-bit
//! nonce per seal and the record's place (tree ‖ key) as associated data, so a ciphertext
//! cannot be replayed under another record. Each conversation has its own data key, wrapped by
//! the `kek` subkey: deleting the wrapped key destroys the conversation (crypto-shredding).
//!
//! ring's expanded key schedules live inside ring and are not zeroized; the raw bytes we hold
//! are, on drop.

use std::fmt;

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::hkdf::{self, HKDF_SHA256};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
#[cfg(test)]
use zeroize::Zeroize;
use zeroize::Zeroizing;

/// Length of every symmetric key in the bridge.
pub(crate) const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// First byte of every sealed value, so the format can change without guessing.
const SEAL_FORMAT: u8 = 1;
/// Bytes a sealed value adds to its plaintext.
pub(crate) const SEAL_OVERHEAD: usize = SEAL_HEADER + TAG_LEN;
/// Bytes before the ciphertext: format and nonce. [`SealingKey::seal_in_place`] expects the
/// plaintext to start here.
pub(crate) const SEAL_HEADER: usize = 1 + NONCE_LEN;
const HKDF_SALT: &[u8] = b"hopenow-bridge master key v1";

/// What went wrong in a cryptographic operation. Never carries key or plaintext bytes.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    /// The operating system gave no random bytes.
    #[error("the system random number generator failed")]
    Random,
    /// A sealed value does not open with this key at this place.
    #[error("a sealed value failed authentication: it was altered, moved, or sealed with another key")]
    Unauthentic,
    /// The place a value is bound to does not fit in the associated data.
    #[error("a record's tree name and key are too long to bind to its value")]
    PlaceTooLong,
    /// Key bytes of the wrong length.
    #[error("a key has the wrong length: expected {KEY_LEN} bytes, found {0}")]
    KeyLength(usize),
    /// A master key given as text is not 64 hex digits.
    #[error("a master key must be {expected} hexadecimal characters; found {found} characters{detail}")]
    MasterKeyFormat {
        /// Hex digits a key has.
        expected: usize,
        /// Characters given.
        found: usize,
        /// What else is wrong, if anything (empty, or starting with a separator).
        detail: &'static str,
    },
}

/// Fills `out` from the operating system's random source.
pub(crate) fn random_bytes(out: &mut [u8]) -> Result<(), CryptoError> {
    SystemRandom::new().fill(out).map_err(|_| CryptoError::Random)
}

/// Random nonces fetched from the operating system 64 at a time: one system call per 64 seals
/// instead of one per seal, and each nonce is still fresh OS randomness, used once.
struct NoncePool {
    bytes: [u8; NONCE_LEN * 64],
    used: usize,
}

static NONCES: std::sync::Mutex<NoncePool> =
    std::sync::Mutex::new(NoncePool { bytes: [0; NONCE_LEN * 64], used: NONCE_LEN * 64 });

fn random_nonce() -> Result<[u8; NONCE_LEN], CryptoError> {
    let mut pool = NONCES.lock().map_err(|_| CryptoError::Random)?;
    if pool.used == pool.bytes.len() {
        random_bytes(&mut pool.bytes)?;
        pool.used = 0;
    }
    let mut nonce = [0u8; NONCE_LEN];
    let start = pool.used;
    nonce.copy_from_slice(&pool.bytes[start..start + NONCE_LEN]);
    // A nonce handed out is wiped from the pool so it can never be handed out twice.
    pool.bytes[start..start + NONCE_LEN].fill(0);
    pool.used += NONCE_LEN;
    Ok(nonce)
}

/// The 32-byte secret all other keys derive from.
pub struct MasterKey(Zeroizing<[u8; KEY_LEN]>);

impl MasterKey {
    /// A fresh key from the system's random source (`hopenow keygen`).
    pub fn generate() -> Result<Self, CryptoError> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        random_bytes(bytes.as_mut())?;
        Ok(Self(bytes))
    }

    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        let mut copy = bytes;
        let key = Self(Zeroizing::new(copy));
        copy.zeroize();
        key
    }

    /// Parses the text form: 64 hexadecimal characters, surrounding whitespace ignored.
    pub fn from_hex(text: &str) -> Result<Self, CryptoError> {
        let text = text.trim();
        let expected = KEY_LEN * 2;
        if text.len() != expected {
            return Err(CryptoError::MasterKeyFormat { expected, found: text.len(), detail: "" });
        }
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        hex::decode_to_slice(text, bytes.as_mut()).map_err(|_| CryptoError::MasterKeyFormat {
            expected,
            found: text.len(),
            detail: ", some of them not 0-9 or a-f",
        })?;
        Ok(Self(bytes))
    }

    /// The text form written to key files: 64 lowercase hexadecimal characters.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_ref()))
    }

    /// Derives the subkeys. Each label gives an independent key.
    pub(crate) fn derive(&self) -> Result<Keys, CryptoError> {
        let prk = hkdf::Salt::new(HKDF_SHA256, HKDF_SALT).extract(self.0.as_ref());
        let subkey = |label: &'static [u8]| -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
            let mut out = Zeroizing::new([0u8; KEY_LEN]);
            let info = [label];
            let okm = prk.expand(&info, HKDF_SHA256).map_err(|_| CryptoError::KeyLength(0))?;
            okm.fill(out.as_mut()).map_err(|_| CryptoError::KeyLength(0))?;
            Ok(out)
        };
        Ok(Keys {
            index: BlindIndexKey::new(&*subkey(b"index")?),
            state: SealingKey::new(&*subkey(b"state")?)?,
            kek: SealingKey::new(&*subkey(b"kek")?)?,
            matrix_store: MatrixStoreKey(subkey(b"matrix-store")?),
            audit: AuditChainKey(hmac::Key::new(hmac::HMAC_SHA256, &*subkey(b"audit-chain")?)),
            backup: BackupRoot(subkey(b"backup")?),
        })
    }
}

/// The root of backup keys: the master key's subkey for "backup". Each backup file has a key of
/// its own, derived from this root and the file's random salt, because chunk nonces are counters
/// that every file starts again at 0.
pub(crate) struct BackupRoot(Zeroizing<[u8; KEY_LEN]>);

impl BackupRoot {
    /// The key of the backup file with this salt.
    pub(crate) fn file_key(&self, salt: &[u8; KEY_LEN]) -> Result<BackupKey, CryptoError> {
        let prk = hkdf::Salt::new(HKDF_SHA256, salt).extract(self.0.as_ref());
        let mut raw = Zeroizing::new([0u8; KEY_LEN]);
        let info: [&[u8]; 1] = [b"hopenow backup file v1"];
        let okm = prk.expand(&info, HKDF_SHA256).map_err(|_| CryptoError::KeyLength(0))?;
        okm.fill(raw.as_mut()).map_err(|_| CryptoError::KeyLength(0))?;
        let unbound = UnboundKey::new(&AES_256_GCM, raw.as_ref()).map_err(|_| CryptoError::KeyLength(KEY_LEN))?;
        Ok(BackupKey { key: LessSafeKey::new(unbound) })
    }
}

impl fmt::Debug for BackupRoot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupRoot").finish_non_exhaustive()
    }
}

/// Seals the chunks of one backup file, STREAM-style: the nonce is the chunk's number and a
/// flag on the last one, so a chunk moved, dropped or cut off (the flag missing at the end)
/// fails to open.
pub(crate) struct BackupKey {
    key: LessSafeKey,
}

/// Bytes a sealed backup chunk adds to its plaintext.
pub(crate) const BACKUP_TAG_LEN: usize = TAG_LEN;

impl BackupKey {
    fn nonce(counter: u64, last: bool) -> Nonce {
        let mut nonce = [0u8; NONCE_LEN];
        nonce[..8].copy_from_slice(&counter.to_be_bytes());
        nonce[NONCE_LEN - 1] = u8::from(last);
        Nonce::assume_unique_for_key(nonce)
    }

    /// Seals `buffer` (a chunk's plaintext) in place and appends the tag; `aad` is the file's
    /// header, so the header cannot be changed either.
    pub(crate) fn seal_chunk(
        &self,
        counter: u64,
        last: bool,
        aad: &[u8],
        buffer: &mut Vec<u8>,
    ) -> Result<(), CryptoError> {
        let tag = self
            .key
            .seal_in_place_separate_tag(Self::nonce(counter, last), Aad::from(aad), buffer)
            .map_err(|_| CryptoError::Unauthentic)?;
        buffer.extend_from_slice(tag.as_ref());
        Ok(())
    }

    /// Opens a chunk sealed by [`BackupKey::seal_chunk`] in place; the plaintext's length.
    pub(crate) fn open_chunk(
        &self,
        counter: u64,
        last: bool,
        aad: &[u8],
        sealed: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.key
            .open_in_place(Self::nonce(counter, last), Aad::from(aad), sealed)
            .map(|plain| plain.len())
            .map_err(|_| CryptoError::Unauthentic)
    }
}

impl fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupKey").finish_non_exhaustive()
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKey").finish_non_exhaustive()
    }
}

/// The subkeys of one master key.
pub(crate) struct Keys {
    /// HMAC key of the blind indexes.
    pub(crate) index: BlindIndexKey,
    /// Seals live records.
    pub(crate) state: SealingKey,
    /// Wraps per-conversation data keys.
    pub(crate) kek: SealingKey,
    /// Raw key for matrix-sdk's sqlite store.
    pub(crate) matrix_store: MatrixStoreKey,
    /// HMAC key of the audit log's hash chain.
    pub(crate) audit: AuditChainKey,
    /// Root of the keys of backup files.
    pub(crate) backup: BackupRoot,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys").finish_non_exhaustive()
    }
}

/// The raw key matrix-sdk's sqlite store is encrypted with.
pub struct MatrixStoreKey(Zeroizing<[u8; KEY_LEN]>);

impl MatrixStoreKey {
    /// The key bytes, for matrix-sdk's store passphrase; never logged.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for MatrixStoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MatrixStoreKey").finish_non_exhaustive()
    }
}

/// Where a sealed value lives: it is bound to this place by the AEAD's associated data.
#[derive(Clone, Copy)]
pub(crate) struct Place<'a> {
    pub(crate) tree: &'a str,
    pub(crate) key: &'a [u8],
}

/// Associated data built on the stack: every place in the store fits.
struct PlaceAad {
    bytes: [u8; 128],
    len: usize,
}

impl AsRef<[u8]> for PlaceAad {
    fn as_ref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl Place<'_> {
    /// tree length ‖ tree ‖ record key: unambiguous because tree names are short.
    fn aad(&self) -> Result<Aad<PlaceAad>, CryptoError> {
        let tree = self.tree.as_bytes();
        let len = 1 + tree.len() + self.key.len();
        let tree_len = u8::try_from(tree.len()).map_err(|_| CryptoError::PlaceTooLong)?;
        let mut aad = PlaceAad { bytes: [0; 128], len };
        let bytes = aad.bytes.get_mut(..len).ok_or(CryptoError::PlaceTooLong)?;
        bytes[0] = tree_len;
        bytes[1..1 + tree.len()].copy_from_slice(tree);
        bytes[1 + tree.len()..].copy_from_slice(self.key);
        Ok(Aad::from(aad))
    }
}

/// An AES-256-GCM key that seals values to a [`Place`].
pub(crate) struct SealingKey {
    key: LessSafeKey,
}

impl SealingKey {
    pub(crate) fn new(bytes: &[u8; KEY_LEN]) -> Result<Self, CryptoError> {
        let unbound = UnboundKey::new(&AES_256_GCM, bytes).map_err(|_| CryptoError::KeyLength(bytes.len()))?;
        Ok(Self { key: LessSafeKey::new(unbound) })
    }

    /// Seals `plaintext` for `place`: format byte ‖ nonce ‖ ciphertext ‖ tag.
    pub(crate) fn seal(&self, place: Place<'_>, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut buffer = Vec::with_capacity(plaintext.len() + SEAL_OVERHEAD);
        buffer.resize(SEAL_HEADER, 0);
        buffer.extend_from_slice(plaintext);
        self.seal_in_place(place, &mut buffer)?;
        Ok(buffer)
    }

    /// Seals the plaintext at `buffer[SEAL_HEADER..]` where it lies (it becomes ciphertext),
    /// fills in the header and appends the tag: one buffer from encoding to disk.
    pub(crate) fn seal_in_place(&self, place: Place<'_>, buffer: &mut Vec<u8>) -> Result<(), CryptoError> {
        if buffer.len() < SEAL_HEADER {
            return Err(CryptoError::Unauthentic);
        }
        let nonce = random_nonce()?;
        buffer[0] = SEAL_FORMAT;
        buffer[1..SEAL_HEADER].copy_from_slice(&nonce);
        let tag = self
            .key
            .seal_in_place_separate_tag(Nonce::assume_unique_for_key(nonce), place.aad()?, &mut buffer[SEAL_HEADER..])
            .map_err(|_| CryptoError::Unauthentic)?;
        buffer.extend_from_slice(tag.as_ref());
        Ok(())
    }

    /// Opens a value sealed for `place`. Any change to the bytes, the place or the key fails.
    pub(crate) fn open(&self, place: Place<'_>, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        if sealed.len() < SEAL_OVERHEAD || sealed[0] != SEAL_FORMAT {
            return Err(CryptoError::Unauthentic);
        }
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&sealed[1..1 + NONCE_LEN]);
        let mut buffer = Zeroizing::new(sealed[1 + NONCE_LEN..].to_vec());
        let plaintext_len = self
            .key
            .open_in_place(Nonce::assume_unique_for_key(nonce), place.aad()?, buffer.as_mut_slice())
            .map_err(|_| CryptoError::Unauthentic)?
            .len();
        buffer.truncate(plaintext_len);
        Ok(buffer)
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealingKey").finish_non_exhaustive()
    }
}

/// A per-conversation key. Only its wrapped form is stored.
pub(crate) struct DataKey {
    raw: Zeroizing<[u8; KEY_LEN]>,
    sealing: SealingKey,
}

impl DataKey {
    pub(crate) fn generate() -> Result<Self, CryptoError> {
        let mut raw = Zeroizing::new([0u8; KEY_LEN]);
        random_bytes(raw.as_mut())?;
        let sealing = SealingKey::new(&raw)?;
        Ok(Self { raw, sealing })
    }

    /// Seals the key with `kek` for `place` (the data key's own record).
    pub(crate) fn wrap(&self, kek: &SealingKey, place: Place<'_>) -> Result<Vec<u8>, CryptoError> {
        kek.seal(place, self.raw.as_ref())
    }

    pub(crate) fn unwrap(kek: &SealingKey, place: Place<'_>, wrapped: &[u8]) -> Result<Self, CryptoError> {
        let plain = kek.open(place, wrapped)?;
        let raw: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| CryptoError::KeyLength(plain.len()))?;
        let raw = Zeroizing::new(raw);
        let sealing = SealingKey::new(&raw)?;
        Ok(Self { raw, sealing })
    }

    pub(crate) fn sealing(&self) -> &SealingKey {
        &self.sealing
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey").finish_non_exhaustive()
    }
}

/// Output of the blind index: an opaque 32-byte tree key.
pub(crate) type BlindIndex = [u8; 32];

/// HMAC-SHA256 key that turns a secret identifier into a lookup key without revealing it.
pub(crate) struct BlindIndexKey(hmac::Key);

impl BlindIndexKey {
    fn new(bytes: &[u8; KEY_LEN]) -> Self {
        Self(hmac::Key::new(hmac::HMAC_SHA256, bytes))
    }

    /// `HMAC(index_key, domain ‖ len(value) ‖ value)`; the domain keeps indexes apart.
    pub(crate) fn index(&self, domain: &[u8], value: &[u8]) -> BlindIndex {
        let mut context = hmac::Context::with_key(&self.0);
        context.update(&[u8::try_from(domain.len()).unwrap_or(u8::MAX)]);
        context.update(domain);
        context.update(&(value.len() as u64).to_be_bytes());
        context.update(value);
        let tag = context.sign();
        let mut out = [0u8; 32];
        out.copy_from_slice(tag.as_ref());
        out
    }
}

impl fmt::Debug for BlindIndexKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlindIndexKey").finish_non_exhaustive()
    }
}

/// One link of the audit log's chain: an HMAC over the previous link and the entry.
pub(crate) type ChainValue = [u8; 32];

/// HMAC-SHA256 key of the audit log's chain. Its own label, so a chain value can never be
/// mistaken for a blind index.
pub(crate) struct AuditChainKey(hmac::Key);

impl AuditChainKey {
    /// `HMAC(audit_key, "hopenow audit v1" ‖ previous ‖ seq ‖ entry)`: binds each entry to its
    /// place in the log and to everything before it.
    pub(crate) fn link(&self, previous: &ChainValue, seq: u64, entry: &[u8]) -> ChainValue {
        let mut context = hmac::Context::with_key(&self.0);
        context.update(b"hopenow audit v1");
        context.update(previous);
        context.update(&seq.to_be_bytes());
        context.update(entry);
        let mut out = [0u8; 32];
        out.copy_from_slice(context.sign().as_ref());
        out
    }
}

impl fmt::Debug for AuditChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditChainKey").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: Place<'static> = Place { tree: "visitors", key: b"\x00\x01" };

    fn keys() -> Keys {
        MasterKey::from_bytes([7u8; KEY_LEN]).derive().unwrap()
    }

    #[test]
    fn seal_open_round_trip() {
        let keys = keys();
        let sealed = keys.state.seal(HERE, b"hello").unwrap();
        assert_eq!(sealed.len(), 5 + SEAL_OVERHEAD);
        assert_eq!(keys.state.open(HERE, &sealed).unwrap().as_slice(), b"hello");
    }

    #[test]
    fn each_seal_uses_a_fresh_nonce() {
        let keys = keys();
        assert_ne!(keys.state.seal(HERE, b"same").unwrap(), keys.state.seal(HERE, b"same").unwrap());
    }

    #[test]
    fn every_flipped_bit_is_detected() {
        let keys = keys();
        let sealed = keys.state.seal(HERE, b"some plaintext").unwrap();
        for i in 0..sealed.len() {
            for bit in 0..8 {
                let mut bad = sealed.clone();
                bad[i] ^= 1 << bit;
                assert_eq!(keys.state.open(HERE, &bad).unwrap_err(), CryptoError::Unauthentic, "byte {i} bit {bit}");
            }
        }
        for len in 0..sealed.len() {
            assert!(keys.state.open(HERE, &sealed[..len]).is_err(), "truncated to {len}");
        }
    }

    #[test]
    fn a_value_is_bound_to_its_place() {
        let keys = keys();
        let sealed = keys.state.seal(HERE, b"x").unwrap();
        let other_key = Place { tree: "visitors", key: b"\x00\x02" };
        let other_tree = Place { tree: "visitorz", key: b"\x00\x01" };
        // Moving bytes between the tree name and the key must not give the same AAD.
        let shifted = Place { tree: "visitors\x00", key: b"\x01" };
        for place in [other_key, other_tree, shifted] {
            assert_eq!(keys.state.open(place, &sealed).unwrap_err(), CryptoError::Unauthentic);
        }
    }

    #[test]
    fn subkeys_are_distinct_and_a_wrong_master_key_fails() {
        let keys = keys();
        let sealed = keys.state.seal(HERE, b"x").unwrap();
        assert!(keys.kek.open(HERE, &sealed).is_err());
        let other = MasterKey::from_bytes([8u8; KEY_LEN]).derive().unwrap();
        assert!(other.state.open(HERE, &sealed).is_err());
        assert_ne!(keys.matrix_store.as_bytes(), other.matrix_store.as_bytes());
    }

    #[test]
    fn data_keys_wrap_and_unwrap_only_in_their_place() {
        let keys = keys();
        let data_key = DataKey::generate().unwrap();
        let place = Place { tree: "data_keys", key: b"conv-1" };
        let wrapped = data_key.wrap(&keys.kek, place).unwrap();
        let back = DataKey::unwrap(&keys.kek, place, &wrapped).unwrap();
        let sealed = data_key.sealing().seal(HERE, b"entry").unwrap();
        assert_eq!(back.sealing().open(HERE, &sealed).unwrap().as_slice(), b"entry");
        assert!(DataKey::unwrap(&keys.kek, Place { tree: "data_keys", key: b"conv-2" }, &wrapped).is_err());
    }

    #[test]
    fn blind_index_is_keyed_and_domain_separated() {
        let keys = keys();
        let a = keys.index.index(b"telegram", b"12345");
        assert_eq!(a, keys.index.index(b"telegram", b"12345"));
        assert_ne!(a, keys.index.index(b"matrix", b"12345"));
        assert_ne!(a, keys.index.index(b"telegram", b"12346"));
        assert_ne!(a, MasterKey::from_bytes([8u8; KEY_LEN]).derive().unwrap().index.index(b"telegram", b"12345"));
    }

    #[test]
    fn master_key_hex_round_trip_and_errors() {
        let key = MasterKey::generate().unwrap();
        let text = key.to_hex();
        assert_eq!(text.len(), 64);
        let back = MasterKey::from_hex(&format!("  {}\n", text.as_str())).unwrap();
        assert_eq!(back.to_hex().as_str(), text.as_str());
        let short = MasterKey::from_hex("abcd").unwrap_err();
        assert!(short.to_string().contains("64 hexadecimal characters; found 4"), "{short}");
        let bad = MasterKey::from_hex(&"zz".repeat(32)).unwrap_err();
        assert!(bad.to_string().contains("not 0-9 or a-f"), "{bad}");
    }

    #[test]
    fn debug_never_prints_secrets() {
        let key = MasterKey::from_bytes([0xAB; KEY_LEN]);
        let keys = key.derive().unwrap();
        assert_eq!(format!("{key:?}"), "MasterKey { .. }");
        assert_eq!(format!("{keys:?}"), "Keys { .. }");
        assert_eq!(format!("{:?}", keys.matrix_store), "MatrixStoreKey { .. }");
        assert_eq!(format!("{:?}", keys.audit), "AuditChainKey { .. }");
        assert_eq!(format!("{:?}", DataKey::generate().unwrap()), "DataKey { .. }");
        assert!(!format!("{key:#?}").to_lowercase().contains("ab"));
    }
}
