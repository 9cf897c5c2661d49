//! Every archive here is built in code with the same crates' writers (or patched from one).

use std::io::Write;

use zip::write::SimpleFileOptions;

use super::*;

#[derive(Debug, Clone, PartialEq)]
enum Event {
    Member(String, Vec<u8>),
    Window {
        path: String,
        buf: Vec<u8>,
        owned: Range<usize>,
        offset: u64,
        line: u64,
    },
    Skipped(String, SkipReason),
}

#[derive(Default)]
struct Record {
    events: Vec<Event>,
    /// Cancel once this many members were handed over.
    cancel_after: Option<usize>,
}

impl Visitor for Record {
    fn member(&mut self, path: &str, bytes: &[u8]) {
        self.events.push(Event::Member(path.into(), bytes.into()));
    }
    fn window(&mut self, path: &str, buf: &[u8], owned: Range<usize>, offset: u64, line: u64) {
        self.events.push(Event::Window {
            path: path.into(),
            buf: buf.into(),
            owned,
            offset,
            line,
        });
    }
    fn skipped(&mut self, path: &str, reason: SkipReason) {
        self.events.push(Event::Skipped(path.into(), reason));
    }
    fn cancelled(&self) -> bool {
        self.cancel_after.is_some_and(|n| self.members().len() >= n)
    }
}

impl Record {
    fn members(&self) -> Vec<(&str, &[u8])> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Member(p, b) => Some((p.as_str(), b.as_slice())),
                _ => None,
            })
            .collect()
    }
    fn paths(&self) -> Vec<&str> {
        self.members().into_iter().map(|(p, _)| p).collect()
    }
    fn skips(&self) -> Vec<(&str, &SkipReason)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Skipped(p, r) => Some((p.as_str(), r)),
                _ => None,
            })
            .collect()
    }
}

fn run_named(bytes: &[u8], name: &str, limits: &Limits) -> (Record, Expanded) {
    let kind = sniff(bytes).expect("a container");
    let mut record = Record::default();
    let expanded = expand(Source::Bytes(bytes), kind, name, limits, &mut record);
    (record, expanded)
}

fn tuning(window: usize, overlap: usize) -> Tuning {
    Tuning {
        window,
        overlap,
        ..TUNING
    }
}

fn run(bytes: &[u8]) -> Record {
    run_named(bytes, "archive", &Limits::default()).0
}

// Builders.

fn zip_with(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, data) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, CompressionMethod::Deflated)
}

