//! GIF, ISO media and the formats the bridge holds back: hand-made samples with canaries in
//! their metadata, under honest and lying MIME types.

use super::tests::{contains, phone_jpeg};
use super::*;

/// MIME types a file may come with: Telegram's default for documents, a lie, none, and a video's.
const CLAIMS: &[&str] = &["application/octet-stream", "image/jpeg", "", "video/mp4", "image/png", "text/plain"];

// ---- GIF --------------------------------------------------------------------------------

fn sub_blocks(data: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for piece in data.chunks(255) {
        v.push(u8::try_from(piece.len()).unwrap());
        v.extend_from_slice(piece);
    }
    v.push(0);
    v
}

fn gif_header() -> Vec<u8> {
    // 1x1, global colour table of two entries (size field 0).
    [&b"GIF89a"[..], &[1, 0, 1, 0, 0x80, 0, 0], &[0, 0, 0, 0xFF, 0xFF, 0xFF]].concat()
}

fn gif_image() -> Vec<u8> {
    // Descriptor without a local colour table, LZW code size 2, one data sub-block.
    [&[0x2C][..], &[0, 0, 0, 0, 1, 0, 1, 0, 0], &[2], &sub_blocks(&[0x02, 0x02, 0x44, 0x01])].concat()
}

fn gif_graphic_control() -> Vec<u8> {
    vec![0x21, 0xF9, 4, 0, 10, 0, 0, 0]
}

fn gif_looping() -> Vec<u8> {
    [&[0x21, 0xFF, 11][..], b"NETSCAPE2.0", &[3, 1, 0, 0, 0]].concat()
}

pub(super) fn gif_comment() -> Vec<u8> {
    [&[0x21, 0xFE][..], &sub_blocks(b"CANARY-GIF-COMMENT taken at 55.6761 N")].concat()
}

pub(super) fn gif_xmp() -> Vec<u8> {
    // XMP's "magic trailer" makes the packet walkable as sub-blocks by GIF readers.
    let packet = b"<x:xmpmeta>CANARY-GIF-XMP</x:xmpmeta>";
    let magic: Vec<u8> = [1_u8].into_iter().chain((0..=255_u8).rev()).chain([0]).collect();
    [&[0x21, 0xFF, 11][..], b"XMP DataXMP", packet, &magic].concat()
}

fn clean_gif() -> Vec<u8> {
    [gif_header(), gif_looping(), gif_graphic_control(), gif_image(), vec![0x3B]].concat()
}

pub(super) fn phone_gif() -> Vec<u8> {
    [
        gif_header(),
        gif_comment(),
        gif_looping(),
        gif_xmp(),
        gif_graphic_control(),
        [&[0x21, 0x01][..], &sub_blocks(b"\x0c\0\0\0\0\x01\0\x01\0\x01\x01\0\x01CANARY-PLAIN-TEXT")].concat(),
        gif_image(),
        [&[0x21, 0xFF, 11][..], b"ICCRGBG1012", &sub_blocks(b"CANARY-APP")].concat(),
        vec![0x3B],
        b"CANARY-AFTER-TRAILER".to_vec(),
    ]
    .concat()
}

/// Walks a GIF's blocks as a reader would; `None` if they do not add up.
fn gif_blocks(b: &[u8]) -> Option<Vec<u8>> {
    let mut pos = 13 + if b.get(10)? & 0x80 != 0 { 3 << ((b.get(10)? & 7) + 1) } else { 0 };
    let skip_sub_blocks = |mut pos: usize| loop {
        let len = usize::from(*b.get(pos)?);
        pos += 1 + len;
        if len == 0 {
            return Some(pos);
        }
    };
    let mut labels = Vec::new();
    loop {
        match *b.get(pos)? {
            0x3B => return (pos + 1 == b.len()).then_some(labels),
            0x2C => {
                let packed = *b.get(pos + 9)?;
                pos += 10 + if packed & 0x80 != 0 { 3 << ((packed & 7) + 1) } else { 0 } + 1;
                labels.push(0x2C);
                pos = skip_sub_blocks(pos)?;
            }
            0x21 => {
                labels.push(*b.get(pos + 1)?);
                pos = skip_sub_blocks(pos + 2)?;
            }
            _ => return None,
        }
    }
}

