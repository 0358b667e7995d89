/**
 * RFC 9162 (Certificate Transparency 2.0) Merkle tree verification, shared by the server, the
 * `lianxin audit verify` command and the browser's receipt page. The hash is passed in so that
 * the browser can use WebCrypto (async) and Node its own crypto: leaf = SHA-256(0x00 || data),
 * node = SHA-256(0x01 || left || right). Hashes travel as lowercase hex.
 */
export type Sha256 = (bytes: Uint8Array) => Promise<Uint8Array>;

export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('not lowercase hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function leafHashOf(sha256: Sha256, data: Uint8Array): Promise<string> {
  return bytesToHex(await sha256(concat(Uint8Array.of(0), data)));
}

export async function nodeHashOf(sha256: Sha256, left: string, right: string): Promise<string> {
  return bytesToHex(await sha256(concat(Uint8Array.of(1), hexToBytes(left), hexToBytes(right))));
}

/** RFC 9162 §2.1.3.2: does `proof` lead from the leaf at `index` to `root` in a tree of `size`? */
export async function verifyInclusion(
  sha256: Sha256,
  index: number,
  size: number,
  leafHash: string,
  proof: readonly string[],
  root: string,
): Promise<boolean> {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHashOf(sha256, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHashOf(sha256, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}

/** RFC 9162 §2.1.4.2: is the tree of size `second` (root `secondRoot`) an extension of `first`? */
export async function verifyConsistency(
  sha256: Sha256,
  first: number,
  second: number,
  firstRoot: string,
  secondRoot: string,
  proof: readonly string[],
): Promise<boolean> {
  if (!(first > 0 && first <= second)) return false;
  if (first === second) return proof.length === 0 && firstRoot === secondRoot;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  const [head, ...rest] = path;
  if (head === undefined) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = head;
  let sr = head;
  for (const c of rest) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHashOf(sha256, c, fr);
      sr = await nodeHashOf(sha256, c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = await nodeHashOf(sha256, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr === firstRoot && sr === secondRoot && sn === 0;
}

/** The text a checkpoint's Ed25519 signature covers (UTF-8). */
export function checkpointNote(c: { treeSize: number; rootHash: string; at: string }): string {
  return `lianxin-log-checkpoint/v1\n${c.treeSize}\n${c.rootHash}\n${c.at}\n`;
}
