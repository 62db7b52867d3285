//! GIF: a walk over the blocks; comments and application extensions other than the looping
//! one dropped, plain-text extensions dropped, the picture kept.
//!
//! A GIF has no checksum, so the walk must account for every byte: each block's length is checked
//! against the file, and a file that does not end with the trailer right after its last block is
//! refused. Anything the walk cannot place could be where a comment or XMP packet hides.

use super::{MediaError, Stripped};

const EXTENSION: u8 = 0x21;
const IMAGE: u8 = 0x2C;
const TRAILER: u8 = 0x3B;
const GRAPHIC_CONTROL: u8 = 0xF9;
/// Logical screen descriptor after the 6-byte signature.
const SCREEN_LEN: usize = 7;
/// The Netscape / Animexts looping extension: identifier, authentication code. Animated GIFs need it
/// to loop; its sub-blocks hold only a loop count (and sometimes a buffer size).
const LOOPING: &[&[u8; 11]] = &[b"NETSCAPE2.0", b"ANIMEXTS1.0"];

pub(super) fn strip(b: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    const TRUNCATED: MediaError = MediaError::Malformed("the GIF ends in the middle of a block");
    if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) {
        return Err(MediaError::Malformed("not a GIF: bad signature"));
    }
    let header = b.get(..6 + SCREEN_LEN).ok_or(TRUNCATED)?;
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(header);
    let mut pos = header.len();
    let packed = header.get(10).copied().unwrap_or_default();
    if packed & 0x80 != 0 {
        pos = copy(b, pos, colour_table_len(packed), &mut out)?;
    }
    let mut removed = 0;
    let mut has_image = false;
    loop {
        let introducer = *b.get(pos).ok_or(TRUNCATED)?;
        pos += 1;
        match introducer {
            TRAILER => {
                if !has_image {
                    return Err(MediaError::Malformed("the GIF has no image data"));
                }
                out.push(TRAILER);
                if pos < b.len() {
                    removed += 1;
                }
                return Ok((out, Stripped { segments_removed: removed }));
            }
            IMAGE => {
                out.push(IMAGE);
                let descriptor_end = pos.checked_add(9).ok_or(TRUNCATED)?;
                let descriptor = b.get(pos..descriptor_end).ok_or(TRUNCATED)?;
                let packed = descriptor.get(8).copied().unwrap_or_default();
                pos = copy(b, pos, 9, &mut out)?;
                if packed & 0x80 != 0 {
                    pos = copy(b, pos, colour_table_len(packed), &mut out)?;
                }
                // LZW minimum code size, then the image data sub-blocks.
                let code_size = *b.get(pos).ok_or(TRUNCATED)?;
                if !(1..=11).contains(&code_size) {
                    return Err(MediaError::Malformed("the GIF's LZW code size is out of range"));
                }
                pos = copy(b, pos, 1, &mut out)?;
                let end = sub_blocks_end(b, pos)?;
                out.extend_from_slice(b.get(pos..end).ok_or(TRUNCATED)?);
                pos = end;
                has_image = true;
            }
            EXTENSION => {
                let label = *b.get(pos).ok_or(TRUNCATED)?;
                let start = pos - 1;
                let end = sub_blocks_end(b, pos + 1)?;
                let keep = match label {
                    GRAPHIC_CONTROL => {
                        // Fixed: one 4-byte sub-block (disposal, delay, transparency), then the
                        // terminator. A longer one could carry anything.
                        if end - (pos + 1) != 6 || b.get(pos + 1) != Some(&4) {
                            return Err(MediaError::Malformed("the GIF's graphic control block has the wrong size"));
                        }
                        true
                    }
                    0xFF => {
                        let first = b.get(pos + 1..pos + 13);
                        first.is_some_and(|f| {
                            f.first() == Some(&11) && LOOPING.iter().any(|id| f.get(1..) == Some(&id[..]))
                        }) && looping_data_ok(b, pos + 13, end)
                    }
                    // Comments (0xFE), plain text (0x01: text drawn over the picture, which few
                    // viewers show and which can hold anything), XMP and other application data.
                    _ => false,
                };
                if keep {
                    out.extend_from_slice(b.get(start..end).ok_or(TRUNCATED)?);
                } else {
                    removed += 1;
                }
                pos = end;
            }
            _ => return Err(MediaError::Malformed("the GIF has an unknown block")),
        }
    }
}

/// Bytes of a colour table announced in a packed field: 3 × 2^(n+1).
fn colour_table_len(packed: u8) -> usize {
    3 << ((packed & 0x07) + 1)
}

fn copy(b: &[u8], pos: usize, len: usize, out: &mut Vec<u8>) -> Result<usize, MediaError> {
    let end = pos.checked_add(len).ok_or(MediaError::Malformed("the GIF is too large"))?;
    out.extend_from_slice(b.get(pos..end).ok_or(MediaError::Malformed("the GIF ends inside a block"))?);
    Ok(end)
}

/// Where a chain of sub-blocks starting at `pos` ends, its zero terminator included.
fn sub_blocks_end(b: &[u8], mut pos: usize) -> Result<usize, MediaError> {
    loop {
        let len = usize::from(*b.get(pos).ok_or(MediaError::Malformed("the GIF ends inside data sub-blocks"))?);
        pos += 1;
        if len == 0 {
            return Ok(pos);
        }
        pos = pos
            .checked_add(len)
            .filter(|&end| end <= b.len())
            .ok_or(MediaError::Malformed("a GIF sub-block runs past the end"))?;
    }
}

/// The looping extension's data: sub-blocks of 3 (loop count) or 5 (buffer size) bytes, each
/// starting with its id (1 or 2), nothing else. An XMP packet or a comment disguised as one
/// would not fit.
fn looping_data_ok(b: &[u8], mut pos: usize, end: usize) -> bool {
    while pos + 1 < end {
        match (b.get(pos), b.get(pos + 1)) {
            (Some(3), Some(1)) => pos += 4,
            (Some(5), Some(2)) => pos += 6,
            _ => return false,
        }
    }
    pos + 1 == end && b.get(pos) == Some(&0)
}
