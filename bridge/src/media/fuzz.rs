//! Property tests over every parser and cleaner here: arbitrary bytes, and mutations of the
//! hand-made samples (which reach far deeper into the parsers than random bytes).
//!
//! `HOPENOW_FUZZ_CASES` sets the number of cases per property (default [`CI_CASES`], a few
//! seconds in a debug build); proptest keeps failing cases in `bridge/proptest-regressions/`,
//! replayed first on every run.

use proptest::prelude::*;

use super::format_tests::{phone_gif, phone_mp4};
use super::tests::{contains, minimal_baseline_jpeg, phone_jpeg, phone_png, phone_webp};
use super::*;

const CI_CASES: u32 = 256;

/// How much larger than its input a cleaned file may be: none of the cleaners adds bytes (the
/// JFIF rewrite and the WebP header only shrink; ISO media keeps the length).
pub(crate) const GROWTH_ALLOWED: usize = 0;

pub(crate) fn fuzz_config() -> ProptestConfig {
    let cases = std::env::var("HOPENOW_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CI_CASES);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// The labels a file may come with, honest or not.
const MIMES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "image/heic",
    "video/mp4",
    "video/quicktime",
    "audio/mp4",
    "application/octet-stream",
    "application/pdf",
    "",
];

/// The samples, each with canaries in every place its format keeps metadata.
fn samples() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("image/jpeg", phone_jpeg()),
        ("application/octet-stream", minimal_baseline_jpeg(&tests::exif())),
        ("image/png", phone_png()),
        ("image/webp", phone_webp()),
        ("image/gif", phone_gif()),
        ("video/mp4", phone_mp4()),
        ("video/quicktime", format_tests::two_track_mov()),
    ]
}

/// Where a cleaned file holds picture or sound data that the cleaners copy without decoding it:
/// JPEG scans, GIF colour tables and image sub-blocks, WebP picture chunks, ISO `mdat`. A mutation that destroys the
/// boundary between metadata and such data (an end-of-image marker overwritten, a chunk size grown
/// over its neighbour) turns the metadata into picture data: no cleaner can tell without decoding
/// the picture, and no viewer shows it as metadata. Anywhere else a canary is a leak.
fn opaque_ranges(out: &[u8]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    if out.starts_with(&[0xFF, 0xD8]) {
        let mut pos = 2;
        while let (Some(0xFF), Some(&marker)) = (out.get(pos), out.get(pos + 1)) {
            pos += 2;
            match marker {
                0xD9 => break,
                0x01 | 0xD0..=0xD7 | 0xFF => {
                    pos -= usize::from(marker == 0xFF);
                    continue;
                }
                _ => {}
            }
            let Some(len) = array::<2>(out, pos).map(u16::from_be_bytes) else { break };
            pos += usize::from(len);
            if marker == 0xDA {
                let Ok(end) = jpeg::entropy_coded_end(out, pos) else { break };
                ranges.push((pos, end));
                pos = end;
            }
        }
    } else if out.starts_with(b"GIF8") {
        let table = |packed: u8| if packed & 0x80 != 0 { 3 << ((packed & 7) + 1) } else { 0 };
        let chain_end = |mut at: usize| loop {
            let len = usize::from(*out.get(at)?);
            at += 1 + len;
            if len == 0 {
                return Some(at);
            }
        };
        // A damaged packed field can make a colour table swallow the blocks after it.
        let mut pos = 13 + out.get(10).map_or(0, |&p| table(p));
        ranges.push((13, pos));
        loop {
            match out.get(pos) {
                Some(0x2C) => {
                    let start = pos + 10 + out.get(pos + 9).map_or(0, |&p| table(p)) + 1;
                    ranges.push((pos + 10, start));
                    let Some(end) = chain_end(start) else { break };
                    ranges.push((start, end));
                    pos = end;
                }
                Some(0x21) => match chain_end(pos + 2) {
                    Some(end) => pos = end,
                    None => break,
                },
                _ => break,
            }
        }
    } else if out.starts_with(b"RIFF") {
        let mut pos = 12;
        while let (Some(fourcc), Some(size)) = (out.get(pos..pos + 4), array::<4>(out, pos + 4)) {
            let size = usize::try_from(u32::from_le_bytes(size)).unwrap_or(usize::MAX / 2);
            if [&b"VP8 "[..], b"VP8L", b"ALPH", b"ANMF", b"ICCP"].contains(&fourcc) {
                ranges.push((pos + 8, pos + 8 + size));
            }
            pos += 8 + size + size % 2;
        }
    } else if out.get(4..8).is_some() {
        // ISO media: top-level boxes.
        let mut pos = 0;
        while let (Some(size), Some(kind)) = (array::<4>(out, pos), out.get(pos + 4..pos + 8)) {
            let (body, end) = match u32::from_be_bytes(size) {
                0 => (pos + 8, out.len()),
                1 => match array::<8>(out, pos + 8).and_then(|l| usize::try_from(u64::from_be_bytes(l)).ok()) {
                    Some(large) => (pos + 16, pos.saturating_add(large)),
                    None => break,
                },
                n => (pos + 8, pos.saturating_add(usize::try_from(n).unwrap_or(usize::MAX))),
            };
            if kind == b"mdat" {
                ranges.push((body, end));
            }
            if end <= pos {
                break;
            }
            pos = end;
        }
    }
    ranges
}

