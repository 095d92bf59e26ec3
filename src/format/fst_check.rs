//! Checks the bytes of an fst before the `fst` crate reads them.
//!
//! `fst` trusts its input: a dictionary bucket whose bytes were changed
//! (and whose CRC-32 was then recomputed, or which a faulty cache served)
//! opens fine and then panics deep inside a traversal, which in wasm is a
//! trap that names no file. So every bucket is walked here first, with
//! every read bounds-checked, and is refused unless it is exactly what the
//! builder could have written:
//!
//! * the footer's root address and key count fit this machine's `usize`
//!   (wasm is 32-bit) and the root node ends where the footer starts;
//! * every node reachable from the root decodes inside the node area, with
//!   pack sizes of 1 to 8 bytes;
//! * every transition leads to a lower address, so the graph has no cycle
//!   and every walk ends;
//! * a node's input bytes rise strictly, and its lookup table, if it has
//!   one, agrees with them;
//! * no key is longer than [`MAX_KEY_BYTES`], no sum of outputs along a
//!   path overflows a `u64`, and the number of keys equals the footer's
//!   count and is at most [`MAX_KEYS_PER_BYTE`] per byte, so that a stream
//!   over the bucket has a cost bounded by its size.
//!
//! The layout read here is fst's format version 3 (fst 0.4). A node is
//! addressed by its last byte, its *state* byte, and its other bytes lie
//! below it:
//!
//! ```text
//! state 11iiiiii  one transition to the node just below; input = common[i],
//!                 or the byte below the state when i = 0
//! state 10iiiiii  one transition: [output] [delta] sizes [input] state
//! state 0fnnnnnn  any transitions (f: final): [final output] [outputs]
//!                 [deltas] inputs [256-byte index if n > 32] sizes [n] state
//! ```
//!
//! `sizes` holds the byte width of a transition delta (high nibble) and of
//! an output (low nibble). A delta counts down from the node's first byte;
//! delta 0 is the empty final node at address 0. Per-transition fields are
//! stored last transition first.

/// Longest key accepted, in bytes. Terms are at most a few dozen bytes.
pub const MAX_KEY_BYTES: u32 = 256;
/// Most keys per byte of fst: far above what real dictionaries reach, and
/// low enough that a crafted one cannot encode millions of keys in a
/// kilobyte.
pub const MAX_KEYS_PER_BYTE: u64 = 4;

/// The fst format version that fst 0.4 writes.
const VERSION: u64 = 3;
const HEADER: usize = 16;
/// Key count, root address, checksum.
const FOOTER: usize = 20;
/// The address of the empty final node, which has no bytes.
const EMPTY: usize = 0;
/// Nodes with more transitions than this carry a 256-byte lookup table.
const INDEX_THRESHOLD: usize = 32;

/// One decoded transition.
#[derive(Debug, Clone, Copy)]
struct Transition {
    output: u64,
    target: usize,
}

/// One decoded node.
#[derive(Debug, Default)]
struct Node {
    is_final: bool,
    final_output: u64,
    transitions: Vec<Transition>,
}

/// Checks a whole fst (see the module documentation).
pub fn check(bytes: &[u8]) -> Result<(), &'static str> {
    let len = bytes.len();
    if len < HEADER + FOOTER {
        return Err("fst shorter than its header and footer");
    }
    if read_uint(bytes, 0, 8)? != VERSION {
        return Err("fst of an unknown version");
    }
    let keys = read_uint(bytes, len - FOOTER, 8)?;
    let root = usize::try_from(read_uint(bytes, len - FOOTER + 8, 8)?)
        .map_err(|_| "fst root address out of range")?;
    if usize::try_from(keys).is_err() {
        return Err("fst key count out of range");
    }
    if root == EMPTY {
        // Only the fst of the empty key has its root at the empty node.
        return if len == HEADER + FOOTER && keys == 1 {
            Ok(())
        } else {
            Err("fst root address is not the last node")
        };
    }
    if root.checked_add(FOOTER + 1) != Some(len) {
        return Err("fst root address is not the last node");
    }
    if keys > MAX_KEYS_PER_BYTE.saturating_mul(len as u64) {
        return Err("fst claims more keys than its bytes can hold");
    }

    // Every node reachable from the root, decoded once.
    let mut nodes: Vec<(usize, Node)> = Vec::new();
    let mut seen = vec![false; root + 1];
    let mut stack = vec![root];
    seen[root] = true;
    while let Some(addr) = stack.pop() {
        let node = decode(bytes, addr)?;
        for t in &node.transitions {
            // Targets lie below their node, so `seen` covers them.
            if t.target != EMPTY && !seen[t.target] {
                seen[t.target] = true;
                stack.push(t.target);
            }
        }
        nodes.push((addr, node));
    }

    // Keys, longest key and largest output from each node; children have
    // lower addresses, so rising address order visits them first.
    crate::sort::sort_by(&mut nodes, |a, b| a.0 < b.0);
    let empty = Reach {
        keys: 1,
        depth: 0,
        output: 0,
    };
    let mut reach: Vec<(usize, Reach)> = Vec::with_capacity(nodes.len());
    for (addr, node) in &nodes {
        let mut r = Reach {
            keys: u64::from(node.is_final),
            depth: 0,
            output: if node.is_final { node.final_output } else { 0 },
        };
        for t in &node.transitions {
            let below = if t.target == EMPTY {
                &empty
            } else {
                let at = reach
                    .binary_search_by_key(&t.target, |x| x.0)
                    .map_err(|_| "fst transition to an unvisited node")?;
                &reach[at].1
            };
            r.keys = r.keys.saturating_add(below.keys);
            r.depth = r.depth.max(below.depth + 1);
            let output = t
                .output
                .checked_add(below.output)
                .ok_or("fst outputs overflow")?;
            r.output = r.output.max(output);
        }
        if r.depth > MAX_KEY_BYTES {
            return Err("fst key too long");
        }
        reach.push((*addr, r));
    }
    let total = reach.last().map_or(0, |r| r.1.keys);
    if total != keys {
        return Err("fst key count differs from its footer");
    }
    Ok(())
}