#[test]
fn gif_comments_xmp_and_text_are_removed_and_the_picture_kept() {
    let phone = phone_gif();
    assert!(gif_blocks(&phone[..phone.len() - b"CANARY-AFTER-TRAILER".len()]).is_some(), "the sample is a GIF");
    for mime in ["image/gif", "application/octet-stream", "image/jpeg", ""] {
        let Cleaned::Pass(out) = clean_file(mime, phone.clone()) else { panic!("a GIF is cleaned ({mime})") };
        assert!(!contains(&out, b"CANARY"), "{mime}");
        assert_eq!(out, clean_gif());
        assert_eq!(gif_blocks(&out), Some(vec![0xFF, 0xF9, 0x2C]), "still a GIF that loops");
    }
    let (_, stripped) = strip_metadata("image/gif", &phone).unwrap();
    // Comment, XMP, plain text, ICC application block and the trailer.
    assert_eq!(stripped.segments_removed, 5);
    assert_eq!(strip_metadata("image/gif", &clean_gif()).unwrap(), (clean_gif(), Stripped::default()));
    let Cleaned::Pass(out) = clean_staff_file("image/gif", phone) else { panic!("staff GIFs are cleaned too") };
    assert_eq!(out, clean_gif());
}

#[test]
fn gif87a_with_a_local_colour_table_is_kept() {
    let image =
        [&[0x2C][..], &[0, 0, 0, 0, 1, 0, 1, 0, 0x80], &[0, 0, 0, 1, 1, 1], &[2], &sub_blocks(&[0x44, 0x01])].concat();
    let gif = [&b"GIF87a"[..], &[1, 0, 1, 0, 0, 0, 0], &image, &[0x3B]].concat();
    assert_eq!(strip_metadata("image/gif", &gif).unwrap(), (gif.clone(), Stripped::default()));
}

#[test]
fn malformed_gifs_are_held_back() {
    let held = |bytes: Vec<u8>| {
        clean_file("image/gif", bytes.clone()) == Cleaned::HeldBack
            && clean_file("application/octet-stream", bytes) == Cleaned::HeldBack
    };
    let phone = phone_gif();
    let trailer = phone.len() - b"CANARY-AFTER-TRAILER".len();
    for cut in 6..trailer {
        assert!(held(phone[..cut].to_vec()), "cut at {cut}");
    }
    // No image, unknown block, a sub-block past the end, a graphic control block with room for more.
    assert!(held([gif_header(), gif_comment(), vec![0x3B]].concat()));
    assert!(held([gif_header(), b"CANARY".to_vec(), gif_image(), vec![0x3B]].concat()));
    assert!(held([gif_header(), vec![0x21, 0xFE, 200], b"CANARY".to_vec()].concat()));
    assert!(held(
        [gif_header(), vec![0x21, 0xF9, 10], b"CANARY0123".to_vec(), vec![0], gif_image(), vec![0x3B]].concat()
    ));
    // A looping block carrying more than a loop count.
    let fake_loop = [&[0x21, 0xFF, 11][..], b"NETSCAPE2.0", &sub_blocks(b"\x01CANARY")].concat();
    let Cleaned::Pass(out) = clean_file("image/gif", [gif_header(), fake_loop, gif_image(), vec![0x3B]].concat())
    else {
        panic!("dropped, not refused")
    };
    assert!(!contains(&out, b"CANARY"));
    // LZW code size out of range.
    let mut image = gif_image();
    image[10] = 12;
    assert!(held([gif_header(), image, vec![0x3B]].concat()));
}

// ---- ISO media (MP4, MOV) -----------------------------------------------------------------

pub(super) fn bx(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    [&u32::try_from(payload.len() + 8).unwrap().to_be_bytes()[..], kind, payload].concat()
}

fn full(version: u8, rest: &[u8]) -> Vec<u8> {
    [&[version, 0, 0, 0][..], rest].concat()
}

/// Creation and modification times, then the rest of a header box.
fn times_v0(rest: &[u8]) -> Vec<u8> {
    full(0, &[&0xE1E2_E3E4_u32.to_be_bytes()[..], &0xE1E2_E3E5_u32.to_be_bytes(), rest].concat())
}

