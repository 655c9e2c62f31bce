//! A small raw-inflate decoder (RFC 1951: stored, fixed and dynamic Huffman blocks), written for
//! hostile input: every read is bounds-checked and returns an error instead of panicking (a
//! panic would stop the page), and the output stops at a caller's limit, so a deflate bomb
//! costs at most that much memory. It decodes code length by code length rather than through
//! lookup tables: share links are small, and the bundle stays small too.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// Truncated or invalid data.
    Corrupt,
    /// The output would exceed the limit.
    TooLarge,
}

use InflateError::{Corrupt, TooLarge};

/// First length of each length code 257..=285, and its extra bits (RFC 1951 §3.2.5).
pub(super) const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
pub(super) const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// First distance of each distance code 0..=29; code `d` has `(max(d, 2) − 2) / 2` extra bits.
pub(super) const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
/// The order in which a dynamic block lists the code lengths of its code-length alphabet.
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    buffer: u32,
    count: u32,
}

impl Reader<'_> {
    /// The next `n` bits (n ≤ 16), least significant first.
    fn bits(&mut self, n: u32) -> Result<u32, InflateError> {
        while self.count < n {
            let byte = *self.data.get(self.pos).ok_or(Corrupt)?;
            self.pos += 1;
            self.buffer |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let value = self.buffer & ((1u32 << n) - 1);
        self.buffer >>= n;
        self.count -= n;
        Ok(value)
    }
}

/// A canonical Huffman code: how many codes have each length, and the symbols in code order.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    /// Builds the code from each symbol's code length. Over-subscribed sets are refused;
    /// incomplete ones are allowed (a missing code then fails when it is read).
    fn new(lengths: &[u8]) -> Result<Huffman, InflateError> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            *counts.get_mut(usize::from(l)).ok_or(Corrupt)? += 1;
        }
        let mut left: i32 = 1;
        for &c in &counts[1..] {
            left = left * 2 - i32::from(c);
            if left < 0 {
                return Err(Corrupt);
            }
        }
        let mut offsets = [0u16; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + counts[len];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (symbol, &l) in lengths.iter().enumerate() {
            if l != 0 {
                let slot = &mut offsets[usize::from(l)];
                *symbols.get_mut(usize::from(*slot)).ok_or(Corrupt)? = symbol as u16;
                *slot += 1;
            }
        }
        Ok(Huffman { counts, symbols })
    }

    fn decode(&self, input: &mut Reader) -> Result<u16, InflateError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.counts[1..] {
            code |= input.bits(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                return self
                    .symbols
                    .get((index + code - first) as usize)
                    .copied()
                    .ok_or(Corrupt);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(Corrupt)
    }
}

