//! Go's `compress/gzip` reader over its `compress/flate` decompressor, read to the end, as
//! Helm reads a chart archive: every byte Go hands on before it fails, and its error in Go's
//! words (`flate: corrupt input before offset 53`, `gzip: invalid checksum`).
//!
//! What Go hands on and where it stops are Go's: the decompressor reads its input a byte at a
//! time, as many as a Huffman code's shortest length asks (so `offset` counts the bytes of
//! the member's DEFLATE data it has taken, not where the damage is), refuses what Go refuses
//! (an incomplete code, a distance before the start of the member's output, the reserved
//! block type, literal/length codes 286 and 287, distance codes 30 and 31), and hands on all
//! it has decoded before its error. The gzip layer checks each member's trailer (CRC-32 and
//! size) and reads further members until the input ends; bytes after a member that are not
//! a member are `gzip: invalid header`.
//!
//! One Go quirk is kept: a dynamic block's empty Huffman tree (no code at all) keeps the
//! table of the decoder's previous tree, stale, as Go's `huffmanDecoder.init` does. Where
//! that stale table points into link tables Go has dropped, Go panics; here it is corrupt
//! input.

/// Go's `io.EOF`.
pub(crate) const EOF: &str = "EOF";
/// Go's `io.ErrUnexpectedEOF`.
pub(crate) const UNEXPECTED_EOF: &str = "unexpected EOF";
/// Go's `gzip.ErrHeader`.
pub(crate) const HEADER: &str = "gzip: invalid header";
/// Go's `gzip.ErrChecksum`.
pub(crate) const CHECKSUM: &str = "gzip: invalid checksum";

/// The whole output of Go's gzip reader over `input`, and the error its last read met
/// (`None` at a clean end); `Err` is `gzip.NewReader`'s own error (the first member's header).
#[cfg(test)]
pub(crate) fn gunzip(input: &[u8]) -> Result<(Vec<u8>, Option<String>), &'static str> {
    gunzip_at_most(input, usize::MAX, "")
}

/// [`gunzip`], stopping once the output passes `cap` bytes (a reader that stops early, as
/// Go's tar reader does at its end, never sees what follows): the output then ends there,
/// with `full` as the error a read past it meets.
pub(crate) fn gunzip_at_most(
    input: &[u8],
    cap: usize,
    full: &str,
) -> Result<(Vec<u8>, Option<String>), &'static str> {
    let mut pos = 0;
    read_header(input, &mut pos)?;
    let mut out = Vec::new();
    let mut inflater = Inflater::new();
    inflater.cap = cap;
    loop {
        let start = out.len();
        if let Err(e) = inflater.member(input, &mut pos, &mut out) {
            let e = match e {
                Stop::Corrupt(offset) => format!("flate: corrupt input before offset {offset}"),
                Stop::UnexpectedEof => UNEXPECTED_EOF.to_owned(),
                Stop::Full => full.to_owned(),
            };
            return Ok((out, Some(e)));
        }
        // The trailer: CRC-32 and size (mod 2³²) of the member's output.
        let Some(trailer) = input.get(pos..pos + 8) else {
            return Ok((out, Some(UNEXPECTED_EOF.to_owned())));
        };
        pos += 8;
        let mut crc = flate2::Crc::new();
        crc.update(&out[start..]);
        let size = (out.len() - start) as u32;
        if trailer[..4] != crc.sum().to_le_bytes() || trailer[4..] != size.to_le_bytes() {
            return Ok((out, Some(CHECKSUM.to_owned())));
        }
        match read_header(input, &mut pos) {
            Ok(()) => {}
            // No further member (Go's `readString` ends a cut name with `EOF` too).
            Err(EOF) => return Ok((out, None)),
            Err(e) => return Ok((out, Some(e.to_owned()))),
        }
    }
}