fn hdlr(handler: &[u8; 4], name: &[u8]) -> Vec<u8> {
    bx(b"hdlr", &full(0, &[&[0; 4][..], handler, &[0; 12], name, &[0]].concat()))
}

const SAMPLE: &[u8] = b"\x00\x00\x00\x05\x65SAMPLE-DATA";

/// A track whose one sample of `len` bytes is at `sample_at` in the file.
fn trak(handler: &[u8; 4], sample_at: usize, len: usize, track_extra: &[u8]) -> Vec<u8> {
    let stbl = bx(
        b"stbl",
        &[
            bx(b"stsd", &full(0, &[&[0, 0, 0, 1][..], &bx(b"avc1", &[0; 78])].concat())),
            bx(b"stts", &full(0, &[0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1])),
            bx(b"stsc", &full(0, &[0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1])),
            bx(
                b"stsz",
                &full(0, &[&[0, 0, 0, 0, 0, 0, 0, 1][..], &u32::try_from(len).unwrap().to_be_bytes()].concat()),
            ),
            bx(b"stco", &full(0, &[&[0, 0, 0, 1][..], &u32::try_from(sample_at).unwrap().to_be_bytes()].concat())),
            bx(b"sdtp", &full(0, &[0x20])),
        ]
        .concat(),
    );
    // One self-contained data reference (flag 1): the media is in this file.
    let dinf = bx(b"dinf", &bx(b"dref", &full(0, &[&[0, 0, 0, 1][..], &bx(b"url ", &[0, 0, 0, 1])].concat())));
    let minf = bx(b"minf", &[bx(b"vmhd", &full(0, &[0; 8])), dinf, stbl].concat());
    let mdia = bx(
        b"mdia",
        &[
            bx(b"mdhd", &times_v0(&[0, 0, 0x03, 0xE8, 0, 0, 0, 1, 0x55, 0xC4, 0, 0])),
            hdlr(handler, b"CANARY-HANDLER-NAME"),
            minf,
        ]
        .concat(),
    );
    let edts = bx(b"edts", &bx(b"elst", &full(0, &[0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0])));
    bx(b"trak", &[bx(b"tkhd", &times_v0(&[0; 72])), edts, mdia, track_extra.to_vec()].concat())
}

fn moov(traks: &[Vec<u8>], moov_extra: &[u8]) -> Vec<u8> {
    bx(b"moov", &[&bx(b"mvhd", &times_v0(&[0; 88]))[..], moov_extra, &traks.concat()].concat())
}

fn phone_udta() -> Vec<u8> {
    let xyz = bx(b"\xA9xyz", b"\x00\x12\x15\xc7+55.6761+012.5683/CANARY-XYZ");
    bx(b"udta", &[xyz, bx(b"\xA9mak", b"CANARY-MAKE"), bx(b"loci", b"CANARY-LOCI")].concat())
}

fn apple_meta() -> Vec<u8> {
    let keys = bx(b"keys", b"\0\0\0\0\0\0\0\x01com.apple.quicktime.location.ISO6709");
    bx(b"meta", &full(0, &[hdlr(b"mdta", b""), keys, bx(b"ilst", b"CANARY-ISO6709 +55.6761+012.5683/")].concat()))
}

/// ftyp, moov (with metadata before mdat, so blanking must not move the sample), uuid XMP, mdat.
fn phone_mp4_with(handler: &[u8; 4]) -> Vec<u8> {
    let ftyp = bx(b"ftyp", b"isom\0\0\x02\0isomiso2avc1mp41");
    let uuid = bx(
        b"uuid",
        b"\xbe\x7a\xcf\xcb\x97\xa9\x42\xe8\x9c\x71\x99\x94\x91\xe3\xaf\xac<x:xmpmeta>CANARY-XMP</x:xmpmeta>",
    );
    let track_meta = [phone_udta(), bx(b"meta", &full(0, b"CANARY-TRACK-META"))].concat();
    let moov_extra = [phone_udta(), apple_meta()].concat();
    let moov_len = moov(&[trak(handler, 0, SAMPLE.len(), &track_meta)], &moov_extra).len();
    let sample_at = ftyp.len() + moov_len + uuid.len() + 8;
    let moov = moov(&[trak(handler, sample_at, SAMPLE.len(), &track_meta)], &moov_extra);
    [ftyp, moov, uuid, bx(b"mdat", SAMPLE)].concat()
}

