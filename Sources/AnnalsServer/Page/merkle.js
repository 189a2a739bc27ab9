// The auditor's check, done in the browser with nothing from the server but bytes:
// RFC 6962 / RFC 9162 §2.1 Merkle hashing with Web Crypto SHA-256,
//   leaf hash = SHA-256(0x00 ‖ leaf)     node hash = SHA-256(0x01 ‖ left ‖ right),
// inclusion and consistency proofs verified as RFC 9162 §2.1.3.2 and §2.1.4.2
// describe, and C2SP tlog-checkpoint texts parsed. Sizes and indexes are BigInt:
// JavaScript's bit operators work on 32 bits, and a log can pass 2^32 records.
// Web Crypto exists only in a secure context (https, or a loopback address).

const subtle = () => {
  if (!globalThis.crypto || !globalThis.crypto.subtle) {
    throw new Error('浏览器未提供 Web Crypto（仅在 https 或本机地址下可用），无法核验');
  }
  return globalThis.crypto.subtle;
};

async function sha256(...parts) {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return new Uint8Array(await subtle().digest('SHA-256', bytes));
}

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

/** SHA-256(0x00 ‖ leaf): the hash of a leaf's bytes. */
export function leafHash(leaf) { return sha256(LEAF, leaf); }

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left, right) { return sha256(NODE, left, right); }

export function fromHex(text) {
  const clean = String(text).trim();
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`不是十六进制：${clean.slice(0, 16)}…`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromBase64(text) {
  const binary = atob(String(text).trim());
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A hash given as 64 hex digits or as base64 (checkpoints use base64, proof files hex). */
export function hash(text) {
  const clean = String(text).trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(clean) ? fromHex(clean) : fromBase64(clean);
  if (bytes.length !== 32) throw new Error(`哈希值应为32字节，实为${bytes.length}字节`);
  return bytes;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** A failed check: what failed, in words an auditor can act on. */
export class ProofError extends Error {}

/**
 * Checks that the leaf with hash `leaf` is number `index` in the tree of `size`
 * leaves whose root is `root` (RFC 9162 §2.1.3.2). Resolves to true, or throws a
 * ProofError saying why not.
 */
function check32(bytes, what) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new ProofError(`${what}应为32字节的哈希值，实为${bytes ? bytes.length : 0}字节`);
  }
}

export async function verifyInclusion(index, size, leaf, proof, root) {
  check32(leaf, '叶哈希');
  check32(root, '根哈希');
  proof.forEach((p, i) => check32(p, `审计路径第${i + 1}项`));
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  if (BigInt(index) >= BigInt(size)) throw new ProofError(`序号 ${index} 不小于树的大小 ${size}`);
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw new ProofError('证明路径过长');
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofError('证明路径过短');
  if (!equal(r, root)) throw new ProofError(`由证明算出的根 ${toHex(r)} 与检查点的根 ${toHex(root)} 不符`);
  return true;
}

/**
 * Checks that the tree of `size2` leaves (root `root2`) extends the tree of `size1`
 * leaves (root `root1`) (RFC 9162 §2.1.4.2).
 */
export async function verifyConsistency(size1, size2, proof, root1, root2) {
  const n1 = BigInt(size1);
  const n2 = BigInt(size2);
  // An empty tree has no root to be consistent with: nothing to prove.
  if (n1 === 0n) throw new ProofError('前一检查点为空树，无从证明一致性');
  if (n2 < n1) throw new ProofError(`后一检查点的大小 ${size2} 小于前一检查点的 ${size1}`);
  if (n1 === n2) {
    if (proof.length > 0) throw new ProofError('大小相同的两个检查点不应带证明');
    if (!equal(root1, root2)) throw new ProofError('大小相同而根不同：日志被改写');
    return true;
  }
  check32(root1, '前一检查点的根哈希');
  check32(root2, '后一检查点的根哈希');
  proof.forEach((p, i) => check32(p, `一致性证明第${i + 1}项`));
  if (proof.length === 0) throw new ProofError('缺少一致性证明');
  let path = proof;
  // When size1 is a power of two, the old root is itself a node of the new tree
  // and the proof leaves it out.
  if ((n1 & (n1 - 1n)) === 0n) path = [root1, ...proof];
  let fn = n1 - 1n;
  let sn = n2 - 1n;
  while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) throw new ProofError('证明路径过长');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofError('证明路径过短');
  if (!equal(fr, root1)) throw new ProofError('证明算出的旧根与前一检查点不符');
  if (!equal(sr, root2)) throw new ProofError('证明算出的新根与后一检查点不符');
  return true;
}

/**
 * A C2SP tlog-checkpoint: origin line, decimal size, base64 root hash, optional
 * extension lines, then an empty line and the signature lines ("— name base64").
 */
export function parseCheckpoint(text) {
  const lines = String(text).replace(/\r\n/g, '\n').replace(/^\s+/, '').split('\n');
  const blank = lines.indexOf('');
  const body = blank === -1 ? lines : lines.slice(0, blank);
  if (body.length < 3) throw new ProofError('检查点应至少有三行：来源、大小、根哈希');
  const [origin, sizeLine, rootLine] = body;
  if (!/^[0-9]+$/.test(sizeLine)) throw new ProofError(`检查点第2行应为十进制的大小，实为“${sizeLine}”`);
  let root;
  try { root = fromBase64(rootLine); } catch { throw new ProofError('检查点第3行不是 base64 编码的根哈希'); }
  if (root.length !== 32) throw new ProofError(`检查点的根哈希应为32字节，实为${root.length}字节`);
  const signatures = (blank === -1 ? [] : lines.slice(blank + 1))
    .filter((l) => l.startsWith('— '))
    .map((l) => {
      const [, name, sig] = l.split(' ');
      return { name, signature: sig };
    });
  return { origin, size: BigInt(sizeLine), root, extensions: body.slice(3), signatures };
}