/// Go's `gzip.Reader.readHeader`: a member's header, `pos` moved past it.
fn read_header(input: &[u8], pos: &mut usize) -> Result<(), &'static str> {
    let rest = &input[*pos..];
    let head = match rest.len() {
        0 => return Err(EOF),
        1..=9 => return Err(UNEXPECTED_EOF),
        _ => &rest[..10],
    };
    if head[..3] != [0x1f, 0x8b, 0x08] {
        return Err(HEADER);
    }
    let flags = head[3];
    let mut p = *pos + 10;
    let mut crc = flate2::Crc::new();
    crc.update(head);
    // FEXTRA: a 2-byte length, then that many bytes.
    if flags & 0x04 != 0 {
        let len = input.get(p..p + 2).ok_or(UNEXPECTED_EOF)?;
        crc.update(len);
        let n = usize::from(u16::from_le_bytes([len[0], len[1]]));
        p += 2;
        let extra = input.get(p..p + n).ok_or(UNEXPECTED_EOF)?;
        crc.update(extra);
        p += n;
    }
    // FNAME and FCOMMENT: NUL-terminated, within Go's 512-byte buffer; a cut one is `EOF`.
    for flag in [0x08, 0x10] {
        if flags & flag != 0 {
            let rest = &input[p..];
            let Some(end) = rest.iter().take(512).position(|b| *b == 0) else {
                return Err(if rest.len() < 512 { EOF } else { HEADER });
            };
            crc.update(&rest[..=end]);
            p += end + 1;
        }
    }
    // FHCRC: the low 16 bits of the header's CRC-32.
    if flags & 0x02 != 0 {
        let sum = input.get(p..p + 2).ok_or(UNEXPECTED_EOF)?;
        if u32::from(u16::from_le_bytes([sum[0], sum[1]])) != crc.sum() & 0xffff {
            return Err(HEADER);
        }
        p += 2;
    }
    *pos = p;
    Ok(())
}

/// Why a member's decompression stopped early.
#[derive(Debug, PartialEq)]
enum Stop {
    /// `CorruptInputError` at this offset.
    Corrupt(u64),
    /// The input ended inside the member.
    UnexpectedEof,
    /// The output passed the reader's cap ([`gunzip_at_most`]).
    Full,
}

const CHUNK_BITS: u32 = 9;
const NUM_CHUNKS: usize = 1 << CHUNK_BITS;
const COUNT_MASK: u16 = 15;
const VALUE_SHIFT: u32 = 4;
const MAX_NUM_LIT: usize = 286;
const MAX_NUM_DIST: usize = 30;
const END_BLOCK: usize = 256;
/// The window: how far back a distance may reach.
const WINDOW: usize = 1 << 15;
/// The order of the code-length code's lengths (RFC 1951 3.2.7).
const CODE_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Go's `huffmanDecoder`: a 9-bit lookup table, with link tables for longer codes. Each
/// entry is `value << 4 | length`; 0 is no code.
#[derive(Clone)]
struct Huffman {
    /// How many bits to have before a lookup (Go's `maxRead`).
    max_read: u32,
    chunks: Vec<u16>,
    links: Vec<Vec<u16>>,
    link_mask: u32,
}

impl Huffman {
    fn new() -> Huffman {
        Huffman {
            max_read: 0,
            chunks: vec![0; NUM_CHUNKS],
            links: Vec::new(),
            link_mask: 0,
        }
    }

