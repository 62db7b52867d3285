//! Strips identifying metadata from a visitor's photo before it leaves the bridge.
//!
//! A photo taken with a phone carries more than the picture: EXIF holds the GPS position where it
//! was taken, the time, the phone's make, model and often its serial number; XMP and IPTC hold
//! editing history and names; a phone may append a second image, a depth map or a short video
//! (motion photos) after the end of the JPEG, and an embedded thumbnail keeps what the visitor
//! cropped away. For a visitor who may be held somewhere against their will, any of these can tell
//! the wrong person where they are or who they are. So the bridge keeps only what a viewer needs to
//! draw the picture with the right colours, and drops everything else.
//!
//! The parsers drop by default: a segment or chunk we do not know is removed, and a file we cannot
//! walk from start to end is refused ([`MediaError::Malformed`]) instead of being passed on,
//! because the part we could not read may be the part with the metadata.
//!
//! Formats are recognised by their magic bytes first and by MIME type only when the bytes say
//! nothing: a client's MIME type can be wrong, but a viewer goes by the bytes, so the bytes decide
//! what metadata a recipient would see. A MIME type naming a format we strip, with bytes that are
//! not that format, is refused. HEIC, TIFF, GIF and other formats are not handled here:
//! [`is_strippable_image`] says `false` and the caller decides.

/// What stripping did, for tests and logs (no content).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Stripped {
    /// Segments or chunks dropped, plus one for data after the image's end marker and one for each
    /// JFIF thumbnail cut off.
    pub segments_removed: usize,
}

/// Why an image was refused. Never carries the image's bytes: errors end up in logs.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// A truncated or malformed image: the caller must NOT pass the original on (it might carry the
    /// metadata we could not remove).
    #[error("the image is malformed ({0}); it was not passed on")]
    Malformed(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Jpeg,
    Png,
    WebP,
}

/// Removes metadata from an image, by its magic bytes or, if they are not a format we know, by its
/// MIME type.
///
/// JPEG: drops APP1 (EXIF, XMP), APPn except APP0 JFIF (without its thumbnail), APP2 ICC_PROFILE
/// and APP14 Adobe (both needed to render colours right), COM segments and everything after the
/// end-of-image marker (appended images, depth maps, motion-photo videos); entropy-coded data is
/// copied untouched, and markers between the scans of a progressive JPEG are checked like the ones
/// before the first scan.
///
/// PNG: keeps the critical chunks and the ones that change how the picture looks (tRNS, gAMA, cHRM,
/// sRGB, iCCP, sBIT, bKGD, cICP, mDCV, cLLI) or animates it (acTL, fcTL, fdAT); drops tEXt, zTXt,
/// iTXt, eXIf, tIME, pHYs, any other ancillary chunk and data after IEND. Chunks are copied whole,
/// CRCs included.
///
/// WebP: drops EXIF, XMP and unknown chunks and data after the RIFF container, fixes the RIFF size
/// and clears the EXIF and XMP flags in the VP8X header.
///
/// A file of one of these formats that is truncated, does not add up, or holds no image data is
/// refused with [`MediaError::Malformed`].
///
/// Anything else is returned unchanged with `segments_removed == 0`: the caller decides.
pub fn strip_metadata(mime: &str, bytes: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    match format_of(mime, bytes) {
        Some(Format::Jpeg) => strip_jpeg(bytes),
        Some(Format::Png) => strip_png(bytes),
        Some(Format::WebP) => strip_webp(bytes),
        None => Ok((bytes.to_vec(), Stripped::default())),
    }
}

/// Whether [`strip_metadata`] knows this format (by mime or magic).
pub fn is_strippable_image(mime: &str, bytes: &[u8]) -> bool {
    format_of(mime, bytes).is_some()
}

fn format_of(mime: &str, bytes: &[u8]) -> Option<Format> {
    sniff(bytes).or_else(|| format_of_mime(mime))
}

fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(Format::Png)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Format::WebP)
    } else {
        None
    }
}

fn format_of_mime(mime: &str) -> Option<Format> {
    let essence = mime.split(';').next().unwrap_or_default().trim();
    let is = |name: &str| essence.eq_ignore_ascii_case(name);
    if is("image/jpeg") || is("image/jpg") || is("image/pjpeg") || is("image/jfif") {
        Some(Format::Jpeg)
    } else if is("image/png") || is("image/apng") || is("image/x-png") {
        Some(Format::Png)
    } else if is("image/webp") {
        Some(Format::WebP)
    } else {
        None
    }
}

/// `N` bytes at `at`, or `None` past the end.
fn array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

// ---------------------------------------------------------------------------------------------
// JPEG

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