fn fixed_codes() -> Result<(Huffman, Huffman), InflateError> {
    let mut lengths = [0u8; 288];
    for (i, l) in lengths.iter_mut().enumerate() {
        *l = match i {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    Ok((Huffman::new(&lengths)?, Huffman::new(&[5; 30])?))
}

fn dynamic_codes(input: &mut Reader) -> Result<(Huffman, Huffman), InflateError> {
    let literal_count = input.bits(5)? as usize + 257;
    let distance_count = input.bits(5)? as usize + 1;
    let length_count = input.bits(4)? as usize + 4;
    if literal_count > 286 || distance_count > 30 {
        return Err(Corrupt);
    }
    let mut code_lengths = [0u8; 19];
    for &at in &CODE_LENGTH_ORDER[..length_count] {
        code_lengths[at] = input.bits(3)? as u8;
    }
    let length_code = Huffman::new(&code_lengths)?;
    let total = literal_count + distance_count;
    let mut lengths = vec![0u8; total];
    let mut i = 0;
    while i < total {
        let symbol = length_code.decode(input)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => (
                *lengths.get(i.wrapping_sub(1)).ok_or(Corrupt)?,
                3 + input.bits(2)? as usize,
            ),
            17 => (0, 3 + input.bits(3)? as usize),
            18 => (0, 11 + input.bits(7)? as usize),
            _ => return Err(Corrupt),
        };
        let run = lengths.get_mut(i..i + repeat).ok_or(Corrupt)?;
        run.fill(value);
        i += repeat;
    }
    if lengths[256] == 0 {
        return Err(Corrupt); // no end-of-block code
    }
    Ok((
        Huffman::new(&lengths[..literal_count])?,
        Huffman::new(&lengths[literal_count..])?,
    ))
}

fn codes(
    input: &mut Reader,
    out: &mut Vec<u8>,
    limit: usize,
    literal: &Huffman,
    distance: &Huffman,
) -> Result<(), InflateError> {
    loop {
        let symbol = usize::from(literal.decode(input)?);
        if symbol < 256 {
            if out.len() >= limit {
                return Err(TooLarge);
            }
            out.push(symbol as u8);
            continue;
        }
        if symbol == 256 {
            return Ok(());
        }
        let l = symbol - 257;
        let base = *LENGTH_BASE.get(l).ok_or(Corrupt)?;
        let length = usize::from(base) + input.bits(u32::from(LENGTH_EXTRA[l]))? as usize;
        let d = usize::from(distance.decode(input)?);
        let base = *DIST_BASE.get(d).ok_or(Corrupt)?;
        let dist = usize::from(base) + input.bits((d.max(2) as u32 - 2) / 2)? as usize;
        if dist > out.len() {
            return Err(Corrupt);
        }
        if out.len() + length > limit {
            return Err(TooLarge);
        }
        let start = out.len() - dist;
        // Byte by byte: a copy may overlap the bytes it is writing (a run).
        for k in 0..length {
            out.push(out[start + k]);
        }
    }
}

/// Decodes raw deflate data into at most `limit` bytes.
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut input = Reader {
        data,
        pos: 0,
        buffer: 0,
        count: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = input.bits(1)? == 1;
        match input.bits(2)? {
            0 => {
                // Stored: skip to the byte boundary, then LEN, its complement, and LEN bytes.
                input.buffer = 0;
                input.count = 0;
                let header = data.get(input.pos..input.pos + 4).ok_or(Corrupt)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                if len != usize::from(!u16::from_le_bytes([header[2], header[3]])) {
                    return Err(Corrupt);
                }
                input.pos += 4;
                let bytes = data.get(input.pos..input.pos + len).ok_or(Corrupt)?;
                if out.len() + len > limit {
                    return Err(TooLarge);
                }
                out.extend_from_slice(bytes);
                input.pos += len;
            }
            1 => {
                let (literal, distance) = fixed_codes()?;
                codes(&mut input, &mut out, limit, &literal, &distance)?;
            }
            2 => {
                let (literal, distance) = dynamic_codes(&mut input)?;
                codes(&mut input, &mut out, limit, &literal, &distance)?;
            }
            _ => return Err(Corrupt),
        }
        if last {
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LIMIT: usize = 1 << 24;

    #[test]
    fn reads_every_block_type_from_a_full_encoder() {
        let text = include_str!("../../../../samples/hardened-app.yaml").repeat(20);
        for level in [0, 1, 6, 9] {
            let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), level);
            assert_eq!(
                inflate(&packed, LIMIT).unwrap(),
                text.as_bytes(),
                "level {level}"
            );
        }
        let ours = super::super::deflate::compress(text.as_bytes());
        assert_eq!(inflate(&ours, LIMIT).unwrap(), text.as_bytes());
        assert_eq!(
            inflate(&[0x03, 0x00], LIMIT).unwrap(),
            b"",
            "an empty fixed block"
        );
    }

    #[test]
    fn refuses_damage_and_stops_at_the_limit() {
        let packed = miniz_oxide::deflate::compress_to_vec(&[b'a'; 10_000], 9);
        assert_eq!(inflate(&packed[..packed.len() / 2], LIMIT), Err(Corrupt));
        assert_eq!(inflate(&packed, 9_999), Err(TooLarge));
        assert_eq!(inflate(&packed, 10_000).unwrap().len(), 10_000);
        assert_eq!(inflate(&[], LIMIT), Err(Corrupt));
        assert_eq!(
            inflate(&[0x07], LIMIT),
            Err(Corrupt),
            "block type 3 does not exist"
        );
        assert_eq!(
            inflate(&[0x01, 0x05, 0x00, 0x00, 0x00], LIMIT),
            Err(Corrupt),
            "stored length and complement disagree"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn random_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = inflate(&data, 1 << 16);
        }

        #[test]
        fn anything_a_full_encoder_writes_reads_back(data in prop::collection::vec(prop_oneof![Just(b'x'), Just(b'y'), any::<u8>()], 0..5000), level in 0u8..10) {
            let packed = miniz_oxide::deflate::compress_to_vec(&data, level);
            prop_assert_eq!(inflate(&packed, LIMIT).unwrap(), data);
        }
    }
}