/// Like a phone's MOV: a picture track and a timed metadata track whose sample is a GPS fix,
/// with unreferenced bytes between the samples.
pub(super) fn two_track_mov() -> Vec<u8> {
    const FIX: &[u8] = b"CANARY-GPS-FIX +55.6761+012.5683/";
    let ftyp = bx(b"ftyp", b"qt  \0\0\x02\0qt  ");
    let tracks =
        |at: usize| [trak(b"vide", at, SAMPLE.len(), &[]), trak(b"meta", at + SAMPLE.len() + 10, FIX.len(), &[])];
    let moov_len = moov(&tracks(0), &apple_meta()).len();
    let sample_at = ftyp.len() + moov_len + 8;
    let mdat = bx(b"mdat", &[SAMPLE, b"CANARY-GAP", FIX].concat());
    [ftyp, moov(&tracks(sample_at), &apple_meta()), mdat].concat()
}

pub(super) fn phone_mp4() -> Vec<u8> {
    phone_mp4_with(b"vide")
}

/// The sample the (only) chunk offset points at.
fn sample_of(mp4: &[u8]) -> &[u8] {
    let stco = mp4.windows(4).position(|w| w == b"stco").unwrap();
    let at = usize::try_from(u32::from_be_bytes(mp4[stco + 12..stco + 16].try_into().unwrap())).unwrap();
    &mp4[at..at + SAMPLE.len()]
}

#[test]
fn mp4_metadata_boxes_are_blanked_in_place() {
    let phone = phone_mp4();
    assert_eq!(sample_of(&phone), SAMPLE, "the sample is well made");
    assert!(contains(&phone, &0xE1E2_E3E4_u32.to_be_bytes()));
    for mime in ["video/mp4", "application/octet-stream", "video/quicktime", "image/jpeg", ""] {
        let Cleaned::Pass(out) = clean_file(mime, phone.clone()) else { panic!("an MP4 is cleaned ({mime})") };
        assert!(!contains(&out, b"CANARY"), "{mime}");
        assert!(!contains(&out, b"55.6761"), "{mime}");
        assert!(!contains(&out, b"ISO6709"), "{mime}");
        assert!(!contains(&out, &0xE1E2_E3E4_u32.to_be_bytes()), "recording time zeroed ({mime})");
        assert_eq!(out.len(), phone.len(), "same length: offsets stay valid");
        assert_eq!(sample_of(&out), SAMPLE, "the chunk offset still points at the sample");
        let tree = isobmff::walk_tree(&out).unwrap();
        for kind in [b"udta", b"meta", b"uuid", b"\xA9xyz"] {
            assert!(!tree.contains(kind), "{}", String::from_utf8_lossy(kind));
        }
        for kind in [b"ftyp", b"moov", b"mvhd", b"trak", b"tkhd", b"mdia", b"hdlr", b"stbl", b"stco", b"mdat"] {
            assert!(tree.contains(kind), "{}", String::from_utf8_lossy(kind));
        }
        // Cleaning again finds only what is already blank.
        let (again, _) = strip_metadata(mime, &out).unwrap();
        assert_eq!(again, out);
    }
    // moov/udta, moov/meta, uuid, trak/udta, trak/meta, and the optional sdtp table.
    assert_eq!(strip_metadata("video/mp4", &phone).unwrap().1, Stripped { segments_removed: 6 });
}