fn strip_jpeg(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
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
fn entropy_coded_end(b: &[u8], start: usize) -> Result<usize, MediaError> {
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

// ---------------------------------------------------------------------------------------------
// PNG

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Ancillary chunks that change how the picture looks, with their fixed data length if they have
/// one. pHYs is left out: it changes nothing on a screen, and a screenshot's pixel density hints at
/// the device.
const PNG_KEPT_ANCILLARY: &[(&[u8; 4], Option<usize>)] = &[
    (b"tRNS", None),
    (b"gAMA", Some(4)),
    (b"cHRM", Some(32)),
    (b"sRGB", Some(1)),
    (b"iCCP", None),
    (b"sBIT", None),
    (b"bKGD", None),
    (b"cICP", Some(4)),
    (b"mDCV", Some(24)),
    (b"cLLI", Some(8)),
    (b"acTL", Some(8)),
    (b"fcTL", Some(26)),
    (b"fdAT", None),
];

fn strip_png(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    const TRUNCATED: MediaError = MediaError::Malformed("the PNG ends in the middle of a chunk header");
    if !b.starts_with(PNG_SIGNATURE) {
        return Err(MediaError::Malformed("not a PNG: bad signature"));
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut removed = 0;
    let mut pos = PNG_SIGNATURE.len();
    let mut first = true;
    let mut has_image_data = false;
    loop {
        let len = u32::from_be_bytes(array(b, pos).ok_or(TRUNCATED)?);
        if len > 0x7FFF_FFFF {
            return Err(MediaError::Malformed("a PNG chunk length is out of range"));
        }
        let kind: [u8; 4] = array(b, pos + 4).ok_or(TRUNCATED)?;
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(MediaError::Malformed("a PNG chunk type is not four letters"));
        }
        let data_len = usize::try_from(len).map_err(|_| TRUNCATED)?;
        // Length, type, data, CRC.
        let end = data_len.checked_add(12).and_then(|n| n.checked_add(pos)).ok_or(TRUNCATED)?;
        let chunk = b.get(pos..end).ok_or(MediaError::Malformed("a PNG chunk runs past the end of the file"))?;
        if first && (&kind != b"IHDR" || data_len != 13) {
            return Err(MediaError::Malformed("the PNG does not start with a valid IHDR chunk"));
        }
        first = false;
        let critical = kind[0] & 0x20 == 0;
        let keep = if critical {
            match &kind {
                b"IHDR" | b"PLTE" | b"IDAT" => true,
                b"IEND" if data_len == 0 => true,
                b"IEND" => return Err(MediaError::Malformed("the PNG's IEND chunk is not empty")),
                // Decoders must refuse an unknown critical chunk; passing it on would pass on
                // bytes nobody can read, so neither can we vouch for them.
                _ => return Err(MediaError::Malformed("the PNG has an unknown critical chunk")),
            }
        } else {
            PNG_KEPT_ANCILLARY.iter().any(|(k, fixed)| *k == &kind && fixed.is_none_or(|n| n == data_len))
        };
        if keep {
            // A CRC that does not match means the chunk's bounds may be wrong, and a chunk that
            // swallowed its neighbours would carry them along.
            let crc_at = chunk.len().saturating_sub(4);
            let stored = array(chunk, crc_at).map(u32::from_be_bytes);
            if stored != chunk.get(4..crc_at).map(crc32) {
                return Err(MediaError::Malformed("a PNG chunk's CRC does not match"));
            }
            out.extend_from_slice(chunk);
        } else {
            removed += 1;
        }
        has_image_data |= &kind == b"IDAT";
        pos = end;
        if &kind == b"IEND" {
            if !has_image_data {
                return Err(MediaError::Malformed("the PNG has no image data"));
            }
            if pos < b.len() {
                removed += 1;
            }
            return Ok((out, Stripped { segments_removed: removed }));
        }
    }
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            bit += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

/// The CRC-32 that PNG chunks carry.
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(0xFFFF_FFFF_u32, |crc, &byte| CRC_TABLE[usize::from(crc.to_le_bytes()[0] ^ byte)] ^ (crc >> 8))
}

// ---------------------------------------------------------------------------------------------
// WebP

const WEBP_KEPT: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"];
/// Chunks that hold the picture itself, still or animated.
const WEBP_IMAGE: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"ANMF"];
/// VP8X flag bits that announce EXIF (0x08) and XMP (0x04) chunks we removed.
const VP8X_METADATA_FLAGS: u8 = 0x08 | 0x04;
const VP8X_LEN: usize = 10;

fn strip_webp(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    const TRUNCATED: MediaError = MediaError::Malformed("the WebP ends in the middle of a chunk");
    if !b.starts_with(b"RIFF") || b.get(8..12) != Some(b"WEBP") {
        return Err(MediaError::Malformed("not a WebP: no RIFF/WEBP header"));
    }
    let riff_size = usize::try_from(u32::from_le_bytes(array(b, 4).ok_or(TRUNCATED)?)).map_err(|_| TRUNCATED)?;
    let riff_end = riff_size.checked_add(8).ok_or(TRUNCATED)?;
    if riff_end < 12 || riff_end > b.len() {
        return Err(MediaError::Malformed("the WebP's RIFF size does not match the file"));
    }
    let mut out = Vec::with_capacity(riff_end);
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    // Bytes after the RIFF container are no part of the image.
    let mut removed = usize::from(riff_end < b.len());
    let mut pos = 12;
    let mut has_image_data = false;
    while pos < riff_end {
        let header: [u8; 8] = array(b, pos).filter(|_| pos + 8 <= riff_end).ok_or(TRUNCATED)?;
        let (fourcc, size) = header.split_at(4);
        let size = u32::from_le_bytes(size.try_into().map_err(|_| TRUNCATED)?);
        let size = usize::try_from(size).map_err(|_| TRUNCATED)?;
        // Chunks are padded to an even length.
        let end = size.checked_add(size % 2).and_then(|n| n.checked_add(pos + 8)).ok_or(TRUNCATED)?;
        if end > riff_end {
            return Err(MediaError::Malformed("a WebP chunk runs past the end of the RIFF container"));
        }
        let chunk = b.get(pos..end).ok_or(TRUNCATED)?;
        if WEBP_KEPT.iter().any(|k| k.as_slice() == fourcc) {
            has_image_data |= WEBP_IMAGE.iter().any(|k| k.as_slice() == fourcc);
            let flags_at = out.len() + 8;
            out.extend_from_slice(chunk);
            if fourcc == b"VP8X" {
                if size != VP8X_LEN {
                    return Err(MediaError::Malformed("the WebP's VP8X chunk has the wrong size"));
                }
                if let Some(flags) = out.get_mut(flags_at) {
                    *flags &= !VP8X_METADATA_FLAGS;
                }
            }
        } else {
            // EXIF, XMP and chunks we do not know.
            removed += 1;
        }
        pos = end;
    }
    if !has_image_data {
        // Also what is left when a damaged chunk size swallowed the picture and what followed it.
        return Err(MediaError::Malformed("the WebP has no image data"));
    }
    let new_size =
        u32::try_from(out.len().saturating_sub(8)).map_err(|_| MediaError::Malformed("the WebP is too large"))?;
    if let Some(size_field) = out.get_mut(4..8) {
        size_field.copy_from_slice(&new_size.to_le_bytes());
    }
    Ok((out, Stripped { segments_removed: removed }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn assert_malformed(mime: &str, bytes: &[u8]) {
        match strip_metadata(mime, bytes) {
            Err(MediaError::Malformed(_)) => {}
            Ok((out, stripped)) => panic!("expected Malformed, got Ok ({} bytes, {stripped:?})", out.len()),
        }
    }

    // ---- JPEG -------------------------------------------------------------------------------

    fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut v = vec![0xFF, marker];
        v.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
        v.extend_from_slice(payload);
        v
    }

    fn jfif() -> Vec<u8> {
        seg(0xE0, b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    }

    fn exif() -> Vec<u8> {
        seg(0xE1, b"Exif\0\0MM\0\x2a\0\0\0\x08GPSLatitude CANARY-GPS-55.6761 N; BodySerialNumber 0042")
    }

    fn xmp() -> Vec<u8> {
        seg(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>CANARY-XMP</x:xmpmeta>")
    }

    fn icc() -> Vec<u8> {
        seg(0xE2, b"ICC_PROFILE\0\x01\x01fake-icc-profile-bytes")
    }

    fn adobe() -> Vec<u8> {
        seg(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
    }

    fn dqt() -> Vec<u8> {
        let mut table = vec![0x00];
        table.extend_from_slice(&[1; 64]);
        seg(0xDB, &table)
    }

    /// 8x8, one grey component.
    fn sof(marker: u8) -> Vec<u8> {
        seg(marker, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0])
    }

    /// A table with one code, `0`, for symbol 0: category 0 for DC, end-of-block for AC.
    fn dht(class: u8) -> Vec<u8> {
        let mut table = vec![class << 4, 1];
        table.extend_from_slice(&[0; 15]);
        table.push(0);
        seg(0xC4, &table)
    }

    fn sos(first: u8, last: u8) -> Vec<u8> {
        seg(0xDA, &[1, 1, 0x00, first, last, 0])
    }

    /// Entropy-coded data with byte stuffing and restart markers, which must not end the scan.
    const ENTROPY: &[u8] = &[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78, 0xFF, 0x00, 0x9A, 0xFF, 0xD1, 0xBC];

    /// A second JPEG with its own EXIF after EOI, as phones append previews and motion photos.
    fn trailer() -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        v.extend(seg(0xE1, b"Exif\0\0CANARY-TRAILER"));
        v.extend_from_slice(&[0xFF, 0xD9]);
        v
    }

    fn clean_jpeg() -> Vec<u8> {
        [
            &[0xFF, 0xD8][..],
            &jfif(),
            &icc(),
            &adobe(),
            &dqt(),
            &sof(0xC0),
            &dht(0),
            &dht(1),
            &sos(0, 63),
            ENTROPY,
            &[0xFF, 0xD9],
        ]
        .concat()
    }

    /// The clean JPEG's segments with metadata around them, fill bytes and a trailer.
    fn phone_jpeg() -> Vec<u8> {
        [
            &[0xFF, 0xD8][..],
            &jfif(),
            &exif(),
            &xmp(),
            &seg(0xFE, b"CANARY-COMMENT"),
            &seg(0xE2, b"MPF\0CANARY-MPF"),
            &seg(0xED, b"Photoshop 3.0\08BIM CANARY-IPTC"),
            &icc(),
            &adobe(),
            &dqt(),
            &sof(0xC0),
            &dht(0),
            &dht(1),
            &[0xFF, 0xFF],
            &sos(0, 63),
            ENTROPY,
            &[0xFF, 0xD9],
            &trailer(),
        ]
        .concat()
    }

    #[test]
    fn jpeg_metadata_is_removed_and_the_picture_kept() {
        let (out, stripped) = strip_metadata("image/jpeg", &phone_jpeg()).unwrap();
        assert!(!contains(&out, b"CANARY"));
        assert!(contains(&out, &jfif()));
        assert!(contains(&out, &icc()));
        assert!(contains(&out, &adobe()));
        assert!(contains(&out, &[&sos(0, 63)[..], ENTROPY, &[0xFF, 0xD9]].concat()));
        assert!(out.starts_with(&[0xFF, 0xD8]));
        assert!(out.ends_with(&[0xFF, 0xD9]));
        assert_eq!(out, clean_jpeg());
        // EXIF, XMP, COM, MPF, IPTC and the trailer.
        assert_eq!(stripped, Stripped { segments_removed: 6 });
    }

    #[test]
    fn clean_jpeg_is_unchanged() {
        let clean = clean_jpeg();
        assert_eq!(strip_metadata("image/jpeg", &clean).unwrap(), (clean, Stripped::default()));
    }

    /// A decodable 8x8 grey baseline JPEG: one DC difference of 0 and end-of-block, `00` padded
    /// with ones.
    fn minimal_baseline_jpeg(metadata: &[u8]) -> Vec<u8> {
        [
            &[0xFF, 0xD8][..],
            &jfif(),
            metadata,
            &dqt(),
            &sof(0xC0),
            &dht(0),
            &dht(1),
            &sos(0, 63),
            &[0x3F],
            &[0xFF, 0xD9],
        ]
        .concat()
    }

    #[test]
    fn minimal_baseline_jpeg_loses_only_its_exif() {
        let clean = minimal_baseline_jpeg(&[]);
        let (out, stripped) = strip_metadata("image/jpeg", &minimal_baseline_jpeg(&exif())).unwrap();
        assert_eq!(out, clean);
        assert_eq!(stripped.segments_removed, 1);
    }

    #[test]
    fn progressive_jpeg_segments_between_scans_are_checked() {
        let second_entropy = [0xAB, 0xFF, 0x00, 0xCD, 0xFF, 0xD7, 0xEF];
        let jpeg = [
            &[0xFF, 0xD8][..],
            &jfif(),
            &dqt(),
            &sof(0xC2),
            &dht(0),
            &sos(0, 0),
            ENTROPY,
            &seg(0xFE, b"CANARY-BETWEEN-SCANS"),
            &dht(1),
            &exif(),
            &sos(1, 63),
            &second_entropy,
            &[0xFF, 0xD9],
        ]
        .concat();
        let (out, stripped) = strip_metadata("image/jpeg", &jpeg).unwrap();
        let expected = [
            &[0xFF, 0xD8][..],
            &jfif(),
            &dqt(),
            &sof(0xC2),
            &dht(0),
            &sos(0, 0),
            ENTROPY,
            &dht(1),
            &sos(1, 63),
            &second_entropy,
            &[0xFF, 0xD9],
        ]
        .concat();
        assert_eq!(out, expected);
        assert_eq!(stripped.segments_removed, 2);
    }

    #[test]
    fn jfif_thumbnail_and_jfxx_are_removed() {
        // A 2x2 RGB thumbnail: twelve bytes.
        let jfif_with_thumbnail = seg(0xE0, b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x02\x02CANARY-THUMB");
        let jfxx = seg(0xE0, b"JFXX\0\x10CANARY-JFXX");
        let picture = [&sos(0, 63)[..], ENTROPY, &[0xFF, 0xD9]].concat();
        let jpeg = [&[0xFF, 0xD8][..], &jfif_with_thumbnail, &jfxx, &picture].concat();
        let (out, stripped) = strip_metadata("image/jpeg", &jpeg).unwrap();
        assert_eq!(out, [&[0xFF, 0xD8][..], &jfif(), &picture].concat());
        assert_eq!(stripped.segments_removed, 2);
    }

    #[test]
    fn truncated_jpeg_is_malformed() {
        let jpeg = phone_jpeg();
        let app1 = 2 + jfif().len();
        assert_eq!(jpeg.get(app1..app1 + 2), Some(&[0xFF, 0xE1][..]));
        // Cut after the marker, inside the length, inside the payload.
        for cut in [app1 + 1, app1 + 2, app1 + 3, app1 + 10] {
            assert_malformed("image/jpeg", &jpeg[..cut]);
        }
        // Cut inside the entropy-coded data: no EOI.
        let clean = clean_jpeg();
        assert_malformed("image/jpeg", &clean[..clean.len() - 3]);
        assert_malformed("image/jpeg", &clean[..clean.len() - 1]);
    }

    #[test]
    fn jpeg_segment_length_past_the_end_is_malformed() {
        assert_malformed("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, b'E', b'x', b'i', b'f']);
        let mut jpeg = phone_jpeg();
        let app1 = 2 + jfif().len();
        jpeg.truncate(app1 + exif().len() - 1);
        assert_malformed("image/jpeg", &jpeg);
    }

    #[test]
    fn odd_jpeg_structure_is_malformed() {
        let soi = [0xFF, 0xD8];
        // Segment length below 2.
        assert_malformed("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9]);
        // Data between segments.
        assert_malformed("image/jpeg", &[&soi[..], &jfif(), b"junk", &[0xFF, 0xD9]].concat());
        // A stuffed zero, a second SOI and a reserved marker outside a scan.
        assert_malformed("image/jpeg", &[0xFF, 0xD8, 0xFF, 0x00, 0xFF, 0xD9]);
        assert_malformed("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xD8, 0xFF, 0xD9]);
        assert_malformed("image/jpeg", &[&soi[..], &seg(0x02, b"CANARY"), &[0xFF, 0xD9]].concat());
        // A metadata segment whose marker was damaged into a table's.
        assert_malformed("image/jpeg", &[&soi[..], &seg(0xDB, b"Exif\0\0CANARY"), &[0xFF, 0xD9]].concat());
        assert_malformed("image/jpeg", &[&soi[..], &seg(0xC4, b"CANARY"), &[0xFF, 0xD9]].concat());
        assert_malformed("image/jpeg", &[&soi[..], &seg(0xDA, b"CANARY"), &[0xFF, 0xD9]].concat());
        // No scan before EOI.
        assert_malformed("image/jpeg", &[&soi[..], &jfif(), &dqt(), &[0xFF, 0xD9]].concat());
        // Not a JPEG at all, though labelled one.
        assert_malformed("image/jpeg", b"GIF89a");
        assert_malformed("image/jpeg", &[]);
    }

    #[test]
    fn standalone_markers_outside_scans_are_kept() {
        let jpeg = [&[0xFF, 0xD8, 0xFF, 0x01, 0xFF, 0xD3][..], &sos(0, 63), ENTROPY, &[0xFF, 0xD9]].concat();
        assert_eq!(strip_metadata("image/jpeg", &jpeg).unwrap(), (jpeg.clone(), Stripped::default()));
    }

    #[test]
    fn malformed_error_does_not_carry_the_image() {
        let err = strip_metadata("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, b'C', b'A', b'N']).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("the image is malformed ("), "{text}");
        assert!(!text.contains("CAN"));
        assert!(!format!("{err:?}").contains("CAN"));
    }

    // ---- PNG --------------------------------------------------------------------------------

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut v = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(data);
        v.extend_from_slice(&crc32(&[&kind[..], data].concat()).to_be_bytes());
        v
    }

    /// 1x1, 8-bit grey.
    fn ihdr() -> Vec<u8> {
        chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
    }

    /// Filter 0 and one pixel of 0x80 in a stored zlib block, with its Adler-32.
    fn idat() -> Vec<u8> {
        chunk(b"IDAT", &[0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81])
    }

    fn clean_png() -> Vec<u8> {
        [
            PNG_SIGNATURE,
            &ihdr(),
            &chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
            &chunk(b"sRGB", &[0]),
            &idat(),
            &chunk(b"IEND", &[]),
        ]
        .concat()
    }

    fn phone_png() -> Vec<u8> {
        [
            PNG_SIGNATURE,
            &ihdr(),
            &chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
            &chunk(b"tEXt", b"Comment\0CANARY-PNG-TEXT"),
            &chunk(b"zTXt", b"CANARY-ZTXT\0\0\x78\x01"),
            &chunk(b"iTXt", b"Location\0\0\0\0\0CANARY-PNG-ITXT"),
            &chunk(b"eXIf", b"MM\0\x2aCANARY-PNG-EXIF"),
            &chunk(b"sRGB", &[0]),
            &chunk(b"tIME", &[0x07, 0xE9, 1, 2, 3, 4, 5]),
            &chunk(b"pHYs", &[0, 0, 0x16, 0x25, 0, 0, 0x16, 0x25, 1]),
            &idat(),
            &chunk(b"prVt", b"CANARY-PRIVATE"),
            &chunk(b"IEND", &[]),
            b"CANARY-PNG-TRAILER",
        ]
        .concat()
    }

    #[test]
    fn png_metadata_is_removed_and_the_picture_kept_in_order() {
        let (out, stripped) = strip_metadata("image/png", &phone_png()).unwrap();
        assert!(!contains(&out, b"CANARY"));
        assert_eq!(out, clean_png());
        // tEXt, zTXt, iTXt, eXIf, tIME, pHYs, prVt and the trailer.
        assert_eq!(stripped.segments_removed, 8);
    }

    #[test]
    fn clean_png_is_unchanged() {
        let clean = clean_png();
        assert_eq!(strip_metadata("image/png", &clean).unwrap(), (clean, Stripped::default()));
    }

    #[test]
    fn bad_png_is_malformed() {
        let png = phone_png();
        // Bad signature.
        let mut bad = png.clone();
        bad[1] = b'Q';
        assert_malformed("image/png", &bad);
        // A chunk length past the end.
        assert_malformed("image/png", &[PNG_SIGNATURE, &ihdr(), &[0, 0, 1, 0], b"tEXtCANARY"].concat());
        // A length beyond 2^31 - 1.
        assert_malformed("image/png", &[PNG_SIGNATURE, &ihdr(), &[0x80, 0, 0, 0], b"tEXt"].concat());
        // No IEND.
        assert_malformed("image/png", &[PNG_SIGNATURE, &ihdr(), &idat()].concat());
        // Not starting with IHDR.
        assert_malformed("image/png", &[PNG_SIGNATURE, &idat(), &ihdr(), &chunk(b"IEND", &[])].concat());
        // An unknown critical chunk, and a chunk type that is not letters.
        let unknown = [PNG_SIGNATURE, &ihdr(), &chunk(b"CANA", b"RY"), &idat(), &chunk(b"IEND", &[])].concat();
        assert_malformed("image/png", &unknown);
        assert_malformed("image/png", &[PNG_SIGNATURE, &ihdr(), &chunk(b"t3Xt", b"x"), &chunk(b"IEND", &[])].concat());
        // No IDAT.
        assert_malformed("image/png", &[PNG_SIGNATURE, &ihdr(), &chunk(b"IEND", &[])].concat());
        // Data hidden in IEND.
        assert_malformed("image/png", &[PNG_SIGNATURE, &ihdr(), &idat(), &chunk(b"IEND", b"CANARY")].concat());
    }

    #[test]
    fn png_kept_chunk_with_a_bad_crc_is_malformed() {
        let mut png = clean_png();
        let idat_data = png.len() - chunk(b"IEND", &[]).len() - idat().len() + 8;
        png[idat_data] ^= 1;
        assert_malformed("image/png", &png);
        // An IDAT whose length was damaged to swallow the chunk after it.
        let private = chunk(b"prVt", b"CANARY-PRIVATE");
        let mut swallowing = idat();
        swallowing[3] += u8::try_from(private.len()).unwrap();
        let swallowing = [PNG_SIGNATURE, &ihdr(), &swallowing, &private, &chunk(b"IEND", &[])].concat();
        assert_malformed("image/png", &swallowing);
        // A dropped chunk's CRC does not matter.
        let mut text = chunk(b"tEXt", b"Comment\0CANARY");
        *text.last_mut().unwrap() ^= 1;
        let png = [PNG_SIGNATURE, &ihdr(), &text, &idat(), &chunk(b"IEND", &[])].concat();
        assert_eq!(
            strip_metadata("image/png", &png).unwrap().0,
            [PNG_SIGNATURE, &ihdr(), &idat(), &chunk(b"IEND", &[])].concat()
        );
    }

    #[test]
    fn png_colour_chunk_of_the_wrong_size_is_dropped() {
        let png = [PNG_SIGNATURE, &ihdr(), &chunk(b"gAMA", b"CANARY"), &idat(), &chunk(b"IEND", &[])].concat();
        let (out, stripped) = strip_metadata("image/png", &png).unwrap();
        assert_eq!(out, [PNG_SIGNATURE, &ihdr(), &idat(), &chunk(b"IEND", &[])].concat());
        assert_eq!(stripped.segments_removed, 1);
    }

    // ---- WebP -------------------------------------------------------------------------------

    fn riff_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut v = fourcc.to_vec();
        v.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        v.extend_from_slice(data);
        if data.len() % 2 == 1 {
            v.push(0);
        }
        v
    }

    fn webp(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body = chunks.concat();
        [&b"RIFF"[..], &u32::try_from(body.len() + 4).unwrap().to_le_bytes(), b"WEBP", &body].concat()
    }

    fn vp8x(flags: u8) -> Vec<u8> {
        riff_chunk(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// Odd length, to check padding.
    fn iccp() -> Vec<u8> {
        riff_chunk(b"ICCP", b"odd-icc")
    }

    fn vp8l() -> Vec<u8> {
        riff_chunk(b"VP8L", &[0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11])
    }

    fn phone_webp() -> Vec<u8> {
        // ICC, alpha, EXIF and XMP flags.
        webp(&[
            vp8x(0x3C),
            iccp(),
            vp8l(),
            riff_chunk(b"EXIF", b"MM\0\x2aCANARY-WEBP-EXIF!"),
            riff_chunk(b"XMP ", b"<x:xmpmeta>CANARY-WEBP-XMP</x:xmpmeta>"),
        ])
    }

    #[test]
    fn webp_metadata_is_removed_and_the_header_fixed() {
        let (out, stripped) = strip_metadata("image/webp", &phone_webp()).unwrap();
        assert!(!contains(&out, b"CANARY"));
        let riff_size = u32::from_le_bytes(out[4..8].try_into().unwrap());
        assert_eq!(usize::try_from(riff_size).unwrap(), out.len() - 8);
        // ICC and alpha flags stay.
        assert_eq!(out[20], 0x30);
        assert_eq!(out, webp(&[vp8x(0x30), iccp(), vp8l()]));
        assert_eq!(stripped.segments_removed, 2);
    }

    #[test]
    fn simple_webp_loses_exif_unknown_chunks_and_trailing_data() {
        let vp8 = riff_chunk(b"VP8 ", b"\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00");
        let mut file = webp(&[vp8.clone(), riff_chunk(b"EXIF", b"CANARY"), riff_chunk(b"cAnY", b"CANARY")]);
        file.extend_from_slice(b"CANARY-AFTER-RIFF");
        let (out, stripped) = strip_metadata("image/webp", &file).unwrap();
        assert_eq!(out, webp(&[vp8]));
        assert_eq!(stripped.segments_removed, 3);
    }

    #[test]
    fn bad_webp_is_malformed() {
        let good = phone_webp();
        // RIFF size past the end.
        assert_malformed("image/webp", &good[..good.len() - 1]);
        // A chunk size past the end of the RIFF container.
        let mut long_chunk = webp(&[vp8l()]);
        long_chunk[16] = 0xFF;
        assert_malformed("image/webp", &long_chunk);
        // A chunk header cut by the RIFF size.
        let mut cut = webp(&[vp8l()]);
        cut.extend_from_slice(b"EXIF");
        assert_malformed(
            "image/webp",
            &[&b"RIFF"[..], &u32::try_from(cut.len() - 8).unwrap().to_le_bytes(), &cut[8..]].concat(),
        );
        // VP8X of the wrong size.
        assert_malformed("image/webp", &webp(&[riff_chunk(b"VP8X", &[0x08]), vp8l()]));
        // No picture.
        assert_malformed("image/webp", &webp(&[vp8x(0), iccp()]));
        // Labelled WebP but not RIFF.
        assert_malformed("image/webp", b"RIFX\0\0\0\0WEBP");
    }

    // ---- Format detection -------------------------------------------------------------------

    #[test]
    fn non_images_are_returned_unchanged() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend((0..512).map(|_| rng.next().to_le_bytes()[0]));
        assert!(!is_strippable_image("application/pdf", &pdf));
        assert_eq!(strip_metadata("application/pdf", &pdf).unwrap(), (pdf.clone(), Stripped::default()));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert!(!is_strippable_image("image/heic", heic));
        assert_eq!(strip_metadata("image/heic", heic).unwrap(), (heic.to_vec(), Stripped::default()));
        assert_eq!(strip_metadata("", &[]).unwrap(), (Vec::new(), Stripped::default()));
    }

    #[test]
    fn format_is_known_by_magic_or_mime() {
        let jpeg = phone_jpeg();
        for mime in
            ["image/jpeg", "IMAGE/JPEG; charset=binary", "", "application/octet-stream", "image/png", "application/pdf"]
        {
            assert!(is_strippable_image(mime, &jpeg), "{mime}");
            // The bytes decide: a viewer would show them as a JPEG with its EXIF whatever the label.
            assert_eq!(strip_metadata(mime, &jpeg).unwrap().0, clean_jpeg(), "{mime}");
        }
        assert!(is_strippable_image("application/octet-stream", &phone_png()));
        assert!(is_strippable_image("", &phone_webp()));
        for mime in ["image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/apng", " image/webp "] {
            assert!(is_strippable_image(mime, b"garbage"), "{mime}");
            assert_malformed(mime, b"garbage");
        }
        assert!(!is_strippable_image("application/octet-stream", b"garbage"));
        assert!(!is_strippable_image("image/gif", b"GIF89a"));
    }

    // ---- Never panics -----------------------------------------------------------------------

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
        }

        fn byte(&mut self) -> u8 {
            // Bytes that mean something to the parsers, half of the time.
            const INTERESTING: &[u8] = &[0x00, 0x01, 0x02, 0xFF, 0xD8, 0xD9, 0xDA, 0xDB, 0xC4, 0xE0, 0xE2, 0xEE, 0x80];
            if self.next() & 1 == 0 { INTERESTING[self.below(INTERESTING.len())] } else { self.next().to_le_bytes()[0] }
        }
    }

    /// Strips `bytes` and checks what must hold for any input: no panic, no canary left in an
    /// accepted JPEG or PNG (a WebP has no checksum, so a damaged chunk size can wrap a neighbour
    /// into the picture's chunk), and stripping the output again changes nothing.
    fn check(mime: &str, bytes: &[u8], no_canary: bool) -> bool {
        let _ = is_strippable_image(mime, bytes);
        let Ok((out, _)) = strip_metadata(mime, bytes) else { return false };
        if no_canary {
            assert!(!contains(&out, b"CANARY"), "a canary survived in {bytes:02X?}");
        }
        if is_strippable_image(mime, bytes) {
            assert_eq!(strip_metadata(mime, &out).unwrap(), (out.clone(), Stripped::default()), "{bytes:02X?}");
        }
        true
    }

    #[test]
    fn every_prefix_is_refused_or_clean() {
        let jpeg = phone_jpeg();
        let image_end = jpeg.len() - trailer().len();
        let png = phone_png();
        let png_end = png.len() - b"CANARY-PNG-TRAILER".len();
        let webp = phone_webp();
        for n in 0..=jpeg.len() {
            assert_eq!(check("image/jpeg", &jpeg[..n], true), n >= image_end, "prefix of {n} bytes");
            check("application/octet-stream", &jpeg[..n], true);
        }
        for n in 0..=png.len() {
            assert_eq!(check("image/png", &png[..n], true), n >= png_end, "prefix of {n} bytes");
            check("", &png[..n], true);
        }
        for n in 0..=webp.len() {
            assert_eq!(check("image/webp", &webp[..n], false), n == webp.len(), "prefix of {n} bytes");
            check("", &webp[..n], false);
        }
    }

    #[test]
    fn random_mutations_never_panic_nor_leak_from_jpeg_or_png() {
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        let bases: [(&str, Vec<u8>, bool); 5] = [
            ("image/jpeg", phone_jpeg(), true),
            ("image/jpeg", minimal_baseline_jpeg(&exif()), true),
            ("image/png", phone_png(), true),
            ("image/webp", phone_webp(), false),
            ("application/octet-stream", phone_webp(), false),
        ];
        let mut accepted = 0;
        for (mime, base, no_canary) in &bases {
            for _ in 0..3000 {
                let mut bytes = base.clone();
                for _ in 0..=rng.below(4) {
                    let at = rng.below(bytes.len() + 1);
                    match rng.below(5) {
                        0 | 1 if at < bytes.len() => bytes[at] = rng.byte(),
                        2 if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
                        3 => bytes.insert(at, rng.byte()),
                        _ if at < bytes.len() => {
                            bytes.remove(at);
                        }
                        _ => bytes.push(rng.byte()),
                    }
                }
                if check(mime, &bytes, *no_canary) {
                    accepted += 1;
                }
            }
        }
        // Some mutations land in data the parsers copy or drop, so not everything is refused.
        assert!(accepted > 100, "only {accepted} mutations were accepted");
    }
}