#[derive(Clone, Debug)]
enum Mutation {
    Set(usize, u8),
    Flip(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    /// Copies a run of the file over another place: moves lengths and markers around. A run that
    /// holds part of a canary is not copied: moved into picture data or a header field, no cleaner
    /// could tell it from the picture, and it would no longer be metadata.
    Splice {
        from: usize,
        to: usize,
        len: usize,
    },
    Truncate(usize),
}

fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        any::<u8>(),
        prop::sample::select(vec![
            0x00, 0x01, 0x02, 0x04, 0x0B, 0x21, 0x2C, 0x3B, 0x80, 0xD8, 0xD9, 0xDA, 0xE1, 0xF9, 0xFE, 0xFF
        ]),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), interesting_byte()).prop_map(|(at, b)| Mutation::Set(at, b)),
        (any::<usize>(), 0..8_u8).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        (any::<usize>(), interesting_byte()).prop_map(|(at, b)| Mutation::Insert(at, b)),
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), any::<usize>(), 1..16_usize).prop_map(|(from, to, len)| Mutation::Splice { from, to, len }),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let n = bytes.len().max(1);
        match *m {
            Mutation::Set(at, b) => {
                if let Some(x) = bytes.get_mut(at % n) {
                    *x = b;
                }
            }
            Mutation::Flip(at, bit) => {
                if let Some(x) = bytes.get_mut(at % n) {
                    *x ^= 1 << bit;
                }
            }
            Mutation::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
            Mutation::Remove(at) => {
                if !bytes.is_empty() {
                    bytes.remove(at % n);
                }
            }
            Mutation::Splice { from, to, len } => {
                let (from, to) = (from % n, to % n);
                let canary = |at: usize| bytes.get(at..at + 6) == Some(b"CANARY");
                if (from.saturating_sub(5)..from + len).any(canary) {
                    continue;
                }
                let run: Vec<u8> = bytes.iter().skip(from).take(len).copied().collect();
                for (i, b) in run.into_iter().enumerate() {
                    if let Some(x) = bytes.get_mut(to + i) {
                        *x = b;
                    }
                }
            }
            Mutation::Truncate(at) => bytes.truncate(at % n),
        }
    }
    bytes
}

