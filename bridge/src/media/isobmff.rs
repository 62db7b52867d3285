//! ISO base media files (MP4, MOV, 3GP, M4V, M4A): metadata boxes blanked in place.
//!
//! Chunk offsets (`stco`, `co64`) point at absolute positions in the file, so removing a box
//! before `mdat` would move the media data away from them. Instead, every box we do not keep is
//! turned into a `free` box of the same size with its payload zeroed: players skip `free` boxes,
//! and every offset stays valid. The output has exactly the input's length.
//!
//! Kept: the box tree a player needs (`ftyp`, `moov` with `mvhd` and its tracks, `mdat`), with the
//! creation and modification times in `mvhd`, `tkhd` and `mdhd` zeroed (they say when the video
//! was recorded) and the handler names blanked (cameras write their make there). Blanked: `udta`
//! (Apple's `©xyz` GPS, `loci`, the camera's make and model), `meta` (Apple's
//! `com.apple.quicktime.location.ISO6709` keys), `uuid` (XMP) and every box we do not know. Refused:
//! a box tree that does not add up to the file, fragmented files (their metadata is spread over
//! `moof` boxes), tracks other than video and sound (timed metadata, GPS and subtitle tracks keep
//! their data inside `mdat`, where blanking the track's box would leave it), and data references to
//! other files.
//!
//! Not checked: what the coded video or sound itself carries (H.264 SEI user data, which some
//! dash cameras fill with positions), and boxes inside sample descriptions (`stsd`).

use super::{MediaError, Stripped, array};

/// Boxes kept as they are in each container we walk; the containers are walked, everything
/// else is blanked.
const TOP: &[&[u8; 4]] = &[b"ftyp", b"mdat", b"free", b"skip", b"wide"];
const MOOV: &[&[u8; 4]] = &[b"iods"];
const TRAK: &[&[u8; 4]] = &[b"edts", b"tref", b"tapt"];
const MDIA: &[&[u8; 4]] = &[];
const MINF: &[&[u8; 4]] = &[b"vmhd", b"smhd", b"nmhd"];
const STBL: &[&[u8; 4]] = &[
    b"stsd", b"stts", b"ctts", b"cslg", b"stss", b"stps", b"stsc", b"stsz", b"stz2", b"stco", b"co64", b"sdtp",
    b"sbgp", b"sgpd", b"subs", b"saiz", b"saio", b"padb", b"stsh",
];
/// The largest `dinf` holding one self-contained data reference (`url ` or `alis` with flag 1 and
/// no data). A bigger one names another file, by a path or a URL.
const SELF_CONTAINED_DINF_MAX: usize = 36;

const MALFORMED: MediaError = MediaError::Malformed("the video's box structure does not add up");

struct Walk<'a> {
    input: &'a [u8],
    out: Vec<u8>,
    removed: usize,
    tracks: usize,
}

struct BoxAt {
    kind: [u8; 4],
    start: usize,
    /// Where the payload starts (after size, type and a 64-bit size if present).
    body: usize,
    end: usize,
}

pub(super) fn strip(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    let mut walk = Walk { input: b, out: b.to_vec(), removed: 0, tracks: 0 };
    let mut moov = 0;
    let mut mdat = false;
    let mut first = true;
    for item in boxes(b, 0, b.len()) {
        let item = item?;
        if first && &item.kind != b"ftyp" && !matches!(&item.kind, b"moov" | b"mdat" | b"wide" | b"free" | b"skip") {
            return Err(MediaError::Malformed("not an ISO media file: no ftyp or movie box first"));
        }
        first = false;
        match &item.kind {
            b"moov" => {
                moov += 1;
                walk.moov(&item)?;
            }
            b"moof" | b"mvex" | b"mfra" | b"sidx" | b"styp" => {
                return Err(MediaError::Unsupported("a fragmented video"));
            }
            kind => {
                mdat |= kind == b"mdat";
                walk.keep_or_blank(&item, TOP);
            }
        }
    }
    if moov != 1 || !mdat || walk.tracks == 0 {
        return Err(MediaError::Malformed("the video does not have one movie box, tracks and media data"));
    }
    Ok((walk.out, Stripped { segments_removed: walk.removed }))
}

/// The boxes between `start` and `end`, which they must fill exactly.
fn boxes(b: &[u8], start: usize, end: usize) -> impl Iterator<Item = Result<BoxAt, MediaError>> + '_ {
    let mut pos = start;
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed || pos >= end {
            return None;
        }
        let item = box_at(b, pos, end);
        match &item {
            Ok(item) => pos = item.end,
            Err(_) => failed = true,
        }
        Some(item)
    })
}

fn box_at(b: &[u8], start: usize, limit: usize) -> Result<BoxAt, MediaError> {
    let size = u32::from_be_bytes(array(b, start).ok_or(MALFORMED)?);
    let kind: [u8; 4] = array(b, start + 4).ok_or(MALFORMED)?;
    let (body, end) = match size {
        // Runs to the end of its container (only the last box may do that).
        0 => (start + 8, limit),
        1 => {
            let large = u64::from_be_bytes(array(b, start + 8).ok_or(MALFORMED)?);
            let large = usize::try_from(large).map_err(|_| MALFORMED)?;
            (start + 16, start.checked_add(large).ok_or(MALFORMED)?)
        }
        n => (start + 8, start.checked_add(usize::try_from(n).map_err(|_| MALFORMED)?).ok_or(MALFORMED)?),
    };
    if end < body || end > limit {
        return Err(MALFORMED);
    }
    Ok(BoxAt { kind, start, body, end })
}

