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
//! not that format, is refused. Formats that carry metadata we do not strip (HEIC, HEIF, AVIF,
//! TIFF and the camera raw formats built on it or on ISO media, JPEG XL, JPEG 2000, Photoshop,
//! WebM and Matroska, AVI) are recognised by their bytes too and held back whatever MIME type
//! they came with ([`MediaError::Unsupported`]).

use crate::transcript::Attachment;

#[cfg(test)]
mod format_tests;
#[cfg(test)]
mod fuzz;
mod gif;
mod isobmff;
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
    pub(crate) segments_removed: usize,
}

/// Why an image was refused. Never carries the image's bytes: errors end up in logs.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// A truncated or malformed image: the caller must NOT pass the original on (it might carry the
    /// metadata we could not remove).
    #[error("the image is malformed ({0}); it was not passed on")]
    Malformed(&'static str),
    /// A format that carries metadata the bridge does not strip (named, for logs).
    #[error("{0} cannot be cleaned of metadata; it was not passed on")]
    Unsupported(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Jpeg,
    Png,
    WebP,
    Gif,
    /// MP4, MOV, 3GP, M4V, M4A: ISO media that is not a still image.
    IsoMedia,
}

/// What the bytes (or, failing them, the MIME type) say a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Strippable(Format),
    /// A format with metadata we do not strip, named for logs.
    Uncleanable(&'static str),
    /// A picture format without metadata blocks (BMP).
    Bare,
    /// Not a picture or a video as far as the bytes and the MIME type tell.
    Other,
}

/// Removes metadata from an image or video, by its magic bytes or, if they are not a format we
/// know, by its MIME type.
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
/// GIF: drops comment, plain-text and application extensions (XMP among them) except the looping
/// one, and data after the trailer.
///
/// ISO media video and sound (MP4, MOV, 3GP, M4V, M4A): blanks `udta`, `meta`, `uuid` and unknown
/// boxes in place and zeroes recording times; the output has the input's length (see
/// `isobmff.rs` for what is refused).
///
/// A file of one of these formats that is truncated, does not add up, or holds no image data is
/// refused with [`MediaError::Malformed`]; a format we recognise but do not clean with
/// [`MediaError::Unsupported`].
///
/// Anything else is returned unchanged with `segments_removed == 0`: the caller decides.
pub fn strip_metadata(mime: &str, bytes: &[u8]) -> Result<(Vec<u8>, Stripped), MediaError> {
    match kind_of(mime, bytes) {
        Kind::Strippable(Format::Jpeg) => jpeg::strip(bytes),
        Kind::Strippable(Format::Png) => png::strip(bytes),
        Kind::Strippable(Format::WebP) => webp::strip(bytes),
        Kind::Strippable(Format::Gif) => gif::strip(bytes),
        Kind::Strippable(Format::IsoMedia) => isobmff::strip(bytes),
        Kind::Uncleanable(what) => Err(MediaError::Unsupported(what)),
        Kind::Bare | Kind::Other => Ok((bytes.to_vec(), Stripped::default())),
    }
}

/// What of a file may leave the bridge.
#[derive(Debug, PartialEq, Eq)]
pub enum Cleaned {
    /// Not an image or a video, or one now without its metadata.
    Pass(Vec<u8>),
    /// An image or video the bridge cannot clean (HEIC, TIFF, WebM, damaged…): its metadata
    /// could be anything, so it stays behind.
    HeldBack,
}

/// The rule every connector applies to a file before it leaves the bridge, in either direction.
/// The bytes decide, whatever MIME type or file name came with them; a picture or video whose
/// bytes we do not recognise at all is held back too.
pub fn clean_file(mime: &str, bytes: Vec<u8>) -> Cleaned {
    match kind_of(mime, &bytes) {
        Kind::Bare | Kind::Other => Cleaned::Pass(bytes),
        Kind::Uncleanable(_) => Cleaned::HeldBack,
        Kind::Strippable(_) => match strip_metadata(mime, &bytes) {
            Ok((clean, _)) => Cleaned::Pass(clean),
            Err(_) => Cleaned::HeldBack,
        },
    }
}

/// What a staffer's file may carry to a visitor's phone, which a controller may read: whatever
/// [`clean_file`] passes, except video and sound containers. ISO media (MP4, MOV, M4A, 3GP) is
/// cleaned of its metadata boxes, but the coded picture and sound are not inspected (some cameras
/// write positions into them), so none goes to a visitor whatever MIME type it was sent with.
/// Staff can type instead; a visitor's video is still passed to staff, cleaned, since they need to
/// see it.
pub fn clean_staff_file(mime: &str, bytes: Vec<u8>) -> Cleaned {
    let essence = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let media = matches!(kind_of(mime, &bytes), Kind::Strippable(Format::IsoMedia) | Kind::Uncleanable(_));
    if media || essence.starts_with("video/") {
        return Cleaned::HeldBack;
    }
    clean_file(mime, bytes)
}

/// A visitor's file as it may go on to staff, cleaned by [`clean_file`]; `None`: held back.
/// With [`staff_attachment`], the only way a connector can make an [`Attachment`].
pub fn visitor_attachment(mime: &str, bytes: Vec<u8>) -> Option<Attachment> {
    match clean_file(mime, bytes) {
        Cleaned::Pass(bytes) => Some(Attachment::new(mime, bytes)),
        Cleaned::HeldBack => None,
    }
}

/// A staffer's file as it may go on to a visitor's phone, cleaned by [`clean_staff_file`];
/// `None`: held back.
pub fn staff_attachment(mime: &str, bytes: Vec<u8>) -> Option<Attachment> {
    match clean_staff_file(mime, bytes) {
        Cleaned::Pass(bytes) => Some(Attachment::new(mime, bytes)),
        Cleaned::HeldBack => None,
    }
}

#[cfg(test)]
/// Whether [`strip_metadata`] cleans this format (by magic or mime).
pub(crate) fn is_strippable_image(mime: &str, bytes: &[u8]) -> bool {
    matches!(kind_of(mime, bytes), Kind::Strippable(_))
}

fn kind_of(mime: &str, bytes: &[u8]) -> Kind {
    if let Some(kind) = sniff(bytes) {
        return kind;
    }
    let essence = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match format_of_mime(&essence) {
        Some(format) => Kind::Strippable(format),
        // A picture or video whose bytes we do not recognise: a viewer may still make sense of
        // them, and of their metadata.
        None if essence.starts_with("image/") || essence.starts_with("video/") => {
            Kind::Uncleanable("an image or video of a kind the bridge does not know")
        }
        None => Kind::Other,
    }
}

/// Image brands in an ISO media `ftyp` box: HEIF and HEIC (stills and sequences), AVIF, Canon's CR3
/// and JPEG XL / JPEG 2000 in ISO boxes. Their metadata sits in items we do not strip.
const IMAGE_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"mif2", b"msf1", b"miaf",
    b"avif", b"avis", b"avio", b"crx ", b"jxl ", b"jp2 ", b"jpx ", b"jpm ", b"MiHE", b"MiHA", b"MiHB",
];

