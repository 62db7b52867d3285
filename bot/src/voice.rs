//! Recorded greetings (`[voice]`): one OGG/Opus file per language, read once at start and sent
//! after the written greeting to visitors who may not be able to read it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::KeyProblem;

/// Telegram shows an OGG/Opus file as a playable voice message only up to 1 MB.
pub const MAX_BYTES: usize = 1024 * 1024;

/// Language tag → the recording's bytes.
#[derive(Clone, Default)]
pub struct Voices(Arc<BTreeMap<String, Vec<u8>>>);

impl std::fmt::Debug for Voices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl Voices {
    /// Reads and checks every file of `[voice]` (paths already resolved against the config
    /// file's folder). A problem names the key and what to do.
    pub fn load(files: &BTreeMap<String, PathBuf>) -> Result<Self, KeyProblem> {
        let mut voices = BTreeMap::new();
        for (tag, path) in files {
            let key = format!("[voice] {tag}");
            let Some(language) = bridge::i18n::language(tag) else {
                let shipped: Vec<&str> = bridge::i18n::LANGUAGES.iter().map(|l| l.tag).collect();
                return Err(KeyProblem::new(key, format!("is no such language; use one of {}", shipped.join(", "))));
            };
            let bytes = std::fs::read(path).map_err(|e| {
                KeyProblem::new(&key, format!("= {path:?}: cannot read the file ({e}); give the path of an .ogg file"))
            })?;
            check_ogg_opus(&bytes).map_err(|problem| KeyProblem::new(&key, format!("= {path:?}: {problem}")))?;
            voices.insert(language.tag.to_owned(), bytes);
        }
        Ok(Self(Arc::new(voices)))
    }

    pub fn get(&self, language: &str) -> Option<&[u8]> {
        self.0.get(language).map(Vec::as_slice)
    }

    pub fn languages(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

/// An Ogg stream whose first packet is an Opus header, small enough to play as a voice message.
fn check_ogg_opus(bytes: &[u8]) -> Result<(), String> {
    const HINT: &str = "convert it with: ffmpeg -i greeting.m4a -c:a libopus -b:a 32k greeting.ogg";
    if !bytes.starts_with(b"OggS") {
        return Err(format!("not an Ogg file; {HINT}"));
    }
    // The first Ogg page holds the codec's identification header, "OpusHead" for Opus.
    let first_page = &bytes[..bytes.len().min(128)];
    if !first_page.windows(8).any(|w| w == b"OpusHead") {
        return Err(format!("an Ogg file, but not Opus (e.g. Vorbis); {HINT}"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "{} KB is too big: Telegram plays voice messages up to {} KB; record a shorter greeting or lower the bitrate",
            bytes.len() / 1024,
            MAX_BYTES / 1024
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opus(len: usize) -> Vec<u8> {
        let mut bytes = b"OggS\0\x02\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x01\x13OpusHead\x01\x01".to_vec();
        bytes.resize(len, 0);
        bytes
    }

    #[test]
    fn reads_opus_files_and_names_the_key_of_a_bad_one() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("th.ogg");
        std::fs::write(&good, opus(4000)).unwrap();
        let files = BTreeMap::from([("th".to_owned(), good.clone())]);
        let voices = Voices::load(&files).unwrap();
        assert_eq!(voices.get("th").map(<[u8]>::len), Some(4000));
        assert_eq!(voices.languages(), ["th"]);

        let vorbis = dir.path().join("ro.ogg");
        std::fs::write(&vorbis, b"OggS\0\x02\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x01\x1e\x01vorbis").unwrap();
        let error = Voices::load(&BTreeMap::from([("ro".to_owned(), vorbis)])).unwrap_err().to_string();
        assert!(error.contains("[voice] ro") && error.contains("not Opus"), "{error}");

        let mp3 = dir.path().join("ar.mp3");
        std::fs::write(&mp3, b"ID3\x03\0\0\0").unwrap();
        let error = Voices::load(&BTreeMap::from([("ar".to_owned(), mp3)])).unwrap_err().to_string();
        assert!(error.contains("[voice] ar") && error.contains("not an Ogg file"), "{error}");

        let big = dir.path().join("fa.ogg");
        std::fs::write(&big, opus(MAX_BYTES + 1)).unwrap();
        let error = Voices::load(&BTreeMap::from([("fa".to_owned(), big)])).unwrap_err().to_string();
        assert!(error.contains("too big"), "{error}");

        let error = Voices::load(&BTreeMap::from([("xx".to_owned(), good.clone())])).unwrap_err().to_string();
        assert!(error.contains("[voice] xx") && error.contains("no such language"), "{error}");
        let missing = dir.path().join("missing.ogg");
        let error = Voices::load(&BTreeMap::from([("th".to_owned(), missing)])).unwrap_err().to_string();
        assert!(error.contains("cannot read the file"), "{error}");
    }
}