#[derive(Clone, Copy)]
enum Entry<'a> {
    File(&'a [u8]),
    Symlink(&'a str),
    Hardlink(&'a str),
    Dir,
    Fifo,
}

/// A ustar archive; names are written as given (the tar crate's own path setters refuse `..`).
fn tar_of(entries: &[(&str, Entry<'_>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, entry) in entries {
        let mut h = tar::Header::new_ustar();
        h.as_mut_bytes()[..name.len()].copy_from_slice(name.as_bytes());
        h.set_mode(0o644);
        let data: &[u8] = match entry {
            Entry::File(data) => {
                h.set_entry_type(tar::EntryType::Regular);
                data
            }
            Entry::Symlink(target) | Entry::Hardlink(target) => {
                h.set_entry_type(if matches!(entry, Entry::Symlink(_)) {
                    tar::EntryType::Symlink
                } else {
                    tar::EntryType::Link
                });
                h.set_link_name(target).unwrap();
                b""
            }
            Entry::Dir => {
                h.set_entry_type(tar::EntryType::Directory);
                b""
            }
            Entry::Fifo => {
                h.set_entry_type(tar::EntryType::Fifo);
                b""
            }
        };
        h.set_size(data.len() as u64);
        h.set_cksum();
        b.append(&h, data).unwrap();
    }
    b.into_inner().unwrap()
}

fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let entries: Vec<_> = entries.iter().map(|(n, d)| (*n, Entry::File(d))).collect();
    tar_of(&entries)
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn gz_named(data: &[u8], fname: &str) -> Vec<u8> {
    let mut e = flate2::GzBuilder::new()
        .filename(fname)
        .write(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn bz2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn xz(data: &[u8]) -> Vec<u8> {
    let mut e =
        lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(1)).unwrap();
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zst(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// Offsets of the zip headers with signature `sig` (local "PK\3\4", central "PK\1\2").
fn headers(zip: &[u8], sig: &[u8; 4]) -> Vec<usize> {
    memchr::memmem::find_iter(zip, sig).collect()
}

const SECRET: &[u8] = b"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

// Recognition.

#[test]
fn sniffs_every_kind_by_magic() {
    assert_eq!(sniff(&zip(&[("a", b"x")])), Some(Kind::Zip));
    assert_eq!(sniff(&zip(&[])), Some(Kind::Zip));
    assert_eq!(sniff(&tar(&[("a", b"x")])), Some(Kind::Tar));
    assert_eq!(sniff(&gz(b"x")), Some(Kind::Gzip));
    assert_eq!(sniff(&bz2(b"x")), Some(Kind::Bzip2));
    assert_eq!(sniff(&xz(b"x")), Some(Kind::Xz));
    assert_eq!(sniff(&zst(b"x")), Some(Kind::Zstd));
    assert_eq!(sniff(b""), None);
    assert_eq!(sniff(b"PK"), None);
    assert_eq!(sniff(SECRET), None);

    // Old GNU magic ("ustar  \0") is recognised; a bad checksum is not a tar.
    let mut gnu = tar::Header::new_gnu();
    gnu.set_path("a").unwrap();
    gnu.set_cksum();
    assert_eq!(sniff(gnu.as_bytes()), Some(Kind::Tar));
    let mut bad = tar(&[("a", b"x")]);
    bad[0] ^= 1;
    assert_eq!(sniff(&bad), None);
    assert_eq!(sniff(&tar(&[("a", b"x")])[..511]), None);
}

// Round trips and naming.

#[test]
fn zip_members_are_handed_over_with_their_names() {
    let a = zip(&[("config/.env", SECRET), ("empty", b""), ("b.txt", b"bee")]);
    let r = run(&a);
    assert_eq!(
        r.members(),
        [
            ("config/.env", SECRET),
            ("empty", &b""[..]),
            ("b.txt", b"bee")
        ]
    );
    assert!(r.skips().is_empty());
    for method in [
        CompressionMethod::Stored,
        CompressionMethod::Bzip2,
        CompressionMethod::Xz,
    ] {
        let r = run(&zip_with(&[("k", SECRET)], method));
        assert_eq!(r.members(), [("k", SECRET)], "{method}");
    }
}

#[test]
fn zip_members_in_zstd_are_decoded_with_ruzstd() {
    // zip's writer cannot write zstd without C libzstd: store the frame, then mark it zstd (93).
    let mut a = zip_with(&[("k.env", &zst(SECRET))], CompressionMethod::Stored);
    for at in headers(&a, b"PK\x03\x04") {
        a[at + 8] = 93;
    }
    for at in headers(&a, b"PK\x01\x02") {
        a[at + 10] = 93;
    }
    assert_eq!(run(&a).members(), [("k.env", SECRET)]);
}

#[test]
fn compressed_tars_name_members_without_a_tar_layer() {
    let t = tar(&[("app/creds.env", SECRET), ("app/readme", b"hi")]);
    for packed in [gz(&t), bz2(&t), xz(&t), zst(&t), t.clone()] {
        let (r, expanded) = run_named(&packed, "app.tar.gz", &Limits::default());
        assert_eq!(
            r.members(),
            [("app/creds.env", SECRET), ("app/readme", &b"hi"[..])]
        );
        assert!(r.skips().is_empty(), "{:?}", r.skips());
        assert_eq!(expanded.members, 2);
    }
}

#[test]
fn a_compressed_payload_is_named_after_the_stream() {
    let limits = Limits::default();
    for packed in [gz(SECRET), bz2(SECRET), xz(SECRET), zst(SECRET)] {
        let (r, _) = run_named(&packed, "creds.env.gz", &limits);
        assert_eq!(r.members(), [("creds.env", SECRET)]);
        let (r, _) = run_named(&packed, "dir/blob", &limits);
        assert_eq!(r.members(), [("blob~", SECRET)]);
    }
    // gzip's FNAME wins over the file name.
    let (r, _) = run_named(&gz_named(SECRET, "../orig.env"), "x.gz", &limits);
    assert_eq!(r.members(), [("orig.env", SECRET)]);
    // Nested: the payload is a component after the stream's own path.
    let a = zip(&[("dist/creds.env.gz", &gz(SECRET))]);
    assert_eq!(run(&a).members(), [("dist/creds.env.gz!creds.env", SECRET)]);
    // A stream of a stream: only the innermost payload is named.
    let (r, _) = run_named(&gz(&xz(SECRET)), "creds.env.xz.gz", &limits);
    assert_eq!(r.members(), [("creds.env", SECRET)]);
}

#[test]
fn concatenated_streams_are_read_whole() {
    let mut two = gz(b"one\n");
    two.extend(gz(b"two\n"));
    assert_eq!(run(&two).members(), [("archive~", &b"one\ntwo\n"[..])]);
    let mut two = zst(b"one\n");
    // A skippable frame between the two.
    two.extend([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    two.extend(zst(b"two\n"));
    assert_eq!(run(&two).members(), [("archive~", &b"one\ntwo\n"[..])]);
}

#[test]
fn nested_containers_join_with_bangs() {
    let inner = zip(&[("secrets/key.txt", SECRET)]);
    let bundle = gz(&tar(&[("inner.zip", &inner), ("notes.txt", b"n")]));
    let outer = zip(&[("release/bundle.tar.gz", &bundle), ("top.txt", b"t")]);
    let r = run(&outer);
    assert_eq!(
        r.members(),
        [
            ("release/bundle.tar.gz!inner.zip!secrets/key.txt", SECRET),
            ("release/bundle.tar.gz!notes.txt", &b"n"[..]),
            ("top.txt", b"t"),
        ]
    );
    assert!(r.skips().is_empty());
}

#[test]
fn files_on_disk_are_read_through_seek() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (zip(&[("a/k.env", SECRET)]), "a/k.env"),
        (gz(&tar(&[("a/k.env", SECRET)])), "a/k.env"),
        (gz(SECRET), "k~"),
    ];
    for (bytes, want) in cases {
        let path = dir.path().join("k");
        std::fs::write(&path, &bytes).unwrap();
        let mut file = std::fs::File::open(&path).unwrap();
        // Wherever the caller left the file, it is read from its start.
        std::io::Read::read(&mut file, &mut [0; 3]).unwrap();
        let mut r = Record::default();
        let kind = sniff(&bytes).unwrap();
        expand(Source::File(&file), kind, "k", &Limits::default(), &mut r);
        assert_eq!(r.members(), [(want, SECRET)]);
    }
}

// Names and links.

#[test]
fn hostile_names_are_tamed_and_still_scanned() {
    let names = [
        ("../../etc/passwd", "etc/passwd"),
        ("/abs/key", "abs/key"),
        ("C:\\win\\key", "win/key"),
        (
            "evil\x1b]0;pwned\x07.txt",
            "evil\u{FFFD}]0;pwned\u{FFFD}.txt",
        ),
    ];
    let entries: Vec<(&str, &[u8])> = names.iter().map(|(n, _)| (*n, SECRET)).collect();
    let want: Vec<&str> = names.iter().map(|(_, w)| *w).collect();
    assert_eq!(run(&tar(&entries)).paths(), want);
    assert_eq!(run(&zip(&entries)).paths(), want);
}

#[test]
fn links_directories_and_devices_are_not_followed() {
    let t = tar_of(&[
        ("dir/", Entry::Dir),
        ("dir/link", Entry::Symlink("/etc/shadow")),
        ("dir/hard", Entry::Hardlink("dir/real")),
        ("dir/fifo", Entry::Fifo),
        ("dir/real", Entry::File(SECRET)),
    ]);
    let r = run(&t);
    assert_eq!(r.members(), [("dir/real", SECRET)]);
    assert!(r.skips().is_empty());

    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    w.add_directory("d/", options).unwrap();
    w.add_symlink("d/link", "/etc/shadow", options).unwrap();
    w.start_file("d/real", options).unwrap();
    w.write_all(SECRET).unwrap();
    let r = run(&w.finish().unwrap().into_inner());
    assert_eq!(r.members(), [("d/real", SECRET)]);
    assert!(r.skips().is_empty());
}

// Limits.

#[test]
fn the_budget_cuts_once_and_counts_the_rest() {
    let member: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect(); // 400 kB
    let entries: Vec<(String, &[u8])> = (0..10).map(|i| (format!("m{i}"), &member[..])).collect();
    let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), *d)).collect();
    let limits = Limits {
        max_expanded: 1_000_000,
        ..Limits::default()
    };
    let (r, expanded) = run_named(&zip(&entries), "a.zip", &limits);
    let members = r.members();
    assert_eq!(members.len(), 3);
    assert_eq!(members[0], ("m0", &member[..]));
    assert_eq!(members[1], ("m1", &member[..]));
    assert_eq!(members[2].0, "m2");
    assert_eq!(
        members[2].1,
        &member[..200_000],
        "what was read is handed over"
    );
    assert_eq!(
        r.skips(),
        [
            (
                "m2",
                &SkipReason::ArchiveBudget {
                    limit: 1_000_000,
                    unread: 0
                }
            ),
            (
                "",
                &SkipReason::ArchiveBudget {
                    limit: 1_000_000,
                    unread: 7
                }
            ),
        ]
    );
    assert_eq!(expanded.bytes, 1_000_000);
    assert_eq!(expanded.members, 3);
}

#[test]
fn a_member_ending_exactly_at_the_budget_is_whole() {
    let limits = Limits {
        max_expanded: SECRET.len() as u64,
        ..Limits::default()
    };
    let (r, _) = run_named(&zip(&[("k", SECRET)]), "a.zip", &limits);
    assert_eq!(r.members(), [("k", SECRET)]);
    assert!(r.skips().is_empty());
}

#[test]
fn the_budget_stops_stream_layers_too() {
    let member = vec![b'x'; 300_000];
    let t = gz(&tar(&[("a", &member), ("b", &member), ("c", &member)]));
    let limits = Limits {
        max_expanded: 500_000,
        max_ratio: u64::MAX,
        ..Limits::default()
    };
    let (r, expanded) = run_named(&t, "t.tgz", &limits);
    assert_eq!(r.paths(), ["a", "b"]);
    assert_eq!(r.skips().len(), 1);
    assert!(matches!(
        r.skips()[0],
        ("b", SkipReason::ArchiveBudget { unread: 0, .. })
    ));
    assert_eq!(expanded.bytes, 500_000);
}

#[test]
fn ratio_alarm_on_a_gzip_of_zeros() {
    let zeros = vec![0u8; 8 << 20];
    let limits = Limits {
        max_ratio: 100,
        ..Limits::default()
    };
    let (r, expanded) = run_named(&gz(&zeros), "zeros.gz", &limits);
    let members = r.members();
    assert_eq!(members.len(), 1);
    let (path, bytes) = members[0];
    assert_eq!(path, "zeros");
    assert!(
        bytes.len() > 1 << 20 && bytes.len() < 8 << 20,
        "{}",
        bytes.len()
    );
    assert_eq!(
        r.skips(),
        [("zeros", &SkipReason::CompressionRatio { limit: 100 })]
    );
    assert!(expanded.bytes < 8 << 20);

    // As a tar.gz the alarm names the stream (the top-level archive itself: "").
    let (r, _) = run_named(&gz(&tar(&[("z", &zeros)])), "z.tgz", &limits);
    assert_eq!(
        r.skips(),
        [("", &SkipReason::CompressionRatio { limit: 100 })]
    );
}

#[test]
fn ratio_alarm_on_a_zip_member_goes_on_with_the_next() {
    let zeros = vec![0u8; 8 << 20];
    let limits = Limits {
        max_ratio: 100,
        ..Limits::default()
    };
    let (r, _) = run_named(&zip(&[("zeros", &zeros), ("k", SECRET)]), "z.zip", &limits);
    let members = r.members();
    assert_eq!(members[0].0, "zeros");
    assert!(members[0].1.len() < 8 << 20);
    assert_eq!(members[1], ("k", SECRET));
    assert_eq!(
        r.skips(),
        [("zeros", &SkipReason::CompressionRatio { limit: 100 })]
    );
}

#[test]
fn containers_deeper_than_the_limit_are_handed_over_unopened() {
    let z4 = zip(&[("a.txt", SECRET)]);
    let z3 = zip(&[("z4.zip", &z4)]);
    let z2 = zip(&[("z3.zip", &z3)]);
    let z1 = zip(&[("z2.zip", &z2)]);
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    let (r, _) = run_named(&z1, "z1.zip", &limits);
    assert_eq!(r.members(), [("z2.zip!z3.zip!z4.zip", &z4[..])]);
    assert_eq!(
        r.skips(),
        [(
            "z2.zip!z3.zip!z4.zip",
            &SkipReason::ArchiveTooDeep { limit: 3 }
        )]
    );
    // Compression layers count: a gz in a gz at depth 2 is not opened.
    let limits = Limits {
        max_depth: 2,
        ..Limits::default()
    };
    let (r, _) = run_named(&gz(&gz(&gz(SECRET))), "k.gz", &limits);
    assert_eq!(r.members().len(), 1);
    assert_eq!(r.members()[0].1, &gz(SECRET)[..]);
    let (r, _) = run_named(&z1, "z1.zip", &Limits::default());
    assert_eq!(r.members(), [("z2.zip!z3.zip!z4.zip!a.txt", SECRET)]);
}

#[test]
fn the_deepest_nesting_fits_a_worker_stack() {
    const STACK: usize = 1 << 20;
    // Every layer is a stack frame: at the depth cap, half of a 2 MiB thread (Rust's default,
    // and rayon's) is enough for each kind of layer.
    let mut gzs = SECRET.to_vec();
    let mut zips = SECRET.to_vec();
    let mut tars = SECRET.to_vec();
    for _ in 0..DEPTH_CAP {
        gzs = gz(&gzs);
        zips = zip(&[("z", &zips)]);
        tars = tar(&[("t", &tars)]);
    }
    let limits = Limits {
        max_depth: u32::MAX,
        ..Limits::default()
    };
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            for bytes in [gzs, zips, tars] {
                let (r, _) = run_named(&bytes, "deep", &limits);
                let members = r.members();
                assert_eq!(members.len(), 1);
                assert_eq!(members[0].1, SECRET, "all {DEPTH_CAP} layers opened");
                assert!(r.skips().is_empty());
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn a_nested_zip_too_large_for_memory_is_scanned_as_it_is() {
    let inner = zip_with(&[("k", &vec![b'k'; 4000])], CompressionMethod::Stored);
    let outer = zip(&[("big.zip", &inner)]);
    let limits = Limits {
        max_in_memory: 1000,
        ..Limits::default()
    };
    let mut r = Record::default();
    expand_in(
        Source::Bytes(&outer),
        Kind::Zip,
        "o.zip",
        &limits,
        &mut r,
        tuning(1500, 100),
    );
    assert!(matches!(
        r.skips()[..],
        [("big.zip", SkipReason::ArchiveUnsupported(_))]
    ));
    let windows: Vec<_> = r
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Window {
                path, buf, owned, ..
            } => Some((path.as_str(), &buf[owned.clone()])),
            _ => None,
        })
        .collect();
    let joined: Vec<u8> = windows
        .iter()
        .flat_map(|(_, b)| b.iter().copied())
        .collect();
    assert!(windows.iter().all(|(p, _)| *p == "big.zip"));
    assert_eq!(joined, inner);
}

#[test]
fn a_zip_with_too_many_members_to_index_is_scanned_as_it_is() {
    let names: Vec<String> = (0..1000).map(|i| format!("m{i}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let many = zip(&entries);
    let small = Tuning {
        directory_max: 20_000,
        ..TUNING
    };
    let mut r = Record::default();
    let limits = Limits::default();
    expand_in(
        Source::Bytes(&many),
        Kind::Zip,
        "m.zip",
        &limits,
        &mut r,
        small,
    );
    assert!(matches!(
        &r.skips()[..],
        [("", SkipReason::ArchiveUnsupported(why))] if why.contains("central directory")
    ));
    assert_eq!(r.members(), [("", &many[..])]);
    // The allowance is shared by the zips open at once and given back when one is done:
    // five directories of ~6 kB each, opened one after the other, fit in 20 kB.
    let hundred = zip(&entries[..100]);
    let nested: Vec<String> = (0..5).map(|i| format!("{i}.zip")).collect();
    let outer: Vec<(&str, &[u8])> = nested.iter().map(|n| (n.as_str(), &hundred[..])).collect();
    let outer = zip(&outer);
    let mut r = Record::default();
    expand_in(
        Source::Bytes(&outer),
        Kind::Zip,
        "t.zip",
        &limits,
        &mut r,
        small,
    );
    assert!(r.skips().is_empty(), "{:?}", r.skips());
    assert_eq!(r.members().len(), 500);
}

#[test]
fn declared_directory_sizes_are_checked_before_the_zip_crate_allocates() {
    // A small zip whose end record claims 100 members: refused on the claim alone.
    let mut a = zip(&[("a", b"1"), ("b", b"2")]);
    let end = a.len() - 22;
    a[end + 8..end + 12].copy_from_slice(&[100, 0, 100, 0]);
    let small = Tuning {
        directory_max: 1000,
        ..TUNING
    };
    let mut r = Record::default();
    expand_in(
        Source::Bytes(&a),
        Kind::Zip,
        "a.zip",
        &Limits::default(),
        &mut r,
        small,
    );
    assert!(matches!(
        &r.skips()[..],
        [("", SkipReason::ArchiveUnsupported(why))] if why.contains("central directory")
    ));

    // A zip64 end record, found through its locator.
    let mut z = b"PK\x03\x04".to_vec();
    z.resize(100, 0);
    let record = z.len() as u64;
    z.extend(b"PK\x06\x06");
    z.extend(44u64.to_le_bytes());
    z.extend([45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend(1_000_000_000u64.to_le_bytes());
    z.extend(1_000_000_000u64.to_le_bytes());
    z.extend(7u64.to_le_bytes());
    z.extend(4u64.to_le_bytes());
    z.extend(b"PK\x06\x07");
    z.extend(0u32.to_le_bytes());
    z.extend(record.to_le_bytes());
    z.extend(1u32.to_le_bytes());
    z.extend(b"PK\x05\x06");
    z.extend([0xff; 16]);
    z.extend([0, 0]);
    let declared = io::declared_directory(&mut Cursor::new(&z)).unwrap();
    assert_eq!(declared, 46_000_000_000);
    let r = run(&z);
    assert!(matches!(
        &r.skips()[..],
        [("", SkipReason::ArchiveUnsupported(_))]
    ));
    assert_eq!(r.members(), [("", &z[..])]);
}

/// Like 42.zip: a zip of `copies` zips of `copies` zips ... (`levels` wrappers) of a zip of
/// zeros.
fn nested_bomb(levels: usize, copies: usize, zeros: usize) -> Vec<u8> {
    let mut layer = zip(&[("0.bin", &vec![0u8; zeros])]);
    for _ in 0..levels {
        let names: Vec<String> = (0..copies).map(|i| format!("{i}.zip")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &layer[..])).collect();
        layer = zip(&entries);
    }
    layer
}

#[test]
fn a_nested_bomb_stops_under_default_limits() {
    let bomb = nested_bomb(3, 16, 16 << 20);
    let started = std::time::Instant::now();
    let (r, expanded) = run_named(&bomb, "42.zip", &Limits::default());
    // Every leaf trips the ratio alarm; the budget ends the whole.
    let ratio = r
        .skips()
        .iter()
        .filter(|(_, k)| matches!(k, SkipReason::CompressionRatio { .. }))
        .count();
    assert!(ratio > 0, "{:?}", &r.skips()[..3]);
    let budget: Vec<_> = r
        .skips()
        .into_iter()
        .filter(|(_, k)| matches!(k, SkipReason::ArchiveBudget { .. }))
        .collect();
    assert_eq!(budget.len(), 2, "{budget:?}");
    assert!(
        matches!(budget[1], ("", SkipReason::ArchiveBudget { unread, .. }) if *unread > 10),
        "{budget:?} {expanded:?}"
    );
    assert!(expanded.bytes <= (1 << 30) + (1 << 20));
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn cancellation_stops_between_members() {
    let a = zip(&[("a", b"1"), ("b", b"2"), ("c", b"3")]);
    let mut r = Record {
        cancel_after: Some(1),
        ..Record::default()
    };
    expand(
        Source::Bytes(&a),
        Kind::Zip,
        "a.zip",
        &Limits::default(),
        &mut r,
    );
    assert_eq!(r.paths(), ["a"]);
    assert!(r.skips().is_empty());
}

// Damage.

#[test]
fn a_zip_that_does_not_open_is_handed_over_raw() {
    let a = zip(&[("k", SECRET)]);
    let truncated = &a[..a.len() - 10];
    let r = run(truncated);
    assert!(matches!(
        r.skips()[..],
        [("", SkipReason::ArchiveCorrupt(_))]
    ));
    assert_eq!(r.members(), [("", truncated)]);

    let mut bad_cd = a.clone();
    let cd = headers(&a, b"PK\x01\x02")[0];
    bad_cd[cd + 2] = b'X';
    let r = run(&bad_cd);
    assert!(matches!(
        r.skips()[..],
        [("", SkipReason::ArchiveCorrupt(_))]
    ));
    assert_eq!(r.members(), [("", &bad_cd[..])]);
}

#[test]
fn a_damaged_zip_member_is_skipped_and_the_rest_read() {
    let a = zip_with(
        &[("bad", SECRET), ("good", SECRET)],
        CompressionMethod::Stored,
    );
    let mut damaged = a.clone();
    let at = headers(&a, b"PK\x03\x04")[0] + 30 + 3 + 5;
    damaged[at] ^= 0xff;
    let r = run(&damaged);
    assert!(matches!(
        r.skips()[..],
        [("bad", SkipReason::ArchiveCorrupt(_))]
    ));
    assert_eq!(r.members().last(), Some(&("good", SECRET)));
}

#[test]
fn a_gzip_cut_mid_stream_keeps_what_came_before() {
    let noise: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let t = gz(&tar(&[("a", SECRET), ("b", b"bee"), ("c", &noise)]));
    let r = run(&t[..t.len() / 2]);
    assert_eq!(r.paths()[..2], ["a", "b"]);
    assert_eq!(r.members()[0].1, SECRET);
    assert!(matches!(
        r.skips()[..],
        [("c", SkipReason::ArchiveCorrupt(_))]
    ));
}

#[test]
fn a_stream_that_does_not_decode_is_handed_over_raw() {
    let fake = b"\x1f\x8b\x08 but not gzip at all, AKIAIOSFODNN7EXAMPLE";
    let r = run(fake);
    assert!(matches!(
        r.skips()[..],
        [("", SkipReason::ArchiveCorrupt(_))]
    ));
    assert_eq!(r.members(), [("", &fake[..])]);
    let t = tar(&[("x.gz", fake)]);
    assert_eq!(run(&t).members(), [("x.gz", &fake[..])]);
}

#[test]
fn encrypted_and_unsupported_members_are_flagged() {
    let mut a = zip_with(
        &[("enc", SECRET), ("ppmd", SECRET), ("k", SECRET)],
        CompressionMethod::Stored,
    );
    let central = headers(&a, b"PK\x01\x02");
    a[central[0] + 8] |= 1; // general purpose flag bit 0: encrypted
    a[central[1] + 10] = 98; // PPMd
    let r = run(&a);
    assert_eq!(r.skips()[0], ("enc", &SkipReason::ArchiveEncrypted));
    assert!(matches!(
        &r.skips()[1],
        ("ppmd", SkipReason::ArchiveUnsupported(why)) if why.contains("compression method")
    ));
    assert_eq!(r.members(), [("k", SECRET)]);
}

// Windows.

/// Checks that windows of `data` tile it exactly, with the right offsets, lines and context.
fn check_windows(events: &[Event], data: &[u8], path: &str, window: usize, overlap: usize) {
    let mut next = 0u64;
    let windows: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Window {
                path: p,
                buf,
                owned,
                offset,
                line,
            } => Some((p, buf, owned, *offset, *line)),
            _ => None,
        })
        .collect();
    assert!(windows.len() > 2);
    for (i, &(p, buf, owned, offset, line)) in windows.iter().enumerate() {
        assert_eq!(p, path);
        let start = offset as usize;
        assert_eq!(&buf[..], &data[start..start + buf.len()], "window {i}");
        assert_eq!(offset + owned.start as u64, next, "window {i} tiles");
        next = offset + owned.end as u64;
        assert!(owned.end - owned.start <= window);
        assert!(owned.start <= overlap && buf.len() - owned.end <= overlap);
        let lines = 1 + data[..start].iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(line, lines, "window {i}");
        if i == 0 {
            assert_eq!(owned.start, 0);
        } else {
            assert_eq!(owned.start, overlap, "full context before");
        }
        if i + 1 < windows.len() {
            assert_eq!(buf.len() - owned.end, overlap, "full context after");
        } else {
            assert_eq!(owned.end, buf.len(), "none after the last");
        }
    }
    assert_eq!(next, data.len() as u64);
}

#[test]
fn large_members_arrive_as_windows() {
    let data: Vec<u8> = (0..30_000)
        .flat_map(|i| format!("line {i} {}\n", "x".repeat(i % 17)).into_bytes())
        .collect();
    let limits = Limits {
        max_in_memory: 50_000,
        ..Limits::default()
    };
    for (packed, path) in [
        (zip(&[("big.log", &data)]), "big.log"),
        (gz(&data), "big"),
        (tar(&[("big.log", &data)]), "big.log"),
    ] {
        let mut r = Record::default();
        let kind = sniff(&packed).unwrap();
        let expanded = expand_in(
            Source::Bytes(&packed),
            kind,
            "big.gz",
            &limits,
            &mut r,
            tuning(64_000, 5_000),
        );
        check_windows(&r.events, &data, path, 64_000, 5_000);
        assert!(r.members().is_empty() && r.skips().is_empty());
        assert_eq!(expanded.members, 1);
    }
}

#[test]
fn a_windowed_member_cut_by_the_budget_ends_with_what_was_read() {
    let data = vec![b'a'; 300_000];
    let limits = Limits {
        max_in_memory: 10_000,
        max_expanded: 100_000,
        max_ratio: u64::MAX,
        ..Limits::default()
    };
    let mut r = Record::default();
    let packed = gz(&data);
    expand_in(
        Source::Bytes(&packed),
        Kind::Gzip,
        "a.gz",
        &limits,
        &mut r,
        tuning(30_000, 1_000),
    );
    let last = r
        .events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::Window { owned, offset, .. } => Some(offset + owned.end as u64),
            _ => None,
        })
        .unwrap();
    assert_eq!(last, 100_000);
    assert!(matches!(
        r.skips()[..],
        [("a", SkipReason::ArchiveBudget { unread: 0, .. })]
    ));
}

// Never panics.

mod fuzz {
    use proptest::prelude::*;

    use super::*;

    struct Count(u64);
    impl Visitor for Count {
        fn member(&mut self, _: &str, bytes: &[u8]) {
            self.0 += bytes.len() as u64;
        }
        fn window(&mut self, _: &str, buf: &[u8], owned: Range<usize>, _: u64, _: u64) {
            assert!(owned.end <= buf.len());
            self.0 += owned.len() as u64;
        }
        fn skipped(&mut self, _: &str, _: SkipReason) {}
    }

    const KINDS: [Kind; 6] = [
        Kind::Zip,
        Kind::Tar,
        Kind::Gzip,
        Kind::Bzip2,
        Kind::Xz,
        Kind::Zstd,
    ];

    fn limits() -> Limits {
        Limits {
            max_expanded: 200_000,
            max_in_memory: 50_000,
            ..Limits::default()
        }
    }

    fn samples() -> &'static [Vec<u8>] {
        static SAMPLES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
        SAMPLES.get_or_init(|| {
            let text: Vec<u8> = SECRET.repeat(40);
            let t = tar(&[("a/k.env", &text), ("b", b"bee")]);
            vec![
                zip(&[("a/k.env", &text), ("n.zip", &zip(&[("x", b"y")]))]),
                zip_with(&[("a", &text), ("b", b"c")], CompressionMethod::Bzip2),
                zip_with(&[("a", &text)], CompressionMethod::Xz),
                t.clone(),
                gz(&t),
                bz2(&t),
                xz(&t),
                zst(&t),
                zip(&[("x.tgz", &gz(&t)), ("y.zst", &zst(&t))]),
            ]
        })
    }

    fn check(bytes: &[u8], kind: Kind) {
        let limits = limits();
        let mut v = Count(0);
        let expanded = expand_in(
            Source::Bytes(bytes),
            kind,
            "f.tar.gz",
            &limits,
            &mut v,
            tuning(20_000, 1_000),
        );
        // Nested guards may each let one read through past the budget.
        assert!(
            expanded.bytes <= limits.max_expanded + 256 * 1024,
            "{}",
            expanded.bytes
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), k in 0..6usize) {
            check(&bytes, KINDS[k]);
        }

        #[test]
        fn mutated_archives_never_panic(
            sample in any::<proptest::sample::Index>(),
            flips in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<proptest::sample::Index>(),
            truncate in any::<bool>(),
        ) {
            let sample = sample.index(samples().len());
            let mut bytes = samples()[sample].clone();
            for (at, value) in flips {
                let at = at.index(bytes.len());
                bytes[at] = value;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            let kind = sniff(&bytes).unwrap_or(KINDS[sample % 6]);
            check(&bytes, kind);
        }
    }
}
