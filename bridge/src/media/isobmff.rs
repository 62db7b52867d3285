//! ISO base media files (MP4, MOV, 3GP, M4V, M4A): metadata boxes blanked in place.
//!
//! Chunk offsets (`stco`, `co64`) point at absolute positions in the file, so removing a box
//! before `mdat` would move the media data away from them. Instead, every box we do not keep is
//! turned into a `free` box of the same size with its payload zeroed: players skip `free` boxes,
//! and every offset stays valid. The output has exactly the input's length.
//!
//! Kept: the box tree a player needs (`ftyp`, `moov` with `mvhd` and its picture and sound
//! tracks, `mdat`), with the creation and modification times in `mvhd`, `tkhd` and `mdhd` zeroed
//! (they say when the video was recorded) and the handler names blanked (cameras write their make
//! there). Blanked: `udta` (Apple's `©xyz` GPS, `loci`, the camera's make and model), `meta`
//! (Apple's `com.apple.quicktime.location.ISO6709` keys), `uuid` (XMP), `free` payloads, every box
//! we do not know, and whole tracks other than picture and sound (timed metadata such as Apple's
//! `mebx`, GoPro's GPMF, camera motion, subtitles). Then every byte of `mdat` that no kept
//! track's sample table points at is zeroed: a blanked track's samples (GPS fixes) and anything
//! hidden between samples go with it.
//!
//! Kept boxes whose size does not match what their fields announce are refused: a box that grew
//! over its neighbour would carry the neighbour along. Also refused: a tree that does not add up to
//! the file, fragmented files (their sample tables are spread over `moof` boxes), sample tables
//! that point outside `mdat`, and data references to other files.
//!
//! Not checked: what the coded picture or sound itself carries (H.264 SEI user data, which some
//! dash cameras fill with positions), and boxes inside sample descriptions (`stsd` entries).

use super::{MediaError, Stripped, array};

/// The largest `dinf` holding one self-contained data reference (`url ` or `alis` with flag 1 and
/// no data). A bigger one names another file, by a path or a URL.
const SELF_CONTAINED_DINF_MAX: usize = 36;

const MALFORMED: MediaError = MediaError::Malformed("the video's box structure does not add up");

struct BoxAt {
    kind: [u8; 4],
    start: usize,
    /// Where the payload starts (after size, type and a 64-bit size if present).
    body: usize,
    end: usize,
}

impl BoxAt {
    fn payload<'a>(&self, b: &'a [u8]) -> &'a [u8] {
        b.get(self.body..self.end).unwrap_or_default()
    }
}

/// What a kept track's sample table says about where its samples are.
#[derive(Default)]
struct SampleTable {
    chunk_offsets: Vec<u64>,
    /// (first chunk, samples per chunk), from `stsc`.
    chunk_runs: Vec<(u32, u32)>,
    /// Either one size for every sample, or one per sample.
    constant_size: Option<u32>,
    sizes: Vec<u32>,
    sample_count: u32,
}

struct Walk<'a> {
    input: &'a [u8],
    out: Vec<u8>,
    removed: usize,
    tracks: usize,
    /// Byte ranges of the file that kept tracks' samples occupy.
    samples: Vec<(usize, usize)>,
}

