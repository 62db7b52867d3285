//! Media samples for end-to-end tests.

fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0xFF, marker];
    v.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap_or(u16::MAX).to_be_bytes());
    v.extend_from_slice(payload);
    v
}

/// A decodable 8x8 grey baseline JPEG as a phone camera writes it: EXIF with a GPS canary
/// (`canary`) and a camera serial, and a comment.
pub fn phone_photo(canary: &str) -> Vec<u8> {
    let mut dqt = vec![0x00];
    dqt.extend_from_slice(&[1; 64]);
    let dht = |class: u8| {
        let mut table = vec![class << 4, 1];
        table.extend_from_slice(&[0; 15]);
        table.push(0);
        seg(0xC4, &table)
    };
    let exif = format!("Exif\0\0MM\0\x2a\0\0\0\x08GPSLatitude {canary}; BodySerialNumber 0042");
    [
        &[0xFF, 0xD8][..],
        &seg(0xE0, b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        &seg(0xE1, exif.as_bytes()),
        &seg(0xFE, format!("comment {canary}").as_bytes()),
        &seg(0xDB, &dqt),
        &seg(0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
        &dht(0),
        &dht(1),
        &seg(0xDA, &[1, 1, 0x00, 0, 63, 0]),
        &[0x3F],
        &[0xFF, 0xD9],
    ]
    .concat()
}

/// [`phone_photo`] with an XMP packet as well (APP1, as phones and editors write it), naming the
/// place and the author: `canary` is in the EXIF GPS tag, the comment and the XMP.
pub fn phone_photo_with_xmp(canary: &str) -> Vec<u8> {
    let photo = phone_photo(canary);
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:Description exif:GPSLatitude=\"{canary}\" dc:creator=\"XMP-{canary}\"/></x:xmpmeta>"
    );
    // After SOI (2 bytes) and the JFIF segment (18), where a camera puts its metadata.
    let jfif_end = 2 + 18;
    [&photo[..jfif_end], &seg(0xE1, xmp.as_bytes()), &photo[jfif_end..]].concat()
}

/// The start of an OGG/Opus recording: an Ogg page with the Opus identification header, then
/// `len` bytes in all (what `hopenow` checks of a `[voice]` file; nobody plays it in tests).
pub fn opus_recording(len: usize) -> Vec<u8> {
    let mut bytes =
        b"OggS\0\x02\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x01\x13OpusHead\x01\x01\x38\x01\x80\xbb\0\0\0\0\0"
            .to_vec();
    bytes.resize(len.max(bytes.len()), 0);
    bytes
}