#[test]
fn timed_metadata_tracks_and_unreferenced_media_data_are_blanked() {
    let mov = two_track_mov();
    assert_eq!(sample_of(&mov), SAMPLE);
    let Cleaned::Pass(out) = clean_file("video/quicktime", mov.clone()) else { panic!("the MOV is cleaned") };
    assert!(!contains(&out, b"CANARY"));
    assert!(!contains(&out, b"55.6761"));
    assert_eq!(out.len(), mov.len());
    assert_eq!(sample_of(&out), SAMPLE, "the picture's sample stays where its offset says");
    let tree = isobmff::walk_tree(&out).unwrap();
    assert_eq!(tree.iter().filter(|k| *k == b"trak").count(), 1, "the metadata track is blanked");
    // moov/meta, the metadata track, the picture track's sdtp, and the unreferenced bytes of mdat.
    assert_eq!(strip_metadata("video/quicktime", &mov).unwrap().1, Stripped { segments_removed: 4 });
}

#[test]
fn videos_with_other_tracks_fragments_or_bad_boxes_are_held_back() {
    let held = |bytes: &[u8]| CLAIMS.iter().all(|mime| clean_file(mime, bytes.to_vec()) == Cleaned::HeldBack);
    // Nothing left to show once the timed metadata or subtitle track is blanked.
    assert!(held(&phone_mp4_with(b"meta")));
    assert!(held(&phone_mp4_with(b"text")));
    let phone = phone_mp4();
    for cut in 1..phone.len() {
        assert!(held(&phone[..cut]) || !contains(&phone[..cut], b"ftyp"), "cut at {cut}");
    }
    // Data after the last box, a box larger than its container, fragments.
    assert!(held(&[phone.clone(), b"CANARY".to_vec()].concat()));
    let mut long = phone.clone();
    long[3] = 0xFF;
    assert!(held(&long));
    let fragmented = [phone.clone(), bx(b"moof", &bx(b"udta", b"CANARY"))].concat();
    assert!(held(&fragmented));
    // A header box longer than its fields: it may have grown over a neighbour.
    let grown = phone.windows(4).position(|w| w == b"mvhd").unwrap() - 1;
    let mut swallowing = phone.clone();
    swallowing[grown] += 86;
    assert!(held(&swallowing));
    // A chunk offset pointing outside mdat (here: at the XMP packet).
    let stco = phone.windows(4).position(|w| w == b"stco").unwrap();
    let xmp = phone.windows(6).position(|w| w == b"CANARY").unwrap();
    let mut outside = phone.clone();
    outside[stco + 12..stco + 16].copy_from_slice(&u32::try_from(xmp).unwrap().to_be_bytes());
    assert!(held(&outside));
    // Chunk runs that do not start at the first chunk.
    let stsc = phone.windows(4).position(|w| w == b"stsc").unwrap();
    let mut runs = phone.clone();
    runs[stsc + 15] = 2;
    assert!(held(&runs));
    // No movie box.
    assert!(held(&[bx(b"ftyp", b"isom\0\0\0\0"), bx(b"mdat", SAMPLE)].concat()));
}

// ---- Formats the bridge holds back ------------------------------------------------------

fn ftyp_file(brands: &[u8]) -> Vec<u8> {
    [bx(b"ftyp", brands), bx(b"meta", b"\0\0\0\0Exif\0\0CANARY-GPS"), bx(b"mdat", b"picture")].concat()
}