/// What can be reached from a node.
struct Reach {
    keys: u64,
    /// Length in bytes of the longest key suffix.
    depth: u32,
    /// The largest sum of outputs to a final node.
    output: u64,
}

/// Decodes the node whose state byte is at `addr`; `addr` is in the node
/// area (at least [`HEADER`], at most the root).
fn decode(bytes: &[u8], addr: usize) -> Result<Node, &'static str> {
    let state = bytes[addr];
    // `below(n)`: the address `n` bytes below the state byte, which must
    // stay in the node area.
    let below = |n: usize| -> Result<usize, &'static str> {
        addr.checked_sub(n)
            .filter(|&a| a >= HEADER)
            .ok_or("fst node runs past the start of the fst")
    };
    let target = |end: usize, delta: u64| -> Result<usize, &'static str> {
        if delta == 0 {
            return Ok(EMPTY);
        }
        usize::try_from(delta)
            .ok()
            .and_then(|d| end.checked_sub(d))
            .filter(|&t| t >= HEADER)
            .ok_or("fst transition points before the first node")
    };
    let sizes = |at: usize| -> Result<(usize, usize), &'static str> {
        let s = bytes[at];
        let (delta, output) = (usize::from(s >> 4), usize::from(s & 0x0f));
        if delta > 8 || output > 8 {
            return Err("fst pack size over 8 bytes");
        }
        Ok((delta, output))
    };
    match state >> 6 {
        0b11 => {
            // One transition, to the node just below, with no output.
            let input_len = usize::from(state & 0x3f == 0);
            let end = below(input_len)?;
            let next = end.checked_sub(1).filter(|&a| a >= HEADER);
            let next = next.ok_or("fst node runs past the start of the fst")?;
            Ok(Node {
                transitions: vec![Transition {
                    output: 0,
                    target: next,
                }],
                ..Node::default()
            })
        }
        0b10 => {
            let input_len = usize::from(state & 0x3f == 0);
            let (delta_size, output_size) = sizes(below(input_len + 1)?)?;
            if delta_size == 0 {
                return Err("fst transition without an address");
            }
            let delta_at = below(input_len + 1 + delta_size)?;
            let end = below(input_len + 1 + delta_size + output_size)?;
            let output = if output_size == 0 {
                0
            } else {
                read_uint(bytes, end, output_size)?
            };
            let delta = read_uint(bytes, delta_at, delta_size)?;
            Ok(Node {
                transitions: vec![Transition {
                    output,
                    target: target(end, delta)?,
                }],
                ..Node::default()
            })
        }
        _ => decode_any(bytes, state, below, target, sizes),
    }
}

