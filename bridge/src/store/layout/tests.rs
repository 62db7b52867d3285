//! The data dir's layout: old data dirs, leftovers of interrupted compactions, damage.

use std::path::Path;

use crate::crypto::MasterKey;
use crate::store::{Store, StoreError};
use crate::time::Timestamp;
use crate::visitor::{PlatformAccount, PlatformAddress};

fn key() -> MasterKey {
    MasterKey::from_bytes([7; 32])
}

fn with_visitor(dir: &Path) {
    let store = Store::open(dir, &key()).unwrap();
    store.register_visitor(&PlatformAddress::Telegram { user_id: 5, chat_id: 5 }, Timestamp(1)).unwrap();
    store.flush().unwrap();
}

fn has_visitor(store: &Store) -> bool {
    store.find_visitor(&PlatformAccount::Telegram(5)).unwrap().is_some()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Turns a data dir into the layout from before compaction: sled's files at its top.
fn make_legacy(dir: &Path) {
    for entry in std::fs::read_dir(dir.join("store-1")).unwrap() {
        let entry = entry.unwrap();
        std::fs::rename(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    std::fs::remove_dir(dir.join("store-1")).unwrap();
    std::fs::remove_file(dir.join("current")).unwrap();
}

#[test]
fn a_data_dir_of_the_old_layout_opens_and_moves_to_a_generation_at_its_first_compaction() {
    let dir = tempfile::tempdir().unwrap();
    with_visitor(dir.path());
    make_legacy(dir.path());
    std::fs::create_dir(dir.path().join("matrix")).unwrap();
    std::fs::write(dir.path().join("matrix/keep"), b"the Matrix store stays").unwrap();

    let store = Store::open(dir.path(), &key()).unwrap();
    assert!(has_visitor(&store));
    assert!(dir.path().join("db").exists() && !dir.path().join("current").exists(), "opening changes no layout");
    store.compact().unwrap();
    assert!(has_visitor(&store));
    drop(store);

    let left = names(dir.path());
    assert!(left.iter().all(|n| !matches!(n.as_str(), "db" | "conf" | "blobs") && !n.starts_with("snap.")), "{left:?}");
    assert!(left.contains(&"store-1".to_owned()) && left.contains(&"current".to_owned()), "{left:?}");
    assert!(dir.path().join("matrix/keep").exists());
    assert!(has_visitor(&Store::open(dir.path(), &key()).unwrap()));
}

#[test]
fn an_interrupted_first_compaction_of_an_old_data_dir_is_undone_at_open() {
    let dir = tempfile::tempdir().unwrap();
    with_visitor(dir.path());
    make_legacy(dir.path());
    // A copy begun, `current` never written.
    std::fs::create_dir(dir.path().join("store-1")).unwrap();
    std::fs::write(dir.path().join("store-1/db"), b"half a copy").unwrap();

    let store = Store::open(dir.path(), &key()).unwrap();
    assert!(has_visitor(&store));
    assert!(!dir.path().join("store-1").exists(), "the half copy is erased");
}

#[test]
fn leftovers_beside_the_live_generation_are_erased_at_open() {
    let dir = tempfile::tempdir().unwrap();
    with_visitor(dir.path());
    // An unfinished copy (store-2) and an old generation (store-0) that a crash left behind.
    for leftover in ["store-0", "store-2"] {
        std::fs::create_dir(dir.path().join(leftover)).unwrap();
        std::fs::write(dir.path().join(leftover).join("db"), b"sealed bytes").unwrap();
    }
    std::fs::write(dir.path().join("current.next"), b"store-2\n").unwrap();

    let store = Store::open(dir.path(), &key()).unwrap();
    assert!(has_visitor(&store));
    let left = names(dir.path());
    assert_eq!(left.iter().filter(|n| n.starts_with("store-")).collect::<Vec<_>>(), ["store-1"]);
    assert!(!left.contains(&"current.next".to_owned()));
}

#[test]
fn a_data_dir_that_lost_current_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    with_visitor(dir.path());
    std::fs::remove_file(dir.path().join("current")).unwrap();

    let error = Store::open(dir.path(), &key()).unwrap_err();
    assert!(matches!(error, StoreError::DataDir { .. }), "{error:?}");
    assert!(error.to_string().contains("restore the data dir from a backup"), "{error}");
    assert!(dir.path().join("store-1/db").exists(), "nothing was erased");
}

#[test]
fn current_naming_a_missing_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    with_visitor(dir.path());
    std::fs::write(dir.path().join("current"), b"store-9\n").unwrap();

    let error = Store::open(dir.path(), &key()).unwrap_err();
    assert!(matches!(error, StoreError::DataDir { .. }), "{error:?}");
    assert!(dir.path().join("store-1/db").exists(), "nothing was erased");
}

#[test]
fn a_second_store_on_the_same_data_dir_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _store = Store::open(dir.path(), &key()).unwrap();
    let error = Store::open(dir.path(), &key()).unwrap_err();
    assert!(matches!(error, StoreError::Locked { .. }), "{error:?}");
}
