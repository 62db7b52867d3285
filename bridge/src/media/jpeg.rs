//! JPEG: a walk over the segments, keeping what draws the picture and its colours.

use super::{MediaError, Stripped, array};

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;
const COM: u8 = 0xFE;
/// The part of a JFIF APP0 payload before the thumbnail: identifier, version, units, densities and
/// the thumbnail's width and height.
const JFIF_HEADER_LEN: usize = 14;
/// The length field of a JFIF APP0 segment without a thumbnail: itself plus the header.
const JFIF_SEGMENT_LEN: u16 = 16;

enum JpegAction {
    Keep,
    Drop,
    /// A JFIF header followed by a thumbnail, which may show what the visitor cropped away.
    KeepJfifWithoutThumbnail,
}

pub(super) fn strip(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    const TRUNCATED: MediaError = MediaError::Malformed("the JPEG ends in the middle of a marker");
    if b.get(..2) != Some(&[0xFF, SOI][..]) {
        return Err(MediaError::Malformed("not a JPEG: no start-of-image marker"));
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut removed = 0;
    let mut pos = 2;
    let mut scanned = false;
    loop {
        if *b.get(pos).ok_or(TRUNCATED)? != 0xFF {
            // Bytes between segments are not allowed, and we would not know what they hide.
            return Err(MediaError::Malformed("the JPEG has data where a marker should be"));
        }
        pos += 1;
        // Any number of 0xFF fill bytes may precede a marker; they carry nothing and are not copied.
        let mut marker = *b.get(pos).ok_or(TRUNCATED)?;
        while marker == 0xFF {
            pos += 1;
            marker = *b.get(pos).ok_or(TRUNCATED)?;
        }
        pos += 1;
        match marker {
            // A file without a picture is no photo; it is refused rather than vouched for.
            EOI if !scanned => return Err(MediaError::Malformed("the JPEG has no image data")),
            EOI => {
                out.extend_from_slice(&[0xFF, EOI]);
                // Phones append whole images, depth maps and motion-photo videos (with their own
                // metadata) after EOI; viewers never show them, so nothing there is worth the risk.
                if pos < b.len() {
                    removed += 1;
                }
                return Ok((out, Stripped { segments_removed: removed }));
            }
            // TEM and RSTn stand alone, without a length.
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, marker]);
                continue;
            }
            0x00 => return Err(MediaError::Malformed("the JPEG has a stuffed zero outside a scan")),
            SOI => return Err(MediaError::Malformed("the JPEG has a second start-of-image marker")),
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes(array(b, pos).ok_or(TRUNCATED)?));
        if len < 2 {
            return Err(MediaError::Malformed("a JPEG segment length is too small"));
        }
        let end = pos.checked_add(len).ok_or(TRUNCATED)?;
        let segment = b.get(pos..end).ok_or(MediaError::Malformed("a JPEG segment runs past the end of the file"))?;
        let payload = segment.get(2..).unwrap_or_default();
        match jpeg_action(marker, payload)? {
            JpegAction::Keep => {
                out.extend_from_slice(&[0xFF, marker]);
                out.extend_from_slice(segment);
            }
            JpegAction::Drop => removed += 1,
            JpegAction::KeepJfifWithoutThumbnail => {
                out.extend_from_slice(&[0xFF, APP0]);
                out.extend_from_slice(&JFIF_SEGMENT_LEN.to_be_bytes());
                out.extend_from_slice(payload.get(..JFIF_HEADER_LEN - 2).unwrap_or_default());
                // No thumbnail: width and height zero.
                out.extend_from_slice(&[0, 0]);
                removed += 1;
            }
        }
        pos = end;
        if marker == SOS {
            scanned = true;
            let scan_end = entropy_coded_end(b, pos)?;
            out.extend_from_slice(b.get(pos..scan_end).unwrap_or_default());
            pos = scan_end;
        }
    }
}