pub(super) fn strip(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    let mut walk = Walk { input: b, out: b.to_vec(), removed: 0, tracks: 0, samples: Vec::new() };
    let mut moov = 0;
    let mut media_data = Vec::new();
    for (i, item) in boxes(b, 0, b.len()).enumerate() {
        let item = item?;
        if i == 0 && !matches!(&item.kind, b"ftyp" | b"moov" | b"mdat" | b"wide" | b"free" | b"skip") {
            return Err(MediaError::Malformed("not an ISO media file: no ftyp or movie box first"));
        }
        match &item.kind {
            b"moov" => {
                moov += 1;
                walk.moov(&item)?;
            }
            b"moof" | b"mvex" | b"mfra" | b"sidx" | b"styp" => {
                return Err(MediaError::Unsupported("a fragmented video"));
            }
            b"ftyp" if i == 0 && item.payload(b).len() >= 8 && item.payload(b).len() % 4 == 0 => {}
            b"ftyp" => return Err(MALFORMED),
            b"mdat" => media_data.push((item.body, item.end)),
            // Padding, said to carry nothing; we make sure.
            b"free" | b"skip" | b"wide" => walk.zero(item.body, item.end),
            _ => walk.blank(&item),
        }
    }
    if moov != 1 || media_data.is_empty() || walk.tracks == 0 {
        return Err(MediaError::Malformed("the video does not have one movie box, tracks and media data"));
    }
    walk.zero_unreferenced(&media_data)?;
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

fn u32_at(b: &[u8], at: usize) -> Result<u32, MediaError> {
    array(b, at).map(u32::from_be_bytes).ok_or(MALFORMED)
}

fn count(b: &[u8], at: usize) -> Result<usize, MediaError> {
    usize::try_from(u32_at(b, at)?).map_err(|_| MALFORMED)
}

/// A full box's payload (version and flags first) must be `fixed` bytes plus `per_entry` bytes
/// for each of the entries its count at `count_at` announces.
fn table_fits(p: &[u8], count_at: usize, fixed: usize, per_entry: usize) -> Result<usize, MediaError> {
    let n = count(p, count_at)?;
    let expected = n.checked_mul(per_entry).and_then(|x| x.checked_add(fixed)).ok_or(MALFORMED)?;
    if p.len() == expected { Ok(n) } else { Err(MALFORMED) }
}

impl Walk<'_> {
    /// Turns a box into `free` with a zeroed payload.
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
                    self.header_box(&item, 100, 112)?;
                }
                b"trak" => self.trak(&item)?,
                b"mvex" => return Err(MediaError::Unsupported("a fragmented video")),
                _ => self.blank(&item),
            }
        }
        if header { Ok(()) } else { Err(MALFORMED) }
    }

    fn trak(&mut self, trak: &BoxAt) -> Result<(), MediaError> {
        if !matches!(handler_of(self.input, trak)?, Some(b"vide" | b"soun")) {
            // Its samples, no longer referenced, are zeroed with the rest of unreferenced mdat.
            self.blank(trak);
            return Ok(());
        }
        let (mut header, mut media) = (false, false);
        let mut table = SampleTable::default();
        for item in boxes(self.input, trak.body, trak.end) {
            let item = item?;
            match &item.kind {
                b"tkhd" => {
                    header = true;
                    self.header_box(&item, 84, 96)?;
                }
                b"mdia" => {
                    media = true;
                    self.mdia(&item, &mut table)?;
                }
                // An edit list: one `elst`, 12 or 20 bytes an entry.
                b"edts" if edit_list_ok(self.input, &item) => {}
                _ => self.blank(&item),
            }
        }
        if !(header && media) {
            return Err(MALFORMED);
        }
        self.add_samples(&table)?;
        self.tracks += 1;
        Ok(())
    }

    fn mdia(&mut self, mdia: &BoxAt, table: &mut SampleTable) -> Result<(), MediaError> {
        let (mut header, mut info) = (false, false);
        for item in boxes(self.input, mdia.body, mdia.end) {
            let item = item?;
            match &item.kind {
                b"mdhd" => {
                    header = true;
                    self.header_box(&item, 24, 36)?;
                }
                b"hdlr" => self.blank_handler_name(&item),
                b"minf" => {
                    info = true;
                    self.minf(&item, table)?;
                }
                _ => self.blank(&item),
            }
        }
        if header && info { Ok(()) } else { Err(MALFORMED) }
    }

    fn minf(&mut self, minf: &BoxAt, table: &mut SampleTable) -> Result<(), MediaError> {
        let mut found = false;
        for item in boxes(self.input, minf.body, minf.end) {
            let item = item?;
            let size = item.payload(self.input).len();
            match &item.kind {
                b"stbl" => {
                    found = true;
                    self.stbl(&item, table)?;
                }
                b"dinf" if item.end - item.start <= SELF_CONTAINED_DINF_MAX => {}
                b"dinf" => return Err(MediaError::Unsupported("a video that refers to other files")),
                b"vmhd" if size == 12 => {}
                b"smhd" if size == 8 => {}
                b"vmhd" | b"smhd" => return Err(MALFORMED),
                // QuickTime's data handler, named like the media handler.
                b"hdlr" => self.blank_handler_name(&item),
                _ => self.blank(&item),
            }
        }
        if found { Ok(()) } else { Err(MALFORMED) }
    }

    fn stbl(&mut self, stbl: &BoxAt, table: &mut SampleTable) -> Result<(), MediaError> {
        let b = self.input;
        for item in boxes(b, stbl.body, stbl.end) {
            let item = item?;
            let p = item.payload(b);
            match &item.kind {
                b"stsd" => {
                    // Entries are boxes that must fill the rest exactly.
                    let n = count(p, 4)?;
                    let entries = boxes(b, item.body + 8, item.end).try_fold(0_usize, |n, e| e.map(|_| n + 1))?;
                    if n != entries || n == 0 {
                        return Err(MALFORMED);
                    }
                }
                b"stts" | b"ctts" => {
                    table_fits(p, 4, 8, 8)?;
                }
                b"stss" => {
                    table_fits(p, 4, 8, 4)?;
                }
                b"stsc" => {
                    let n = table_fits(p, 4, 8, 12)?;
                    table.chunk_runs = (0..n)
                        .map(|i| Ok((u32_at(p, 8 + 12 * i)?, u32_at(p, 12 + 12 * i)?)))
                        .collect::<Result<_, MediaError>>()?;
                }
                b"stsz" => {
                    let constant = u32_at(p, 4)?;
                    table.sample_count = u32_at(p, 8)?;
                    if constant == 0 {
                        let n = table_fits(p, 8, 12, 4)?;
                        table.sizes = (0..n).map(|i| u32_at(p, 12 + 4 * i)).collect::<Result<_, _>>()?;
                    } else if p.len() == 12 {
                        table.constant_size = Some(constant);
                    } else {
                        return Err(MALFORMED);
                    }
                }
                b"stco" => {
                    let n = table_fits(p, 4, 8, 4)?;
                    table.chunk_offsets =
                        (0..n).map(|i| u32_at(p, 8 + 4 * i).map(u64::from)).collect::<Result<_, _>>()?;
                }
                b"co64" => {
                    let n = table_fits(p, 4, 8, 8)?;
                    table.chunk_offsets = (0..n)
                        .map(|i| array(p, 8 + 8 * i).map(u64::from_be_bytes).ok_or(MALFORMED))
                        .collect::<Result<_, _>>()?;
                }
                // Optional tables (dependencies, groups, composition shifts…) and anything
                // unknown: players do without them.
                _ => self.blank(&item),
            }
        }
        Ok(())
    }

    /// The byte ranges of a track's chunks, from its chunk offsets, `stsc` runs and sizes.
    fn add_samples(&mut self, table: &SampleTable) -> Result<(), MediaError> {
        const BAD_TABLE: MediaError = MediaError::Malformed("the video's sample table does not add up");
        let mut sample = 0_usize;
        let total = usize::try_from(table.sample_count).map_err(|_| BAD_TABLE)?;
        if table.constant_size.is_none() && table.sizes.len() != total {
            return Err(BAD_TABLE);
        }
        // Runs start at chunk 1 and go up; one pointer walks them, so the work is linear in the
        // tables' sizes (a crafted file must not make it quadratic).
        if table.chunk_runs.first().map(|&(first, _)| first) != Some(1)
            || table.chunk_runs.windows(2).any(|w| matches!(w, [(a, _), (b, _)] if a >= b))
        {
            return Err(BAD_TABLE);
        }
        let mut run = 0;
        for (i, &offset) in table.chunk_offsets.iter().enumerate() {
            let chunk_number = u32::try_from(i + 1).map_err(|_| BAD_TABLE)?;
            while table.chunk_runs.get(run + 1).is_some_and(|&(first, _)| first <= chunk_number) {
                run += 1;
            }
            let per_chunk = table.chunk_runs.get(run).map(|&(_, n)| n).ok_or(BAD_TABLE)?;
            let per_chunk = usize::try_from(per_chunk).map_err(|_| BAD_TABLE)?;
            let next = sample.checked_add(per_chunk).filter(|&n| n <= total).ok_or(BAD_TABLE)?;
            let len = match table.constant_size {
                Some(size) => usize::try_from(size).ok().and_then(|s| s.checked_mul(per_chunk)),
                None => table
                    .sizes
                    .get(sample..next)
                    .and_then(|s| s.iter().try_fold(0_usize, |sum, &x| sum.checked_add(usize::try_from(x).ok()?))),
            }
            .ok_or(BAD_TABLE)?;
            let start = usize::try_from(offset).map_err(|_| BAD_TABLE)?;
            let end = start.checked_add(len).filter(|&e| e <= self.input.len()).ok_or(BAD_TABLE)?;
            if len > 0 {
                self.samples.push((start, end));
            }
            sample = next;
        }
        if sample != total {
            return Err(BAD_TABLE);
        }
        Ok(())
    }

    /// Zeroes what in `mdat` no kept sample occupies; refuses samples outside `mdat`.
    fn zero_unreferenced(&mut self, media_data: &[(usize, usize)]) -> Result<(), MediaError> {
        const OUTSIDE: MediaError = MediaError::Malformed("the video's samples lie outside its media data");
        let mut samples = std::mem::take(&mut self.samples);
        samples.sort_unstable();
        // Both lists in file order: one sweep (`mdat` boxes come in file order and do not overlap).
        let mut samples = samples.into_iter().peekable();
        let mut zeroed = false;
        for &(start, end) in media_data {
            let mut at = start;
            while let Some(&(s, e)) = samples.peek() {
                if s >= end {
                    break;
                }
                if s < start || e > end {
                    return Err(OUTSIDE);
                }
                if s > at {
                    self.zero(at, s);
                    zeroed = true;
                }
                at = at.max(e);
                samples.next();
            }
            if at < end {
                self.zero(at, end);
                zeroed = true;
            }
        }
        if samples.next().is_some() {
            return Err(OUTSIDE);
        }
        self.removed += usize::from(zeroed);
        Ok(())
    }

    /// `mvhd`, `tkhd`, `mdhd`: version 0 has 32-bit creation and modification times after the
    /// version and flags, version 1 64-bit ones; the payload has a fixed size for each. Zero
    /// times mean "unknown" to players.
    fn header_box(&mut self, item: &BoxAt, v0_len: usize, v1_len: usize) -> Result<(), MediaError> {
        let p = item.payload(self.input);
        let width = match (p.first(), p.len()) {
            (Some(0), n) if n == v0_len => 8,
            (Some(1), n) if n == v1_len => 16,
            _ => return Err(MALFORMED),
        };
        self.zero(item.body + 4, item.body + 4 + width);
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

/// The handler type of a track (`vide`, `soun`, `meta`, `text`…), from `mdia/hdlr`.
fn handler_of<'a>(b: &'a [u8], trak: &BoxAt) -> Result<Option<&'a [u8]>, MediaError> {
    for item in boxes(b, trak.body, trak.end) {
        let item = item?;
        if &item.kind == b"mdia" {
            for inner in boxes(b, item.body, item.end) {
                let inner = inner?;
                if &inner.kind == b"hdlr" {
                    // Version and flags, pre-defined (QuickTime: component type), handler type.
                    return Ok(inner.payload(b).get(8..12));
                }
            }
        }
    }
    Ok(None)
}

fn edit_list_ok(b: &[u8], edts: &BoxAt) -> bool {
    let mut inner = boxes(b, edts.body, edts.end);
    let (Some(Ok(elst)), None) = (inner.next(), inner.next()) else { return false };
    let p = elst.payload(b);
    let per_entry = match p.first() {
        Some(0) => 12,
        Some(1) => 20,
        _ => return false,
    };
    &elst.kind == b"elst" && table_fits(p, 4, 8, per_entry).is_ok()
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
