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

mod jpeg;
mod png;
#[cfg(test)]
mod tests;
mod webp;

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
        Some(Format::Jpeg) => jpeg::strip(bytes),
        Some(Format::Png) => png::strip(bytes),
        Some(Format::WebP) => webp::strip(bytes),
        None => Ok((bytes.to_vec(), Stripped::default())),
    }
}

/// What of a file may leave the bridge.
#[derive(Debug, PartialEq, Eq)]
pub enum Cleaned {
    /// Not an image, or an image now without its metadata.
    Pass(Vec<u8>),
    /// An image the bridge cannot clean (HEIC, TIFF, damaged…): its metadata could be anything,
    /// so it stays behind.
    HeldBack,
}

/// The rule every connector applies to a file before it leaves the bridge, in either direction.
pub fn clean_file(mime: &str, bytes: Vec<u8>) -> Cleaned {
    if !mime.starts_with("image/") && !is_strippable_image(mime, &bytes) {
        return Cleaned::Pass(bytes);
    }
    match strip_metadata(mime, &bytes) {
        Ok((clean, _)) if is_strippable_image(mime, &bytes) => Cleaned::Pass(clean),
        _ => Cleaned::HeldBack,
    }
}

/// What a staffer's file may carry to a visitor's phone, which a controller may read: whatever
/// [`clean_file`] passes, except containers that hold where and when they were recorded and that
/// the bridge cannot clean. ISO media files (MP4, MOV, M4A, HEIC, 3GP: phones write the place
/// into them, and a voice memo is named after it), TIFF (camera raw files are TIFF) and GIF (XMP
/// and comments) are held back whatever MIME type they were sent with. Staff can type instead;
/// a visitor's file is still passed to staff, who need to see it.
pub fn clean_staff_file(mime: &str, bytes: Vec<u8>) -> Cleaned {
    let essence = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let iso_media = bytes.get(4..8) == Some(b"ftyp");
    let tiff = bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*");
    if iso_media || tiff || bytes.starts_with(b"GIF8") || essence.starts_with("video/") {
        return Cleaned::HeldBack;
    }
    clean_file(mime, bytes)
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
    } else if bytes.starts_with(png::SIGNATURE) {
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
pub(super) fn array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}