    /// Go's `huffmanDecoder.init`: false for an over- or under-subscribed code (a single
    /// code of length 1 is allowed); an empty one is accepted and keeps the old tables.
    fn init(&mut self, lengths: &[u8]) -> bool {
        if self.max_read != 0 {
            self.max_read = 0;
            self.link_mask = 0;
        }
        let mut count = [0usize; 16];
        let (mut min, mut max) = (0usize, 0usize);
        for &n in lengths {
            let n = usize::from(n);
            if n == 0 {
                continue;
            }
            if min == 0 || n < min {
                min = n;
            }
            max = max.max(n);
            count[n & 15] += 1;
        }
        if max == 0 {
            return true;
        }
        let mut code = 0usize;
        let mut next = [0usize; 16];
        for i in min..=max {
            code <<= 1;
            next[i & 15] = code;
            code += count[i & 15];
        }
        if code != 1 << max && !(code == 1 && max == 1) {
            return false;
        }
        self.max_read = min as u32;
        self.chunks.iter_mut().for_each(|c| *c = 0);
        if max > CHUNK_BITS as usize {
            let num_links = 1usize << (max - CHUNK_BITS as usize);
            self.link_mask = (num_links - 1) as u32;
            let link = next[CHUNK_BITS as usize + 1] >> 1;
            self.links = vec![vec![0; num_links]; NUM_CHUNKS - link];
            for j in link..NUM_CHUNKS {
                let reverse = usize::from((j as u16).reverse_bits()) >> (16 - CHUNK_BITS);
                let off = j - link;
                self.chunks[reverse] = (off << VALUE_SHIFT) as u16 | (CHUNK_BITS as u16 + 1);
            }
        } else {
            self.links.clear();
        }
        for (i, &n) in lengths.iter().enumerate() {
            let n = usize::from(n);
            if n == 0 {
                continue;
            }
            let code = next[n];
            next[n] += 1;
            let chunk = (i << VALUE_SHIFT) as u16 | n as u16;
            let reverse = usize::from((code as u16).reverse_bits()) >> (16 - n);
            if n <= CHUNK_BITS as usize {
                let mut off = reverse;
                while off < NUM_CHUNKS {
                    self.chunks[off] = chunk;
                    off += 1 << n;
                }
            } else {
                let j = reverse & (NUM_CHUNKS - 1);
                let value = usize::from(self.chunks[j] >> VALUE_SHIFT);
                let Some(table) = self.links.get_mut(value) else {
                    continue;
                };
                let mut off = reverse >> CHUNK_BITS;
                while off < table.len() {
                    table[off] = chunk;
                    off += 1 << (n - CHUNK_BITS as usize);
                }
            }
        }
        true
    }

    /// The table entry for the bits `b` (0 where there is none).
    fn lookup(&self, b: u32) -> u16 {
        let chunk = self.chunks[(b as usize) & (NUM_CHUNKS - 1)];
        if u32::from(chunk & COUNT_MASK) > CHUNK_BITS {
            return self
                .links
                .get(usize::from(chunk >> VALUE_SHIFT))
                .and_then(|t| t.get(((b >> CHUNK_BITS) & self.link_mask) as usize))
                .copied()
                .unwrap_or(0);
        }
        chunk
    }
}

/// Go's `decompressor`, one gzip member at a time (its Huffman tables live on between
/// members, as Go's `Reset` keeps them).
struct Inflater {
    h1: Huffman,
    h2: Huffman,
    fixed: Huffman,
    /// Bits not used yet, the next at the bottom.
    b: u32,
    nb: u32,
    /// Input bytes taken in this member (Go's `roffset`).
    roffset: u64,
    last: bool,
    /// The output past which decompression stops ([`Stop::Full`]).
    cap: usize,
}

/// A Huffman table of the decoder.
#[derive(Clone, Copy)]
enum Table {
    /// The fixed literal/length codes (a fixed block's distances are 5 plain bits).
    Fixed,
    /// The code-length code, then a dynamic block's literal/length codes.
    H1,
    /// A dynamic block's distance codes.
    H2,
}

impl Inflater {
    fn new() -> Inflater {
        let mut fixed = Huffman::new();
        let mut lengths = [0u8; 288];
        lengths[..144].fill(8);
        lengths[144..256].fill(9);
        lengths[256..280].fill(7);
        lengths[280..].fill(8);
        fixed.init(&lengths);
        Inflater {
            h1: Huffman::new(),
            h2: Huffman::new(),
            fixed,
            b: 0,
            nb: 0,
            roffset: 0,
            last: false,
            cap: usize::MAX,
        }
    }

    /// One member's DEFLATE data from `input[*pos..]`, appended to `out`; `pos` ends past
    /// the bytes Go took.
    fn member(&mut self, input: &[u8], pos: &mut usize, out: &mut Vec<u8>) -> Result<(), Stop> {
        self.b = 0;
        self.nb = 0;
        self.roffset = 0;
        self.last = false;
        let mut r = Input { input, pos: *pos };
        let start = out.len();
        let result = loop {
            match self.block(&mut r, out, start) {
                Ok(()) if self.last => break Ok(()),
                Ok(()) => {}
                Err(e) => break Err(e),
            }
        };
        *pos = r.pos;
        result
    }

