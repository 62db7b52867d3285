//! Crash safety of compaction: a process killed with SIGKILL at any step of a compaction (mid
//! copy, before and after the switch, mid erase) leaves a data dir that opens with every live
//! record, with nothing of a half copy or an old generation left over.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;

use bridge::engine::Event;
use bridge::store::COMPACTION_PAUSE;
use bridge::visitor_command::VisitorCommand;
use bridge::{MasterKey, SystemClock};
use hopenow_tests::engine::{burst_message, duty_on, open_engine, visitor};

const VISITORS: usize = 12;
/// Enough records that the copy runs through several batches (a kill can land mid copy).
const MESSAGES: usize = 1_200;
const DIR: &str = "HOPENOW_COMPACTION_DIR";
const KEY: &str = "HOPENOW_COMPACTION_KEY";
const POINT: &str = "HOPENOW_COMPACTION_POINT";

/// Every visitor's transcript texts, read through the store (so each record authenticated).
fn live(engine: &bridge::engine::Engine) -> BTreeMap<usize, Vec<String>> {
    let store = engine.store();
    (0..VISITORS)
        .filter_map(|v| {
            let found = store.find_visitor(&visitor(v as i64).account()).unwrap()?;
            let transcript = store.transcript(found.conversation?).unwrap();
            Some((v, transcript.into_iter().map(|(_, e)| e.text).collect()))
        })
        .collect()
}

/// The process that gets killed: opens the populated store, shreds visitor 0 and compacts,
/// stopping at the named point (the `n`th time it is reached) and saying so on stdout.
#[test]
#[ignore = "run by a_kill_during_compaction_leaves_a_store_with_all_live_data as a child process"]
fn compaction_child() {
    let dir = std::env::var(DIR).expect("child of the compaction crash test");
    let key = MasterKey::from_hex(&std::env::var(KEY).unwrap()).unwrap();
    let (point, nth) =
        std::env::var(POINT).unwrap().split_once('#').map(|(p, n)| (p.to_owned(), n.to_owned())).unwrap();
    let nth: usize = nth.parse().unwrap();
    let engine = open_engine(dir.as_ref(), &key, Arc::new(SystemClock)).unwrap();
    engine.handle(forget(0, true)).unwrap();
    engine.flush().unwrap();
    let seen = std::sync::atomic::AtomicUsize::new(0);
    let pause = move |at: &str| {
        if at == point && seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == nth {
            println!("paused at {at}");
            // A pipe is not a terminal: without a flush the parent would never see the line.
            std::io::Write::flush(&mut std::io::stdout()).unwrap();
            std::thread::sleep(std::time::Duration::from_secs(600));
        }
    };
    assert!(COMPACTION_PAUSE.set(Box::new(pause)).is_ok());
    engine.store().compact().unwrap();
    println!("compacted");
}

fn forget(v: i64, confirm: bool) -> Event {
    let command = if confirm { VisitorCommand::ConfirmForget(true) } else { VisitorCommand::Forget };
    Event::VisitorCommand { from: visitor(v), command, reference: None, language_hint: None, dedupe: None }
}

fn populated(dir: &std::path::Path, key: &MasterKey) -> BTreeMap<usize, Vec<String>> {
    let engine = open_engine(dir, key, Arc::new(SystemClock)).unwrap();
    engine.handle_batch(&[duty_on("grace"), duty_on("ana")]).unwrap();
    for chunk in (0..MESSAGES).collect::<Vec<_>>().chunks(64) {
        let batch: Vec<Event> = chunk.iter().map(|i| burst_message(*i, VISITORS)).collect();
        engine.handle_batch(&batch).unwrap();
    }
    engine.handle(forget(0, false)).unwrap();
    engine.flush().unwrap();
    let mut expected = live(&engine);
    expected.remove(&0);
    expected
}

fn generations(dir: &std::path::Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("store-"))
        .collect();
    found.sort();
    found
}

#[test]
fn a_kill_during_compaction_leaves_a_store_with_all_live_data() {
    let points = ["copy#1", "copy#2", "switch#1", "erase#1", "erase-file#1", "erase-file#2"];
    for point in points {
        let dir = tempfile::tempdir().unwrap();
        let key = MasterKey::generate().unwrap();
        let expected = populated(dir.path(), &key);
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "compaction_crash::compaction_child", "--nocapture", "--test-threads", "1"])
            .env(DIR, dir.path())
            .env(KEY, key.to_hex().as_str())
            .env(POINT, point)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut paused = false;
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            // The harness prints its "test … " prefix on the same line.
            assert!(!line.ends_with("compacted"), "{point}: the compaction never reached the point");
            if line.contains("paused at ") {
                paused = true;
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL: no destructor, no flush.
        child.wait().unwrap();
        assert!(paused, "{point}: the child reached the point before the kill");

        let engine = open_engine(dir.path(), &key, Arc::new(SystemClock)).unwrap();
        assert_eq!(live(&engine), expected, "{point}: every live record is there");
        assert!(engine.store().verify().is_ok(), "{point}: every record authenticates");
        assert_eq!(
            generations(dir.path()).len(),
            1,
            "{point}: leftovers erased at open: {:?}",
            generations(dir.path())
        );
        // And it compacts again from there.
        engine.store().compact().unwrap();
        assert_eq!(live(&engine), expected, "{point}: live after a compaction that completes");
    }
}
