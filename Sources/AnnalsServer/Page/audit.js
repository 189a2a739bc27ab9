// 审计核验: an auditor at another institution checks, in their own browser, that a
// record is in the log they hold a checkpoint of. They paste the checkpoint they
// kept outside this system (C2SP tlog-checkpoint text: origin, size, root); the
// page fetches the inclusion proof for a position at that size, and recomputes the
// root with Web Crypto SHA-256 (merkle.js). Nothing the server says is trusted
// except the hashes, and those must add up to the pasted root. When the server
// also offers a consistency proof, the page checks that today's log extends the
// pasted one.

import { h, fill } from './dom.js';
import * as api from './api.js';
import { link } from './route.js';
import { count } from './format.js';
import {
  parseCheckpoint, verifyInclusion, verifyConsistency, hash, leafHash, fromHex, toHex, ProofError,
} from './merkle.js';

function checkpointFacts(cp) {
  return h('dl', { class: 'facts two' },
    h('dt', null, '来源'), h('dd', null, cp.origin),
    h('dt', null, '记录数'), h('dd', { dataset: { size: String(cp.size) } }, count(Number(cp.size))),
    h('dt', null, '根哈希'), h('dd', { class: 'code' }, toHex(cp.root)),
    h('dt', null, '签名'), h('dd', null, cp.signatures.length ? cp.signatures.map((s) => s.name).join('、') : '（未签名）'));
}

function proofList(proof) {
  const list = proof.proof || proof.hashes || proof.path || [];
  return list.map(hash);
}

async function runCheck(trustedText, index, out) {
  const steps = [];
  const say = (text) => steps.push(h('li', null, text));
  const verdict = (pass, text) => fill(out,
    h('div', { class: `verdict ${pass ? 'pass' : 'fail'}`, id: 'verdict', dataset: { verdict: pass ? 'pass' : 'fail' } }, text),
    h('ol', { class: 'steps' }, steps));
  let trusted;
  try {
    trusted = parseCheckpoint(trustedText);
  } catch (e) {
    return verdict(false, `检查点无法读取：${e.message}`);
  }
  say(`您的检查点：${trusted.origin}，${count(Number(trusted.size))} 条记录，根 ${toHex(trusted.root)}`);
  if (BigInt(index) >= trusted.size) {
    return verdict(false, `位置 ${index} 不在该检查点的 ${trusted.size} 条记录之内。`);
  }
  let proof;
  try {
    proof = await api.get('/api/v1/proof/inclusion', { position: index, size: String(trusted.size) });
  } catch (e) {
    return verdict(false, `服务器未能提供包含证明：${e.message}`);
  }
  try {
    const treeSize = BigInt(proof.tree_size ?? proof.size ?? trusted.size);
    if (treeSize !== trusted.size) throw new ProofError(`证明针对 ${treeSize} 条记录的树，而检查点为 ${trusted.size} 条`);
    if (BigInt(proof.index ?? index) !== BigInt(index)) throw new ProofError(`证明针对位置 ${proof.index}，而非 ${index}`);
    let leaf = hash(proof.leaf_hash);
    const header = proof.leaf ?? proof.header ?? proof.record_header;
    if (header) {
      const computed = await leafHash(fromHex(header));
      if (toHex(computed) !== toHex(leaf)) throw new ProofError('记录头的哈希与证明中的叶哈希不符');
      say(`叶哈希 = SHA-256(0x00 ‖ 记录头) = ${toHex(computed)}（已在浏览器中计算）`);
      leaf = computed;
    } else {
      say(`叶哈希（服务器提供）：${toHex(leaf)}`);
    }
    const path = proofList(proof);
    say(`审计路径 ${path.length} 个哈希：${path.map((p) => toHex(p).slice(0, 12)).join(' → ')}`);
    await verifyInclusion(BigInt(index), trusted.size, leaf, path, trusted.root);
    say('由叶哈希和审计路径逐层计算（SHA-256(0x01 ‖ 左 ‖ 右)），所得的根与您的检查点一致。');
  } catch (e) {
    return verdict(false, `核验未通过：${e.message}`);
  }

  // Whether the log as it stands today extends the pasted one (when the server offers the proof).
  try {
    const current = parseCheckpoint(await api.get('/api/v1/checkpoint'));
    if (current.size >= trusted.size) {
      const consistency = await api.get('/api/v1/proof/consistency', { from: String(trusted.size), to: String(current.size) });
      await verifyConsistency(trusted.size, current.size, proofList(consistency), trusted.root, current.root);
      say(`一致性：当前日志（${count(Number(current.size))} 条）是您检查点的延续，此前的记录未被改写或删除。`);
    } else {
      say(`注意：当前日志只有 ${current.size} 条记录，少于您的检查点。`);
    }
  } catch (e) {
    if (e instanceof ProofError) return verdict(false, `包含证明通过，但一致性核验未通过：${e.message}`);
    say(`（未核验一致性：${e.message}）`);
  }
  return verdict(true, `核验通过：位置 ${index} 的记录包含在您保存的检查点（${count(Number(trusted.size))} 条记录）所代表的日志中。`);
}

export async function auditView(params) {
  let currentText = '';
  let current = null;
  let problem = null;
  try {
    currentText = await api.get('/api/v1/checkpoint');
    current = parseCheckpoint(currentText);
  } catch (e) {
    problem = e.message;
  }
  const trusted = h('textarea', {
    id: 'trusted-checkpoint', rows: 6, spellcheck: 'false',
    placeholder: '粘贴您在本系统之外保存的检查点全文（来源、记录数、根哈希及签名行）',
  });
  trusted.value = params.get('checkpoint') || '';
  const index = h('input', { type: 'number', id: 'leaf-index', min: 0, value: params.get('index') || '0' });
  const out = h('div', { id: 'audit-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'audit-form' },
    h('label', null, '您保存的检查点', trusted),
    h('div', { class: 'toolbar' },
      h('label', null, '记录位置', index),
      h('button', { type: 'submit', class: 'primary' }, '核验')),
    out);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    history.replaceState(null, '', link('audit', { index: index.value, checkpoint: trusted.value.trim() }));
    document.body.dataset.ready = 'false';
    fill(out, h('p', { class: 'loading' }, '正在核验……'));
    await runCheck(trusted.value, index.value, out).catch((e) => fill(out, h('p', { class: 'error' }, e.message)));
    document.body.dataset.ready = 'true';
  });
  if (trusted.value) setTimeout(() => form.requestSubmit(), 0);

  return h('div', { id: 'audit' },
    h('h1', null, '审计核验'),
    h('p', { class: 'muted' }, '在您自己的浏览器中核验：某条记录是否包含在您保存的检查点所代表的日志中。计算按 RFC 6962 进行，哈希在本页用 Web Crypto 计算，不依赖服务器的结论。'),
    h('div', { class: 'audit-grid' },
      h('section', { class: 'panel' },
        h('h2', null, '服务器当前的检查点'),
        problem ? h('p', { class: 'error' }, problem) : [
          h('pre', { class: 'checkpoint', id: 'current-checkpoint' }, currentText),
          checkpointFacts(current),
          h('button', {
            type: 'button', id: 'use-current',
            on: { click: () => { trusted.value = currentText; trusted.focus(); } },
          }, '以此为待核验检查点'),
          h('p', { class: 'muted' }, '请将检查点保存在本系统之外（例如交由另一机构保存）；日后粘贴回来核验，即可发现其后的任何改写。'),
        ]),
      h('section', { class: 'panel' }, h('h2', null, '核验包含证明'), form)),
    h('p', { class: 'muted' }, h('a', { href: link('audit', {}) }, '清空')));
}