/// Each format with a canary where its metadata goes.
pub(super) fn uncleanable() -> Vec<(&'static str, Vec<u8>)> {
    let tiff_le = [&b"II*\0\x08\0\0\0"[..], b"\x01\0\x25\x88\x04\0\x01\0\0\0CANARY-TIFF-GPS"].concat();
    vec![
        ("HEIC", ftyp_file(b"heic\0\0\0\0mif1heic")),
        ("HEIF", ftyp_file(b"mif1\0\0\0\0mif1")),
        ("HEIC sequence", [ftyp_file(b"msf1\0\0\0\0msf1hevc"), phone_mp4()[32..].to_vec()].concat()),
        ("AVIF", ftyp_file(b"avif\0\0\0\0avifmif1miaf")),
        ("AVIF by compatible brand", ftyp_file(b"isom\0\0\0\0isomavis")),
        ("CR3", ftyp_file(b"crx \0\0\0\x01crx isom")),
        ("TIFF / DNG / CR2 / NEF / ARW", tiff_le.clone()),
        ("big-endian TIFF", [&b"MM\0*\0\0\0\x08"[..], b"CANARY-TIFF"].concat()),
        ("BigTIFF", [&b"II+\0\x08\0\0\0"[..], b"CANARY-BIGTIFF"].concat()),
        ("ORF", [&b"IIRO\x08\0\0\0"[..], b"CANARY-ORF"].concat()),
        ("RW2", [&b"IIU\0\x18\0\0\0"[..], b"CANARY-RW2"].concat()),
        ("RAF", [&b"FUJIFILMCCD-RAW 0201FF383501"[..], b"CANARY-RAF"].concat()),
        ("JPEG XL codestream", [&[0xFF, 0x0A][..], b"CANARY-JXL"].concat()),
        (
            "JPEG XL container",
            [
                &b"\0\0\0\x0cJXL \r\n\x87\n"[..],
                &bx(b"ftyp", b"jxl \0\0\0\0jxl "),
                &bx(b"Exif", b"\0\0\0\0CANARY-JXL-EXIF"),
            ]
            .concat(),
        ),
        ("JPEG 2000", [&b"\0\0\0\x0cjP  \r\n\x87\n"[..], b"CANARY-JP2"].concat()),
        ("WebM", [&[0x1A, 0x45, 0xDF, 0xA3][..], b"\x9f\x42\x86\x81\x01webm CANARY-TAGS"].concat()),
        ("AVI", [&b"RIFF\x20\0\0\0AVI LIST"[..], b"CANARY-INFO"].concat()),
        ("Photoshop", [&b"8BPS\0\x01"[..], b"CANARY-PSD-XMP"].concat()),
    ]
}

#[test]
fn formats_the_bridge_cannot_clean_are_held_back_whatever_their_label() {
    for (name, bytes) in uncleanable() {
        assert!(contains(&bytes, b"CANARY"), "{name}");
        for mime in CLAIMS {
            assert_eq!(clean_file(mime, bytes.clone()), Cleaned::HeldBack, "{name} as {mime:?}");
            assert_eq!(clean_staff_file(mime, bytes.clone()), Cleaned::HeldBack, "{name} as {mime:?} from staff");
            assert!(matches!(strip_metadata(mime, &bytes), Err(MediaError::Unsupported(_))), "{name} as {mime:?}");
        }
    }
}

#[test]
fn unknown_bytes_go_by_their_label() {
    // A picture or a video whose bytes we do not know could still be shown by a viewer.
    for mime in ["image/heic", "image/x-canon-cr2", "video/x-msvideo", "IMAGE/SVG+XML; charset=utf-8"] {
        assert_eq!(clean_file(mime, b"CANARY ?".to_vec()), Cleaned::HeldBack, "{mime}");
    }
    for mime in ["application/pdf", "audio/ogg", "application/octet-stream", "text/plain"] {
        assert_eq!(clean_file(mime, b"%PDF-1.7 leaflet".to_vec()), Cleaned::Pass(b"%PDF-1.7 leaflet".to_vec()));
    }
}

#[test]
fn bitmaps_have_no_metadata_and_pass() {
    // 1x1, 24-bit, BITMAPINFOHEADER.
    let mut bmp = b"BM\0\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0\x18\0".to_vec();
    bmp.resize(0x36, 0);
    bmp.extend_from_slice(&[0x80, 0x80, 0x80, 0]);
    let len = u32::try_from(bmp.len()).unwrap().to_le_bytes();
    bmp[2..6].copy_from_slice(&len);
    for mime in ["image/bmp", "application/octet-stream"] {
        assert_eq!(clean_file(mime, bmp.clone()), Cleaned::Pass(bmp.clone()));
    }
    // "BM" with a size that does not match is not a bitmap; as an image it is held back.
    assert_eq!(clean_file("image/bmp", b"BM CANARY".to_vec()), Cleaned::HeldBack);
}

#[test]
fn staff_videos_are_held_back_even_when_they_could_be_cleaned() {
    for mime in ["video/mp4", "application/octet-stream", "audio/mp4"] {
        assert_eq!(clean_staff_file(mime, phone_mp4()), Cleaned::HeldBack, "{mime}");
    }
    let Cleaned::Pass(out) = clean_staff_file("application/octet-stream", phone_jpeg()) else { panic!() };
    assert!(!contains(&out, b"CANARY"));
}