/// Decodes a node with any number of transitions (see [`decode`]).
fn decode_any(
    bytes: &[u8],
    state: u8,
    below: impl Fn(usize) -> Result<usize, &'static str>,
    target: impl Fn(usize, u64) -> Result<usize, &'static str>,
    sizes: impl Fn(usize) -> Result<(usize, usize), &'static str>,
) -> Result<Node, &'static str> {
    let is_final = state & 0x40 != 0;
    let (count, count_len) = match usize::from(state & 0x3f) {
        0 => {
            // The count is in its own byte; 1 there stands for 256, as one
            // transition would have fit in the state byte.
            let n = usize::from(bytes[below(1)?]);
            (if n == 1 { 256 } else { n }, 1)
        }
        n => (n, 0),
    };
    let (delta_size, output_size) = sizes(below(count_len + 1)?)?;
    if count > 0 && delta_size == 0 {
        return Err("fst transition without an address");
    }
    let index_size = if count > INDEX_THRESHOLD { 256 } else { 0 };
    // Offsets below the state byte of each part.
    let inputs_from = count_len + 1 + index_size;
    let deltas_from = inputs_from + count;
    let outputs_from = deltas_from + count * delta_size;
    let final_from = outputs_from + count * output_size;
    let end_from = final_from + if is_final { output_size } else { 0 };
    let end = below(end_from)?;

    let mut inputs = Vec::with_capacity(count);
    let mut transitions = Vec::with_capacity(count);
    for i in 0..count {
        let input = bytes[below(inputs_from + i + 1)?];
        if inputs.last().is_some_and(|&last| last >= input) {
            return Err("fst node inputs out of order");
        }
        inputs.push(input);
        let delta = read_uint(
            bytes,
            below(deltas_from + (i + 1) * delta_size)?,
            delta_size,
        )?;
        let output = if output_size == 0 {
            0
        } else {
            read_uint(
                bytes,
                below(outputs_from + (i + 1) * output_size)?,
                output_size,
            )?
        };
        transitions.push(Transition {
            output,
            target: target(end, delta)?,
        });
    }
    if index_size > 0 {
        let table = &bytes[below(count_len + 1 + 256)?..below(count_len + 1)?];
        for (byte, &slot) in table.iter().enumerate() {
            let slot = usize::from(slot);
            let agrees = match inputs.binary_search(&(byte as u8)) {
                Ok(i) => slot == i,
                Err(_) => slot >= count,
            };
            if !agrees {
                return Err("fst node index disagrees with its inputs");
            }
        }
    }
    let final_output = if is_final && output_size > 0 {
        read_uint(bytes, end, output_size)?
    } else {
        0
    };
    Ok(Node {
        is_final,
        final_output,
        transitions,
    })
}

/// A little-endian unsigned integer of `n` bytes (1 to 8) at `at`.
fn read_uint(bytes: &[u8], at: usize, n: usize) -> Result<u64, &'static str> {
    let field = at
        .checked_add(n)
        .and_then(|end| bytes.get(at..end))
        .filter(|f| (1..=8).contains(&f.len()))
        .ok_or("fst field out of bounds")?;
    Ok(field
        .iter()
        .rev()
        .fold(0u64, |v, &b| (v << 8) | u64::from(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(keys: &[(&str, u64)]) -> Vec<u8> {
        let mut b = fst::MapBuilder::memory();
        for (k, v) in keys {
            b.insert(k, *v).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn what_the_builder_writes_passes() {
        assert_eq!(check(&build(&[])), Ok(()));
        assert_eq!(check(&build(&[("", 0)])), Ok(()));
        assert_eq!(
            check(&build(&[("a", 1), ("ab", 300), ("b", 1 << 40)])),
            Ok(())
        );
        // Enough transitions from one node for the lookup table.
        let many: Vec<String> = (0u8..=255).map(|b| format!("{}x", b as char)).collect();
        let mut keys: Vec<(&str, u64)> = many
            .iter()
            .filter(|k| k.is_char_boundary(1))
            .map(|k| (k.as_str(), k.len() as u64))
            .collect();
        keys.sort();
        assert_eq!(check(&build(&keys)), Ok(()));
        let words = [
            "容器",
            "容器网络",
            "网络",
            "kubernetes",
            "kube-proxy",
            "k8s",
        ];
        let mut pairs: Vec<(&str, u64)> = words.iter().map(|w| (*w, w.len() as u64)).collect();
        pairs.sort();
        assert_eq!(check(&build(&pairs)), Ok(()));
    }

    #[test]
    fn damage_is_refused_or_harmless() {
        // Every single-bit flip either fails the check or leaves an fst
        // that the fst crate can walk completely.
        let mut keys: Vec<(String, u64)> = (0..60)
            .map(|i| {
                (
                    format!("{}{}", ["容器", "网络", "k8s", "集群"][i % 4], i),
                    i as u64 * 977,
                )
            })
            .collect();
        keys.sort();
        let pairs: Vec<(&str, u64)> = keys.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let good = build(&pairs);
        let mut refused = 0;
        for bit in 0..good.len() * 8 {
            let mut bad = good.clone();
            bad[bit / 8] ^= 1 << (bit % 8);
            if check(&bad).is_err() {
                refused += 1;
                continue;
            }
            use fst::{IntoStreamer, Streamer};
            let map = fst::Map::new(bad).unwrap();
            let mut stream = map.stream();
            let mut n = 0;
            while stream.next().is_some() {
                n += 1;
            }
            assert_eq!(n, map.len());
            for (k, _) in &pairs {
                let _ = map.get(k);
                let mut range = map.range().ge(k).into_stream();
                let _ = range.next();
            }
        }
        assert!(refused > good.len(), "most flips are caught: {refused}");
    }

    #[test]
    fn footer_fields_are_checked() {
        let good = build(&[("a", 1), ("b", 2)]);
        let n = good.len();
        let mut huge_root = good.clone();
        huge_root[n - 12..n - 4].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(check(&huge_root).is_err());
        let mut more_keys = good.clone();
        more_keys[n - 20] = 3;
        assert_eq!(
            check(&more_keys),
            Err("fst key count differs from its footer")
        );
        assert!(check(&good[..n - 1]).is_err());
        assert!(check(&[0; 10]).is_err());
    }
}