    /// Go's `moreBits`.
    fn more_bits(&mut self, r: &mut Input) -> Result<(), Stop> {
        let c = r.byte().ok_or(Stop::UnexpectedEof)?;
        self.roffset += 1;
        self.b |= u32::from(c).checked_shl(self.nb).unwrap_or(0);
        self.nb += 8;
        Ok(())
    }

    fn need(&mut self, r: &mut Input, n: u32) -> Result<(), Stop> {
        while self.nb < n {
            self.more_bits(r)?;
        }
        Ok(())
    }

    /// Takes `n` bits (after [`Inflater::need`]).
    fn take(&mut self, n: u32) -> u32 {
        let v = self.b & ((1u32 << n) - 1);
        self.b >>= n;
        self.nb -= n;
        v
    }

    /// Go's `huffSym`: reads to the table's `maxRead` bits, then as many more as the code
    /// found needs.
    fn sym(&mut self, r: &mut Input, table: Table) -> Result<usize, Stop> {
        let h = match table {
            Table::Fixed => &self.fixed,
            Table::H1 => &self.h1,
            Table::H2 => &self.h2,
        };
        let mut n = h.max_read;
        let (mut b, mut nb) = (self.b, self.nb);
        loop {
            while nb < n {
                let Some(c) = r.byte() else {
                    self.b = b;
                    self.nb = nb;
                    return Err(Stop::UnexpectedEof);
                };
                self.roffset += 1;
                b |= u32::from(c) << (nb & 31);
                nb += 8;
            }
            let chunk = h.lookup(b);
            n = u32::from(chunk & COUNT_MASK);
            if n <= nb {
                if n == 0 {
                    self.b = b;
                    self.nb = nb;
                    return Err(Stop::Corrupt(self.roffset));
                }
                self.b = b >> (n & 31);
                self.nb = nb - n;
                return Ok(usize::from(chunk >> VALUE_SHIFT));
            }
        }
    }

    /// Go's `nextBlock` and the block it starts.
    fn block(&mut self, r: &mut Input, out: &mut Vec<u8>, start: usize) -> Result<(), Stop> {
        self.need(r, 3)?;
        self.last = self.take(1) == 1;
        match self.take(2) {
            0 => self.stored(r, out),
            1 => self.huffman(r, out, start, Table::Fixed),
            2 => {
                self.read_tables(r)?;
                self.huffman(r, out, start, Table::H1)
            }
            _ => Err(Stop::Corrupt(self.roffset)),
        }
    }

    /// Go's `dataBlock`: a stored block.
    fn stored(&mut self, r: &mut Input, out: &mut Vec<u8>) -> Result<(), Stop> {
        // The partial byte is dropped; whole bytes already taken are the length's first
        // ones (and Go counts them in its offset a second time).
        let left = self.nb & 7;
        self.nb -= left;
        self.b >>= left;
        let have = (self.nb >> 3) as usize;
        let mut buf = self.b.to_le_bytes();
        self.roffset += have as u64;
        self.nb = 0;
        self.b = 0;
        for slot in buf.iter_mut().skip(have) {
            *slot = r.byte().ok_or(Stop::UnexpectedEof)?;
            self.roffset += 1;
        }
        let n = u16::from_le_bytes([buf[0], buf[1]]);
        let nn = u16::from_le_bytes([buf[2], buf[3]]);
        if nn != !n {
            return Err(Stop::Corrupt(self.roffset));
        }
        let n = usize::from(n);
        let avail = r.input.len() - r.pos;
        let take = n.min(avail);
        out.extend_from_slice(&r.input[r.pos..r.pos + take]);
        r.pos += take;
        self.roffset += take as u64;
        if take < n {
            return Err(Stop::UnexpectedEof);
        }
        if out.len() > self.cap {
            return Err(Stop::Full);
        }
        Ok(())
    }