/// Where the entropy-coded data that starts at `start` ends: at the first marker other than a
/// stuffed zero or a restart marker. Scans are walked instead of copying everything after the first
/// SOS, so that segments between the scans of a progressive JPEG are checked too.
pub(super) fn entropy_coded_end(b: &[u8], start: usize) -> Result<usize, MediaError> {
    const NO_END: MediaError = MediaError::Malformed("the JPEG ends inside a scan (no end-of-image marker)");
    let mut at = start;
    loop {
        let ff = b.get(at..).and_then(|rest| rest.iter().position(|&x| x == 0xFF)).ok_or(NO_END)?;
        let ff = at.checked_add(ff).ok_or(NO_END)?;
        match b.get(ff.checked_add(1).ok_or(NO_END)?) {
            None => return Err(NO_END),
            Some(0x00 | 0xD0..=0xD7) => at = ff.checked_add(2).ok_or(NO_END)?,
            Some(_) => return Ok(ff),
        }
    }
}

fn jpeg_action(marker: u8, payload: &[u8]) -> Result<JpegAction, MediaError> {
    Ok(match marker {
        APP0 if payload.starts_with(b"JFIF\0") && payload.len() >= JFIF_HEADER_LEN => {
            if payload.len() == JFIF_HEADER_LEN && payload.get(JFIF_HEADER_LEN - 2..) == Some(&[0, 0][..]) {
                JpegAction::Keep
            } else {
                JpegAction::KeepJfifWithoutThumbnail
            }
        }
        APP2 if payload.starts_with(b"ICC_PROFILE\0") => JpegAction::Keep,
        APP14 if payload.starts_with(b"Adobe") => JpegAction::Keep,
        // All other APPn (EXIF, XMP, MPF, IPTC, maker data, JFXX thumbnails) and comments.
        0xE0..=0xEF | COM => JpegAction::Drop,
        0xC0..=0xC7 | 0xC9..=0xCF | 0xDA..=0xDF => {
            // A table or header whose length does not add up is not something a decoder reads,
            // and it could be a metadata segment with a damaged marker.
            if jpeg_structure_ok(marker, payload) {
                JpegAction::Keep
            } else {
                return Err(MediaError::Malformed("a JPEG table or header does not add up"));
            }
        }
        // Reserved markers, JPEG-LS and other extensions: decoders refuse them, and so do we.
        _ => return Err(MediaError::Malformed("the JPEG has an unsupported marker")),
    })
}

fn jpeg_structure_ok(marker: u8, p: &[u8]) -> bool {
    match marker {
        // SOFn and DHP: precision, height, width, component count, 3 bytes per component.
        0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF | 0xDE => match (p.first(), p.get(5)) {
            (Some(&precision), Some(&components)) => {
                (2..=16).contains(&precision) && components >= 1 && p.len() == 6 + 3 * usize::from(components)
            }
            _ => false,
        },
        0xC4 => dht_ok(p),
        // DAC: pairs of table class/id and value (a lone byte at the end fails the pattern).
        0xCC => !p.is_empty() && p.chunks(2).all(|c| matches!(c, [t, _] if t >> 4 <= 1 && t & 0x0F <= 3)),
        SOS => match p.first() {
            Some(&components @ 1..=4) => p.len() == 4 + 2 * usize::from(components),
            _ => false,
        },
        0xDB => dqt_ok(p),
        // DNL, DRI
        0xDC | 0xDD => p.len() == 2,
        // EXP
        0xDF => p.len() == 1,
        _ => false,
    }
}

fn dqt_ok(mut p: &[u8]) -> bool {
    if p.is_empty() {
        return false;
    }
    while let Some((&precision_and_id, rest)) = p.split_first() {
        let size = match precision_and_id >> 4 {
            0 => 64,
            1 => 128,
            _ => return false,
        };
        if precision_and_id & 0x0F > 3 {
            return false;
        }
        match rest.get(size..) {
            Some(rest) => p = rest,
            None => return false,
        }
    }
    true
}

fn dht_ok(mut p: &[u8]) -> bool {
    if p.is_empty() {
        return false;
    }
    while let Some((&class_and_id, rest)) = p.split_first() {
        if class_and_id >> 4 > 1 || class_and_id & 0x0F > 3 {
            return false;
        }
        let Some(counts) = rest.get(..16) else { return false };
        let symbols: usize = counts.iter().map(|&c| usize::from(c)).sum();
        if symbols > 256 {
            return false;
        }
        match rest.get(16 + symbols..) {
            Some(rest) => p = rest,
            None => return false,
        }
    }
    true
}