impl Walk<'_> {
    /// Keeps a box whose type is in `kept`; turns any other into `free`.
    fn keep_or_blank(&mut self, item: &BoxAt, kept: &[&[u8; 4]]) {
        if !kept.iter().any(|k| **k == item.kind) {
            self.blank(item);
        }
    }

    fn blank(&mut self, item: &BoxAt) {
        if let Some(kind) = self.out.get_mut(item.start + 4..item.start + 8) {
            kind.copy_from_slice(b"free");
        }
        self.zero(item.body, item.end);
        self.removed += 1;
    }

    fn zero(&mut self, from: usize, to: usize) {
        if let Some(bytes) = self.out.get_mut(from..to) {
            bytes.fill(0);
        }
    }

    fn moov(&mut self, moov: &BoxAt) -> Result<(), MediaError> {
        let mut header = false;
        for item in boxes(self.input, moov.body, moov.end) {
            let item = item?;
            match &item.kind {
                b"mvhd" => {
                    header = true;
                    self.zero_times(&item)?;
                }
                b"trak" => self.trak(&item)?,
                b"mvex" => return Err(MediaError::Unsupported("a fragmented video")),
                _ => self.keep_or_blank(&item, MOOV),
            }
        }
        if !header { Err(MALFORMED) } else { Ok(()) }
    }

    fn trak(&mut self, trak: &BoxAt) -> Result<(), MediaError> {
        let (mut header, mut media) = (false, false);
        for item in boxes(self.input, trak.body, trak.end) {
            let item = item?;
            match &item.kind {
                b"tkhd" => {
                    header = true;
                    self.zero_times(&item)?;
                }
                b"mdia" => {
                    media = true;
                    self.mdia(&item)?;
                }
                _ => self.keep_or_blank(&item, TRAK),
            }
        }
        if !(header && media) {
            return Err(MALFORMED);
        }
        self.tracks += 1;
        Ok(())
    }

    fn mdia(&mut self, mdia: &BoxAt) -> Result<(), MediaError> {
        let (mut header, mut handler, mut info) = (false, false, false);
        for item in boxes(self.input, mdia.body, mdia.end) {
            let item = item?;
            match &item.kind {
                b"mdhd" => {
                    header = true;
                    self.zero_times(&item)?;
                }
                b"hdlr" => {
                    handler = true;
                    // Version and flags, pre-defined (QuickTime: component type), handler type.
                    match array::<4>(self.input, item.body + 8) {
                        Some(ref t) if t == b"vide" || t == b"soun" => {}
                        Some(_) => return Err(MediaError::Unsupported("a video with a track other than picture and sound")),
                        None => return Err(MALFORMED),
                    }
                    self.blank_handler_name(&item);
                }
                b"minf" => {
                    info = true;
                    self.minf(&item)?;
                }
                _ => self.keep_or_blank(&item, MDIA),
            }
        }
        if header && handler && info { Ok(()) } else { Err(MALFORMED) }
    }

    fn minf(&mut self, minf: &BoxAt) -> Result<(), MediaError> {
        let mut table = false;
        for item in boxes(self.input, minf.body, minf.end) {
            let item = item?;
            match &item.kind {
                b"stbl" => {
                    table = true;
                    for entry in boxes(self.input, item.body, item.end) {
                        self.keep_or_blank(&entry?, STBL);
                    }
                }
                b"dinf" if item.end - item.start <= SELF_CONTAINED_DINF_MAX => {}
                b"dinf" => return Err(MediaError::Unsupported("a video that refers to other files")),
                // QuickTime's data handler, named like the media handler.
                b"hdlr" => self.blank_handler_name(&item),
                _ => self.keep_or_blank(&item, MINF),
            }
        }
        if table { Ok(()) } else { Err(MALFORMED) }
    }

    /// `mvhd`, `tkhd`, `mdhd`: version 0 has 32-bit creation and modification times after the
    /// version and flags, version 1 64-bit ones. Zero means "unknown" to players.
    fn zero_times(&mut self, item: &BoxAt) -> Result<(), MediaError> {
        let width = match self.input.get(item.body) {
            Some(0) => 8,
            Some(1) => 16,
            _ => return Err(MALFORMED),
        };
        let end = item.body + 4 + width;
        if end > item.end {
            return Err(MALFORMED);
        }
        self.zero(item.body + 4, end);
        Ok(())
    }

    /// A handler's name is free text after 24 bytes of fields; zeroed it reads as an empty name
    /// both as a C string (MP4) and as a Pascal string (QuickTime).
    fn blank_handler_name(&mut self, item: &BoxAt) {
        let name = item.body + 24;
        if name < item.end {
            self.zero(name, item.end);
        }
    }
}

#[cfg(test)]
pub(super) fn walk_tree(b: &[u8]) -> Result<Vec<[u8; 4]>, MediaError> {
    // Every box of the output, depth first, for tests that check the result still parses.
    fn inner(b: &[u8], start: usize, end: usize, seen: &mut Vec<[u8; 4]>) -> Result<(), MediaError> {
        for item in boxes(b, start, end) {
            let item = item?;
            seen.push(item.kind);
            if matches!(&item.kind, b"moov" | b"trak" | b"mdia" | b"minf" | b"stbl") {
                inner(b, item.body, item.end, seen)?;
            }
        }
        Ok(())
    }
    let mut seen = Vec::new();
    inner(b, 0, b.len(), &mut seen)?;
    Ok(seen)
}