/// What must hold for any input: no panic, never larger than the input, a cleaned file keeps no
/// canary outside picture data (see [`opaque_ranges`]), and cleaning what passed changes nothing
/// more.
///
/// A mutation that breaks the magic bytes (and the MIME type does not name a picture) makes a file
/// no viewer opens as a picture: it passes as a document would, canary and all. That is the rule
/// for documents, not a leak of the cleaners, so the canary check applies to pictures and videos.
fn check(mime: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let no_canary = !matches!(kind_of(mime, bytes), Kind::Other | Kind::Bare);
    let stripped = strip_metadata(mime, bytes);
    let cleaned = clean_file(mime, bytes.to_vec());
    let staff = clean_staff_file(mime, bytes.to_vec());
    if let Ok((out, _)) = &stripped {
        prop_assert!(out.len() <= bytes.len() + GROWTH_ALLOWED);
    }
    for passed in [&cleaned, &staff] {
        if let Cleaned::Pass(out) = passed {
            prop_assert!(out.len() <= bytes.len() + GROWTH_ALLOWED);
            if no_canary {
                let opaque = opaque_ranges(out);
                for at in (0..out.len()).filter(|&at| out.get(at..at + 6) == Some(b"CANARY")) {
                    prop_assert!(opaque.iter().any(|&(s, e)| s <= at && at + 6 <= e), "a canary survived at {}", at);
                }
            }
            // What passed is stable: a second pass finds nothing more to remove.
            prop_assert_eq!(&clean_file(mime, out.clone()), passed);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(fuzz_config())]

    #[test]
    fn arbitrary_bytes_never_panic_nor_grow(mime in prop::sample::select(MIMES), bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(mime, &bytes)?;
    }

    #[test]
    fn arbitrary_bytes_behind_a_magic_reach_every_parser(
        magic in prop::sample::select(vec![
            &[0xFF, 0xD8, 0xFF][..], b"\x89PNG\r\n\x1a\n", b"RIFF\0\0\0\0WEBP", b"GIF89a", b"GIF87a",
            b"\0\0\0\x18ftypisom", b"\0\0\0\x08moov", b"II*\0", b"\x1a\x45\xdf\xa3",
        ]),
        mime in prop::sample::select(MIMES),
        rest in prop::collection::vec(interesting_byte(), 0..512),
    ) {
        check(mime, &[magic, &rest].concat())?;
    }

    #[test]
    fn mutated_samples_never_panic_grow_or_leak(
        sample in 0..7_usize,
        mime in prop::sample::select(MIMES),
        honest in any::<bool>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let samples = samples();
        let (own, base) = samples.get(sample).cloned().unwrap_or_default();
        let bytes = mutate(base, &mutations);
        check(if honest { own } else { mime }, &bytes)?;
    }
}

#[test]
fn every_sample_passes_clean() {
    for (mime, bytes) in samples() {
        let Cleaned::Pass(out) = clean_file(mime, bytes) else { panic!("{mime}: the sample is cleaned") };
        assert!(!contains(&out, b"CANARY"), "{mime}");
    }
}

/// Writes the samples to `bridge/tests/corpus/media/`, which `tests/fuzz_parsers.rs` replays:
/// `cargo test -p hopenow-bridge --lib write_media_corpus -- --ignored` after changing them.
#[test]
#[ignore = "writes files; run by hand when the samples change"]
fn write_media_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/media");
    std::fs::create_dir_all(&dir).unwrap();
    let named = [
        ("phone.jpg", phone_jpeg()),
        ("baseline-exif.jpg", minimal_baseline_jpeg(&tests::exif())),
        ("phone.png", phone_png()),
        ("phone.webp", phone_webp()),
        ("phone.gif", phone_gif()),
        ("phone.mp4", phone_mp4()),
        ("two-tracks.mov", format_tests::two_track_mov()),
    ];
    for (name, bytes) in named {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    for (name, bytes) in format_tests::uncleanable() {
        let name: String =
            name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        let name = name.split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-");
        std::fs::write(dir.join(format!("held-{name}.bin")), bytes).unwrap();
    }
}