    /// Go's `readHuffman`: a dynamic block's code lengths, into `h1` and `h2`.
    fn read_tables(&mut self, r: &mut Input) -> Result<(), Stop> {
        self.need(r, 14)?;
        let nlit = self.b as usize & 0x1f;
        let nlit = nlit + 257;
        if nlit > MAX_NUM_LIT {
            return Err(Stop::Corrupt(self.roffset));
        }
        self.b >>= 5;
        let ndist = (self.b as usize & 0x1f) + 1;
        if ndist > MAX_NUM_DIST {
            return Err(Stop::Corrupt(self.roffset));
        }
        self.b >>= 5;
        let nclen = (self.b as usize & 0xf) + 4;
        self.b >>= 4;
        self.nb -= 14;
        let mut codebits = [0u8; 19];
        for &i in CODE_ORDER.iter().take(nclen) {
            self.need(r, 3)?;
            codebits[i] = self.take(3) as u8;
        }
        if !self.h1.init(&codebits) {
            return Err(Stop::Corrupt(self.roffset));
        }
        let n = nlit + ndist;
        let mut bits = [0u8; MAX_NUM_LIT + MAX_NUM_DIST];
        let mut i = 0;
        while i < n {
            let x = self.sym(r, Table::H1)?;
            if x < 16 {
                bits[i] = x as u8;
                i += 1;
                continue;
            }
            let (mut rep, nb, value) = match x {
                16 => {
                    if i == 0 {
                        return Err(Stop::Corrupt(self.roffset));
                    }
                    (3, 2, bits[i - 1])
                }
                17 => (3, 3, 0),
                _ => (11, 7, 0),
            };
            self.need(r, nb)?;
            rep += self.take(nb) as usize;
            if i + rep > n {
                return Err(Stop::Corrupt(self.roffset));
            }
            bits[i..i + rep].fill(value);
            i += rep;
        }
        if !self.h1.init(&bits[..nlit]) || !self.h2.init(&bits[nlit..n]) {
            return Err(Stop::Corrupt(self.roffset));
        }
        // Go reads the end-of-block code's length at once (and 10 bits more where another
        // block follows).
        self.h1.max_read = self.h1.max_read.max(u32::from(bits[END_BLOCK]));
        if !self.last {
            self.h1.max_read += 10;
        }
        Ok(())
    }

    /// Go's `huffmanBlock`: literals and back-references up to the end-of-block code.
    fn huffman(
        &mut self,
        r: &mut Input,
        out: &mut Vec<u8>,
        start: usize,
        table: Table,
    ) -> Result<(), Stop> {
        loop {
            if out.len() > self.cap {
                return Err(Stop::Full);
            }
            let v = self.sym(r, table)?;
            let (mut length, n) = match v {
                0..=255 => {
                    out.push(v as u8);
                    continue;
                }
                END_BLOCK => return Ok(()),
                257..=264 => (v - 254, 0),
                265..=268 => (v * 2 - (265 * 2 - 11), 1),
                269..=272 => (v * 4 - (269 * 4 - 19), 2),
                273..=276 => (v * 8 - (273 * 8 - 35), 3),
                277..=280 => (v * 16 - (277 * 16 - 67), 4),
                281..=284 => (v * 32 - (281 * 32 - 131), 5),
                285 => (258, 0),
                _ => return Err(Stop::Corrupt(self.roffset)),
            };
            if n > 0 {
                self.need(r, n)?;
                length += self.take(n) as usize;
            }
            let dist = match table {
                Table::Fixed => {
                    self.need(r, 5)?;
                    usize::from(((self.take(5) << 3) as u8).reverse_bits())
                }
                _ => self.sym(r, Table::H2)?,
            };
            let dist = match dist {
                0..=3 => dist + 1,
                4..=29 => {
                    let nb = ((dist - 2) >> 1) as u32;
                    let mut extra = (dist & 1) << nb;
                    self.need(r, nb)?;
                    extra |= self.take(nb) as usize;
                    (1 << (nb + 1)) + 1 + extra
                }
                _ => return Err(Stop::Corrupt(self.roffset)),
            };
            // Only the member's own output, and at most a window of it, can be reached.
            if dist > (out.len() - start).min(WINDOW) {
                return Err(Stop::Corrupt(self.roffset));
            }
            let from = out.len() - dist;
            if dist >= length {
                out.extend_from_within(from..from + length);
            } else {
                for k in 0..length {
                    let c = out[from + k];
                    out.push(c);
                }
            }
        }
    }
}

