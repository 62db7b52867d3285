//! PNG: critical chunks and colour chunks kept whole, with their CRCs checked; text, EXIF and
//! time chunks dropped.

use super::{MediaError, Stripped, array};

pub(super) const SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

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

pub(super) fn strip(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    const TRUNCATED: MediaError = MediaError::Malformed("the PNG ends in the middle of a chunk header");
    if !b.starts_with(SIGNATURE) {
        return Err(MediaError::Malformed("not a PNG: bad signature"));
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(SIGNATURE);
    let mut removed = 0;
    let mut pos = SIGNATURE.len();
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
pub(super) fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(0xFFFF_FFFF_u32, |crc, &byte| CRC_TABLE[usize::from(crc.to_le_bytes()[0] ^ byte)] ^ (crc >> 8))
}
