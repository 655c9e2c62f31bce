//! A small raw-deflate compressor (RFC 1951): LZ77 matches over a 32 KiB window, coded with the
//! fixed Huffman tables in one block. It compresses config and results JSON to within a few
//! percent of a full encoder, at a fraction of the code size in the page's wasm bundle; any
//! inflater (the page's, `zlib`, the browser's `DecompressionStream`) reads it.

const WINDOW: usize = 32 * 1024;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;
/// How many earlier positions with the same 3-byte hash are tried per position.
const MAX_CHAIN: usize = 48;
const NONE: u32 = u32::MAX;

use super::inflate::{DIST_BASE, LENGTH_BASE, LENGTH_EXTRA};

struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    /// Appends `n` bits of `value`, least significant first (deflate's bit order).
    fn put(&mut self, value: u32, n: u32) {
        self.acc |= u64::from(value) << self.count;
        self.count += n;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// Appends a Huffman code, which deflate stores most significant bit first.
    fn code(&mut self, code: u32, n: u32) {
        self.put(code.reverse_bits() >> (32 - n), n);
    }

    /// Literal/length symbol with the fixed code of RFC 1951 §3.2.6.
    fn symbol(&mut self, sym: u32) {
        match sym {
            0..=143 => self.code(0x30 + sym, 8),
            144..=255 => self.code(0x190 + sym - 144, 9),
            256..=279 => self.code(sym - 256, 7),
            _ => self.code(0xC0 + sym - 280, 8),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The last index `i` with `table[i] <= value`.
fn bucket(table: &[u16], value: usize) -> usize {
    table
        .iter()
        .rposition(|b| usize::from(*b) <= value)
        .unwrap_or(0)
}

fn hash(data: &[u8], i: usize) -> usize {
    let v = u32::from(data[i]) << 16 | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]);
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::with_capacity(data.len() / 3 + 16),
        acc: 0,
        count: 0,
    };
    bits.put(1, 1); // the final block
    bits.put(1, 2); // fixed Huffman codes
    let mut head = vec![NONE; 1 << HASH_BITS];
    let mut prev = vec![NONE; WINDOW];
    let insert = |head: &mut Vec<u32>, prev: &mut Vec<u32>, i: usize| {
        if i + MIN_MATCH <= data.len() {
            let h = hash(data, i);
            prev[i % WINDOW] = head[h];
            head[h] = i as u32;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0, 0);
        if i + MIN_MATCH <= data.len() {
            let mut candidate = head[hash(data, i)];
            let limit = (data.len() - i).min(MAX_MATCH);
            for _ in 0..MAX_CHAIN {
                if candidate == NONE || i - candidate as usize > WINDOW - 1 {
                    break;
                }
                let c = candidate as usize;
                let len = data[c..c + limit]
                    .iter()
                    .zip(&data[i..i + limit])
                    .take_while(|(a, b)| a == b)
                    .count();
                if len > best_len {
                    (best_len, best_dist) = (len, i - c);
                    if len == limit {
                        break;
                    }
                }
                candidate = prev[c % WINDOW];
            }
        }
        if best_len >= MIN_MATCH {
            let l = bucket(&LENGTH_BASE, best_len);
            bits.symbol(257 + l as u32);
            bits.put(
                (best_len - usize::from(LENGTH_BASE[l])) as u32,
                u32::from(LENGTH_EXTRA[l]),
            );
            let d = bucket(&DIST_BASE, best_dist);
            bits.code(d as u32, 5);
            bits.put(
                (best_dist - usize::from(DIST_BASE[d])) as u32,
                (d.max(2) as u32 - 2) / 2,
            );
            for j in i..i + best_len {
                insert(&mut head, &mut prev, j);
            }
            i += best_len;
        } else {
            bits.symbol(u32::from(data[i]));
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    bits.symbol(256); // end of block
    bits.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn inflate(data: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(data).expect("valid raw deflate")
    }

    #[test]
    fn round_trips_text_and_edge_cases() {
        let json = include_str!("../../../../samples/palette-profile.json").repeat(3);
        for input in [
            &b""[..],
            b"a",
            b"ab",
            b"abc",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            json.as_bytes(),
        ] {
            assert_eq!(inflate(&compress(input)), input);
        }
        // Long runs use every length code, including 258.
        let run = vec![b'x'; 100_000];
        assert_eq!(inflate(&compress(&run)), run);
        // Config text compresses about as well as a full encoder does.
        let ours = compress(json.as_bytes()).len();
        let full = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9).len();
        assert!(ours * 100 < full * 140, "ours {ours} vs full {full}");
    }

    #[test]
    fn distances_across_the_whole_window() {
        let mut data: Vec<u8> = (0..40_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let copy = data[..300].to_vec();
        data.extend_from_slice(&copy); // a match 40,000 back: beyond the window
        data.extend_from_within(39_000..39_300); // a match ~1,300 back
        assert_eq!(inflate(&compress(&data)), data);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn any_bytes_round_trip(data in prop::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), any::<u8>()], 0..3000)) {
            prop_assert_eq!(inflate(&compress(&data)), data);
        }
    }
}
