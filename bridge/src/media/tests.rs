//! Synthetic images with canaries in every place metadata hides.

use super::*;
use png::crc32;

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn assert_malformed(mime: &str, bytes: &[u8]) {
    match strip_metadata(mime, bytes) {
        Err(MediaError::Malformed(_)) => {}
        Err(other) => panic!("expected Malformed, got {other:?}"),
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

pub(super) fn exif() -> Vec<u8> {
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

pub(super) fn clean_jpeg() -> Vec<u8> {
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
pub(super) fn phone_jpeg() -> Vec<u8> {
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
pub(super) fn minimal_baseline_jpeg(metadata: &[u8]) -> Vec<u8> {
    [&[0xFF, 0xD8][..], &jfif(), metadata, &dqt(), &sof(0xC0), &dht(0), &dht(1), &sos(0, 63), &[0x3F], &[0xFF, 0xD9]]
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

pub(super) fn clean_png() -> Vec<u8> {
    [
        png::SIGNATURE,
        &ihdr(),
        &chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
        &chunk(b"sRGB", &[0]),
        &idat(),
        &chunk(b"IEND", &[]),
    ]
    .concat()
}

pub(super) fn phone_png() -> Vec<u8> {
    [
        png::SIGNATURE,
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
    assert_malformed("image/png", &[png::SIGNATURE, &ihdr(), &[0, 0, 1, 0], b"tEXtCANARY"].concat());
    // A length beyond 2^31 - 1.
    assert_malformed("image/png", &[png::SIGNATURE, &ihdr(), &[0x80, 0, 0, 0], b"tEXt"].concat());
    // No IEND.
    assert_malformed("image/png", &[png::SIGNATURE, &ihdr(), &idat()].concat());
    // Not starting with IHDR.
    assert_malformed("image/png", &[png::SIGNATURE, &idat(), &ihdr(), &chunk(b"IEND", &[])].concat());
    // An unknown critical chunk, and a chunk type that is not letters.
    let unknown = [png::SIGNATURE, &ihdr(), &chunk(b"CANA", b"RY"), &idat(), &chunk(b"IEND", &[])].concat();
    assert_malformed("image/png", &unknown);
    assert_malformed("image/png", &[png::SIGNATURE, &ihdr(), &chunk(b"t3Xt", b"x"), &chunk(b"IEND", &[])].concat());
    // No IDAT.
    assert_malformed("image/png", &[png::SIGNATURE, &ihdr(), &chunk(b"IEND", &[])].concat());
    // Data hidden in IEND.
    assert_malformed("image/png", &[png::SIGNATURE, &ihdr(), &idat(), &chunk(b"IEND", b"CANARY")].concat());
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
    let swallowing = [png::SIGNATURE, &ihdr(), &swallowing, &private, &chunk(b"IEND", &[])].concat();
    assert_malformed("image/png", &swallowing);
    // A dropped chunk's CRC does not matter.
    let mut text = chunk(b"tEXt", b"Comment\0CANARY");
    *text.last_mut().unwrap() ^= 1;
    let png = [png::SIGNATURE, &ihdr(), &text, &idat(), &chunk(b"IEND", &[])].concat();
    assert_eq!(
        strip_metadata("image/png", &png).unwrap().0,
        [png::SIGNATURE, &ihdr(), &idat(), &chunk(b"IEND", &[])].concat()
    );
}

#[test]
fn png_colour_chunk_of_the_wrong_size_is_dropped() {
    let png = [png::SIGNATURE, &ihdr(), &chunk(b"gAMA", b"CANARY"), &idat(), &chunk(b"IEND", &[])].concat();
    let (out, stripped) = strip_metadata("image/png", &png).unwrap();
    assert_eq!(out, [png::SIGNATURE, &ihdr(), &idat(), &chunk(b"IEND", &[])].concat());
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

pub(super) fn phone_webp() -> Vec<u8> {
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
    // Recognised, and refused: see format_tests.rs.
    assert!(matches!(strip_metadata("application/octet-stream", heic), Err(MediaError::Unsupported(_))));
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
    assert!(is_strippable_image("application/octet-stream", b"GIF89a"));
    assert!(!is_strippable_image("image/gif", b"\0\0\0\x18ftypheic"));
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

#[test]
fn visitor_files_pass_cleaned_or_stay_behind() {
    let Cleaned::Pass(clean) = clean_file("image/jpeg", phone_jpeg()) else { panic!("a JPEG is cleaned") };
    assert!(!contains(&clean, b"CANARY"));
    assert_eq!(clean_file("image/heic", b"ftypheic CANARY".to_vec()), Cleaned::HeldBack);
    assert_eq!(clean_file("image/jpeg", b"not a jpeg".to_vec()), Cleaned::HeldBack);
    assert_eq!(clean_file("audio/ogg", b"OggS voice".to_vec()), Cleaned::Pass(b"OggS voice".to_vec()));
    // A JPEG labelled as a document is still an image.
    let Cleaned::Pass(clean) = clean_file("application/octet-stream", phone_jpeg()) else { panic!() };
    assert!(!contains(&clean, b"CANARY"));
}

#[test]
fn staff_files_are_cleaned_and_recordings_that_may_hold_a_place_stay_behind() {
    let Cleaned::Pass(clean) = clean_staff_file("image/jpeg", phone_jpeg()) else { panic!("a JPEG is cleaned") };
    assert!(!contains(&clean, b"CANARY"));
    let Cleaned::Pass(clean) = clean_staff_file("application/octet-stream", phone_jpeg()) else { panic!() };
    assert!(!contains(&clean, b"CANARY"));
    let held = |mime: &str, bytes: &[u8]| clean_staff_file(mime, bytes.to_vec()) == Cleaned::HeldBack;
    assert!(held("video/mp4", b"\0\0\0\x18ftypmp42 CANARY"));
    assert!(held("video/webm", b"\x1a\x45\xdf\xa3 CANARY"), "any video");
    assert!(held("application/octet-stream", b"\0\0\0\x18ftypqt   CANARY"), "a MOV as a document");
    assert!(held("audio/mp4", b"\0\0\0\x1cftypM4A  CANARY"), "a voice memo named after its place");
    assert!(held("application/octet-stream", b"\0\0\0\x18ftypheic CANARY"));
    assert!(held("application/octet-stream", b"II*\0 CANARY"), "TIFF, camera raw");
    assert!(held("image/gif", b"GIF89a CANARY"));
    assert!(held("image/jpeg", b"not a jpeg"));
    let voice = b"OggS\0\x02 opus".to_vec();
    assert_eq!(clean_staff_file("audio/ogg", voice.clone()), Cleaned::Pass(voice), "Element's voice messages");
    let text = b"%PDF-1.7 leaflet".to_vec();
    assert_eq!(clean_staff_file("application/pdf", text.clone()), Cleaned::Pass(text));
}