/// The input, read a byte at a time (Go's `io.ByteReader`).
struct Input<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Input<'_> {
    fn byte(&mut self) -> Option<u8> {
        let c = *self.input.get(self.pos)?;
        self.pos += 1;
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8], level: u32) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
        e.write_all(data).unwrap_or_else(|e| panic!("{e}"));
        e.finish().unwrap_or_else(|e| panic!("{e}"))
    }

    fn text(n: usize) -> Vec<u8> {
        let mut s = Vec::new();
        let mut x: u32 = 7;
        while s.len() < n {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let word = [
                "apiVersion",
                "kind",
                ": ",
                "\n",
                "name",
                "{{ .Values.x }}",
                "  ",
            ];
            s.extend_from_slice(word[(x >> 16) as usize % word.len()].as_bytes());
            if x % 7 == 0 {
                s.push((x >> 8) as u8);
            }
        }
        s
    }

    #[test]
    fn whole_streams_read_as_they_were_written() {
        for n in [0, 1, 100, 40_000, 200_000] {
            let data = text(n);
            for level in [0, 1, 6, 9] {
                let (out, e) = gunzip(&gzip(&data, level)).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(e, None, "{n} {level}");
                assert!(out == data, "{n} {level}");
            }
        }
        // Two members are one stream.
        let mut two = gzip(b"ab", 6);
        two.extend(gzip(b"cd", 1));
        assert_eq!(gunzip(&two), Ok((b"abcd".to_vec(), None)));
    }

    #[test]
    fn headers_fail_as_gos_do() {
        assert_eq!(gunzip(b""), Err(EOF));
        assert_eq!(gunzip(b"\x1f\x8b\x08"), Err(UNEXPECTED_EOF));
        assert_eq!(gunzip(b"not gzip at all"), Err(HEADER));
        // A name cut short is Go's `readString` error: `EOF`.
        assert_eq!(gunzip(b"\x1f\x8b\x08\x08\0\0\0\0\0\x03abc"), Err(EOF));
        // A name past Go's 512-byte buffer.
        let mut long = b"\x1f\x8b\x08\x08\0\0\0\0\0\x03".to_vec();
        long.extend([b'a'; 600]);
        assert_eq!(gunzip(&long), Err(HEADER));
        // Junk after a member, a member cut short, a wrong checksum.
        let mut junk = gzip(b"abc", 6);
        junk.extend(b"\0\0\0\0\0\0\0\0\0\0\0\0");
        assert_eq!(
            gunzip(&junk),
            Ok((b"abc".to_vec(), Some(HEADER.to_owned())))
        );
        let whole = gzip(b"abc", 6);
        let cut = &whole[..whole.len() - 3];
        assert_eq!(
            gunzip(cut),
            Ok((b"abc".to_vec(), Some(UNEXPECTED_EOF.to_owned())))
        );
        let mut bad = whole.clone();
        let at = bad.len() - 8;
        bad[at] ^= 1;
        assert_eq!(
            gunzip(&bad),
            Ok((b"abc".to_vec(), Some(CHECKSUM.to_owned())))
        );
    }

    /// A small chart (`base/Chart.yaml`, `values.yaml`, `templates/cm.yaml`) as Python's
    /// `tarfile` and `gzip.compress(level 9, mtime 0)` wrote it.
    const CHART: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xed, 0xd6, 0xb1, 0x6e, 0x83,
        0x30, 0x14, 0x85, 0x61, 0xcf, 0x7e, 0x0a, 0x2b, 0x0f, 0x00, 0xd7, 0xc4, 0x10, 0x89, 0x35,
        0x73, 0xd6, 0xec, 0x37, 0x8d, 0xdb, 0xa2, 0x62, 0x40, 0xd8, 0x41, 0x89, 0xa2, 0xbc, 0x7b,
        0x9d, 0x46, 0x59, 0x18, 0xca, 0x04, 0x55, 0xdb, 0xf3, 0x2d, 0x16, 0x86, 0x01, 0x09, 0xfe,
        0x0b, 0x07, 0xf6, 0x36, 0xdd, 0xbe, 0x73, 0x1f, 0x92, 0x0b, 0xbb, 0x5a, 0xcc, 0x81, 0xa2,
        0xc2, 0x98, 0xaf, 0x35, 0x1a, 0xaf, 0x44, 0xb9, 0x16, 0x3a, 0x5f, 0x53, 0x6e, 0x4c, 0x61,
        0xb2, 0x8d, 0x20, 0x9d, 0x99, 0x42, 0x0b, 0x45, 0x62, 0x01, 0x27, 0x1f, 0xb8, 0x8f, 0xb7,
        0xd2, 0xb7, 0x6d, 0xf8, 0xee, 0xba, 0xa9, 0xf3, 0xbf, 0x14, 0x77, 0xd5, 0xde, 0xf6, 0xbe,
        0x6a, 0x9b, 0x52, 0x0d, 0x99, 0x6c, 0xd8, 0xd9, 0x52, 0x1d, 0xe2, 0x4b, 0x21, 0x87, 0xe7,
        0xb6, 0x4e, 0x28, 0x21, 0x29, 0xe0, 0x2f, 0xba, 0x3f, 0xea, 0x74, 0xe0, 0xfa, 0x64, 0xfd,
        0x6c, 0x03, 0x60, 0xb2, 0x7f, 0xca, 0xc7, 0xfd, 0x6f, 0x74, 0x81, 0xfe, 0x17, 0xe9, 0x3f,
        0xf6, 0x8d, 0xb6, 0xff, 0x79, 0xff, 0xc1, 0xba, 0xae, 0xe6, 0x60, 0x7d, 0xfa, 0xe2, 0x66,
        0x98, 0x02, 0x53, 0xfd, 0xeb, 0x8c, 0x46, 0xfd, 0x9b, 0xb8, 0x87, 0xfe, 0x17, 0xff, 0xfe,
        0x6b, 0xf9, 0x51, 0x35, 0xc7, 0x52, 0x6d, 0xdb, 0xe6, 0xb5, 0x7a, 0xdb, 0x71, 0x27, 0x9d,
        0x0d, 0x7c, 0xe4, 0xc0, 0xa5, 0x54, 0xea, 0xf1, 0x6f, 0x70, 0x96, 0xcf, 0xe3, 0x38, 0x3a,
        0x56, 0xd7, 0xab, 0x4a, 0xf6, 0x8f, 0xaf, 0x07, 0xab, 0xdb, 0x6d, 0x85, 0x51, 0x02, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x43, 0x3e,
        0x01, 0x5b, 0x9a, 0xf1, 0xe1, 0x00, 0x28, 0x00, 0x00,
    ];

    // Real Helm (3.17–4.3 agree: Go 1.23–1.27) reading `CHART` with one bit flipped, as a
    // subchart archive: `flate: corrupt input before offset N`. (byte, bit, N)
    #[test]
    fn corrupt_input_offsets_are_gos() {
        let cases: &[(usize, u8, u64)] = &[
            (134, 3, 129),
            (138, 4, 133),
            (141, 2, 133),
            (153, 2, 146),
            (16, 2, 9),
            (24, 5, 51),
            (25, 0, 50),
            (33, 1, 51),
            (44, 5, 59),
            (51, 6, 45),
            (72, 3, 65),
            (99, 7, 92),
        ];
        assert_eq!(
            gunzip(CHART).map(|(out, e)| (out.len(), e)),
            Ok((10240, None))
        );
        for &(at, bit, offset) in cases {
            let mut bytes = CHART.to_vec();
            bytes[at] ^= 1 << bit;
            let e = gunzip(&bytes).map(|(_, e)| e);
            let want = format!("flate: corrupt input before offset {offset}");
            assert_eq!(e, Ok(Some(want)), "byte {at} bit {bit}");
        }
        // A reserved block type is refused at the first byte; a stored block whose length's
        // complement is wrong once its 4 bytes are taken.
        let head = b"\x1f\x8b\x08\0\0\0\0\0\0\x03".to_vec();
        let with = |deflate: &[u8]| [head.as_slice(), deflate].concat();
        let corrupt = |n: u64| {
            Ok((
                Vec::new(),
                Some(format!("flate: corrupt input before offset {n}")),
            ))
        };
        assert_eq!(gunzip(&with(&[0x07])), corrupt(1));
        assert_eq!(gunzip(&with(&[0x01, 0x05, 0x00, 0x00, 0x00])), corrupt(5));
    }
}
