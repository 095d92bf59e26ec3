//! The runtime's one sort: a heapsort.
//!
//! `slice::sort_unstable` is instantiated for every element type and
//! comparison it is called with, and each instance brings its own
//! quicksort, partitions and small-slice networks: about 2.5 KB of wasm
//! apiece, over 20 KB for the runtime's sorts. A heapsort is a fraction of
//! that per instance, still O(n log n) in the worst case, in place, and
//! allocates nothing.
//!
//! Like `sort_unstable`, it does not keep equal elements in order. Every
//! caller sorts by an order under which equal elements are identical (or
//! cannot occur), so the result is the one `sort_unstable` gave.

/// Sorts `v` so that no element is `less` than the one before it.
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let n = v.len();
    // Make `v` a max-heap, then move its largest element to the end of
    // the heap, one at a time.
    for root in (0..n / 2).rev() {
        sift_down(v, root, n, &mut less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &mut less);
    }
}

/// [`sort_by`]: the wasm's one sort (see [`sort_by_fast`] natively).
#[cfg(target_arch = "wasm32")]
pub fn sort_by_fast<T>(v: &mut [T], less: impl FnMut(&T, &T) -> bool) {
    sort_by(v, less);
}

/// [`sort_by`] in the wasm; natively, where the indexer sorts millions of
/// terms, the standard library's faster and bigger sort.
#[cfg(not(target_arch = "wasm32"))]
pub fn sort_by_fast<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    v.sort_unstable_by(|a, b| {
        if less(a, b) {
            std::cmp::Ordering::Less
        } else if less(b, a) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
}

/// Sorts `v` in rising order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a < b);
}

/// Sorts `u64`s in rising order: a radix sort, a byte at a time from the
/// lowest, skipping a byte every key shares. Linear, where a heapsort of
/// a big site's ranking keys (tens of thousands) was a sixth of its time
/// (the Rust docs' `read file`); short slices are heapsorted.
pub fn sort_u64(v: &mut [u64]) {
    if v.len() < 256 {
        sort(v);
        return;
    }
    let mut from = v.to_vec();
    let mut to = vec![0u64; v.len()];
    for shift in (0..64).step_by(8) {
        let digit = |k: u64| (k >> shift) as usize & 0xff;
        let mut starts = [0usize; 256];
        for &k in &from {
            starts[digit(k)] += 1;
        }
        if starts.contains(&from.len()) {
            continue;
        }
        let mut at = 0;
        for start in starts.iter_mut() {
            let count = *start;
            *start = at;
            at += count;
        }
        // In order within each digit: the bytes below stay sorted.
        for &k in &from {
            to[starts[digit(k)]] = k;
            starts[digit(k)] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    v.copy_from_slice(&from);
}

/// A key under which `f32`s rise as [`f32::total_cmp`] orders them.
pub fn f32_key(x: f32) -> u32 {
    let bits = x.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

/// Sorts `v` by part first, `part(x)` below `parts`, then within each
/// part by `less`: a counting sort places each element in its part, and
/// only the parts are sorted. Where most elements differ in part (a
/// site's terms by dictionary bucket), this is linear but for the parts'
/// small sorts, where sorting the whole took a heapsort's n log n string
/// comparisons.
pub fn sort_by_part<T>(
    v: Vec<T>,
    parts: usize,
    part: impl Fn(&T) -> usize,
    mut less: impl FnMut(&T, &T) -> bool,
) -> Vec<T> {
    let parts = parts.max(1);
    let of: Vec<usize> = v.iter().map(|x| part(x).min(parts - 1)).collect();
    let mut starts = vec![0usize; parts + 1];
    for &p in &of {
        starts[p + 1] += 1;
    }
    for p in 1..=parts {
        starts[p] += starts[p - 1];
    }
    // Where each element goes, then each moved there by swaps along the
    // permutation's cycles: in place, with no code per element type but
    // a swap.
    let mut next = starts.clone();
    let mut to: Vec<usize> = of
        .iter()
        .map(|&p| {
            next[p] += 1;
            next[p] - 1
        })
        .collect();
    let mut out = v;
    for i in 0..out.len() {
        while to[i] != i {
            let j = to[i];
            out.swap(i, j);
            to.swap(i, j);
        }
    }
    for p in 0..parts {
        sort_by_fast(&mut out[starts[p]..starts[p + 1]], &mut less);
    }
    out
}

/// Restores the heap below `root`, in `v[..end]`.
fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, less: &mut impl FnMut(&T, &T) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort() {
        // A small linear congruential generator: varied lengths and
        // values, with many duplicates.
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        for len in (0..40).chain([100, 257, 1000]) {
            let v: Vec<u32> = (0..len).map(|_| next() % 50).collect();
            let mut ours = v.clone();
            sort(&mut ours);
            let mut std = v.clone();
            std.sort_unstable();
            assert_eq!(ours, std, "{v:?}");
            let mut down = v.clone();
            sort_by(&mut down, |a, b| b < a);
            std.reverse();
            assert_eq!(down, std);
        }
    }

    #[test]
    fn the_radix_sort_sorts_like_the_standard_sort() {
        let mut seed = 11u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            seed
        };
        for len in [0, 1, 255, 256, 257, 3000] {
            // Keys as the ranking makes them (a score's key above an
            // index), with shared scores, and keys of every bit.
            let ranked: Vec<u64> = (0..len).map(|i| (next() >> 60) << 32 | i as u64).collect();
            let any: Vec<u64> = (0..len).map(|_| next()).collect();
            for v in [ranked, any] {
                let mut ours = v.clone();
                sort_u64(&mut ours);
                let mut std = v.clone();
                std.sort_unstable();
                assert_eq!(ours, std);
            }
        }
    }

    #[test]
    fn float_keys_order_as_total_cmp() {
        let xs = [
            f32::NEG_INFINITY,
            -3.5,
            -0.0,
            0.0,
            1e-30,
            2.0,
            7e30,
            f32::INFINITY,
            f32::NAN,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(f32_key(a).cmp(&f32_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }

    #[test]
    fn sorting_by_part_sorts_by_part_then_order() {
        let mut seed = 11u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        for (len, parts) in [(0, 1), (1, 1), (50, 1), (50, 7), (1000, 64), (300, 1000)] {
            let v: Vec<(u32, u32)> = (0..len).map(|_| (next() % 97, next() % 20)).collect();
            let part = |x: &(u32, u32)| (x.0 as usize * 31) % parts;
            let ours = sort_by_part(v.clone(), parts, part, |a, b| a < b);
            let mut want = v.clone();
            want.sort_unstable_by_key(|x| (part(x), *x));
            assert_eq!(ours, want, "{len} in {parts} parts");
        }
    }
}
