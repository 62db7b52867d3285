//! WebP: RIFF chunks; EXIF and XMP dropped, the RIFF size and the VP8X flags fixed.

use super::{MediaError, Stripped, array};

const WEBP_KEPT: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"];
/// Chunks that hold the picture itself, still or animated.
const WEBP_IMAGE: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"ANMF"];
/// VP8X flag bits that announce EXIF (0x08) and XMP (0x04) chunks we removed.
const VP8X_METADATA_FLAGS: u8 = 0x08 | 0x04;
const VP8X_LEN: usize = 10;

pub(super) fn strip(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
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
