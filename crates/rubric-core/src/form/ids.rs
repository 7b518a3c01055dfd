//! Identifiers and the per-reviewer response order. Randomness comes from the caller (the
//! browser's `crypto.getRandomValues`), so this stays pure and testable.

/// A version 4 UUID from 16 random bytes, in the canonical hyphenated form.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// FNV-1a: a stable 64-bit hash, so a reviewer sees the same order after a reload.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `items` in a pseudo-random order fixed by `seed` (Fisher–Yates over SplitMix64).
pub fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut out = items.to_vec();
    for i in (1..out.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        out.swap(i, j);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_has_version_and_variant_bits() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn shuffle_is_a_stable_permutation() {
        let items: Vec<u32> = (0..10).collect();
        let a = shuffled(&items, stable_hash("alice/task-1"));
        assert_eq!(a, shuffled(&items, stable_hash("alice/task-1")));
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, items);
        assert_ne!(a, shuffled(&items, stable_hash("bob/task-1")));
    }
}