fn sniff(b: &[u8]) -> Option<Kind> {
    let starts = |magic: &[u8]| b.starts_with(magic);
    let at4 = b.get(4..8);
    Some(if starts(&[0xFF, 0xD8, 0xFF]) {
        Kind::Strippable(Format::Jpeg)
    } else if starts(png::SIGNATURE) {
        Kind::Strippable(Format::Png)
    } else if starts(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        Kind::Strippable(Format::WebP)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Kind::Strippable(Format::Gif)
    } else if at4 == Some(b"ftyp") {
        if ftyp_brands(b).any(|brand| IMAGE_BRANDS.iter().any(|image| **image == brand)) {
            Kind::Uncleanable("HEIF, AVIF or another still image in ISO media boxes")
        } else {
            Kind::Strippable(Format::IsoMedia)
        }
    } else if matches!(at4, Some(b"moov" | b"mdat" | b"wide" | b"free" | b"skip")) {
        // Old QuickTime files start without ftyp.
        Kind::Strippable(Format::IsoMedia)
    } else if starts(b"II*\0") || starts(b"MM\0*") || starts(b"II+\0") || starts(b"MM\0+") {
        // DNG, CR2, NEF, ARW and other camera raw formats are TIFF too.
        Kind::Uncleanable("TIFF or camera raw")
    } else if starts(b"IIRO") || starts(b"IIRS") || starts(b"MMOR") || starts(b"IIU\0") || starts(b"FUJIFILMCCD-RAW") {
        Kind::Uncleanable("camera raw")
    } else if starts(&[0xFF, 0x0A]) || at4 == Some(b"JXL ") {
        Kind::Uncleanable("JPEG XL")
    } else if at4 == Some(b"jP  ") || starts(&[0xFF, 0x4F, 0xFF, 0x51]) {
        Kind::Uncleanable("JPEG 2000")
    } else if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Kind::Uncleanable("WebM or Matroska")
    } else if starts(b"RIFF") && matches!(b.get(8..12), Some(b"AVI " | b"AVIX")) {
        Kind::Uncleanable("AVI")
    } else if starts(b"8BPS") {
        Kind::Uncleanable("Photoshop")
    } else if is_bmp(b) {
        Kind::Bare
    } else {
        return None;
    })
}

/// The major brand and the compatible brands of an `ftyp` box at the start of the file.
fn ftyp_brands(b: &[u8]) -> impl Iterator<Item = [u8; 4]> + '_ {
    let size = array::<4>(b, 0).map_or(0, u32::from_be_bytes);
    let end = usize::try_from(size).unwrap_or(0).min(b.len());
    // Major brand at 8, minor version at 12, compatible brands from 16.
    let compatible = (16..end).step_by(4);
    std::iter::once(8).chain(compatible).filter_map(move |at| array::<4>(b, at).filter(|_| at + 4 <= end.max(12)))
}

/// A Windows bitmap: its header's file size matches, and its info header has a known size. It has
/// no place for text or positions (an embedded colour profile at most).
fn is_bmp(b: &[u8]) -> bool {
    let file_size = array::<4>(b, 2).map(u32::from_le_bytes);
    let header = array::<4>(b, 14).map(u32::from_le_bytes);
    b.starts_with(b"BM")
        && file_size.and_then(|n| usize::try_from(n).ok()) == Some(b.len())
        && matches!(header, Some(12 | 40 | 52 | 56 | 108 | 124))
}

fn format_of_mime(essence: &str) -> Option<Format> {
    match essence {
        "image/jpeg" | "image/jpg" | "image/pjpeg" | "image/jfif" => Some(Format::Jpeg),
        "image/png" | "image/apng" | "image/x-png" => Some(Format::Png),
        "image/webp" => Some(Format::WebP),
        "image/gif" => Some(Format::Gif),
        _ => None,
    }
}

/// `N` bytes at `at`, or `None` past the end.
pub(super) fn array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}
