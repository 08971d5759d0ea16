// bench/peers/peer.js: run one JavaScript NLP library on one task over a
// corpus of JSON lines ({"id":..., "text":...}) and print one JSON object
// with the timing and the item counts. Run by bench/peers/run.sh.
//
//   node peer.js TOOL TASK CORPUS.jsonl [RUNS] [PRED.jsonl]
//
// TOOL is compromise or wink; TASK is tokens, sentences (tokens and
// sentences: wink's 'sbd' pipe; compromise always splits sentences, so its
// tokens task is both), entities, quotes or figures.
// Only the processing is timed: reading the corpus, loading the library
// and its model, and writing PRED are not. Each run processes every
// document and materialises what a user would take away (the items and
// their offsets); the best run (least CPU time, user+sys of this process,
// garbage collector threads included) is reported, with its wall time.
// PRED, when given, receives the items of the last run in the format of
// `lore extract` (byte offsets, the labels of docs/guidelines.md), so
// that `lore eval --pred` scores peers and lore with the same scorer.
'use strict';
const fs = require('fs');

const [tool, task, corpusPath, runsArg, predPath] = process.argv.slice(2);
const RUNS = Number(runsArg || 3);
if (!tool || !task || !corpusPath) {
  process.stderr.write('usage: node peer.js TOOL TASK CORPUS.jsonl [RUNS] [PRED.jsonl]\n');
  process.exit(2);
}

const docs = fs.readFileSync(corpusPath, 'utf8').split('\n').filter((l) => l !== '')
  .map((l) => { const r = JSON.parse(l); return { id: r.id, text: r.text }; });
let bytes = 0;
const path = require('path');
// The version of an installed package (its package.json, found from its
// main file: compromise's "exports" do not export package.json).
function pkgVersion (name) {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const f = path.join(dir, 'package.json');
    if (fs.existsSync(f)) {
      const p = JSON.parse(fs.readFileSync(f, 'utf8'));
      if (p.name === name) return p.version;
    }
    const up = path.dirname(dir);
    if (up === dir) return '?';
    dir = up;
  }
}
for (const d of docs) bytes += Buffer.byteLength(d.text, 'utf8');

// Each task function takes a text and returns its items as
// {start, end, label} in UTF-16 code units (null when only counted).
function compromiseTasks () {
  const nlp = require('compromise');
  // A view's offset includes the punctuation around its words ("- Putin,",
  // quote marks): the span is its first word to its last one.
  const spans = (view, label, out) => {
    for (const m of view.out('offset')) {
      const t = m.terms;
      if (t.length === 0) continue;
      const a = t[0].offset, b = t[t.length - 1].offset;
      out.push({ start: a.start, end: b.start + b.length, label });
    }
    return out;
  };
  return {
    version: pkgVersion('compromise'),
    config: {
      tokens: 'nlp.tokenize(text) (tokens and sentences, no tagging), termList()',
      entities: 'nlp(text): people(), places(), organizations(), out(offset)',
      quotes: 'nlp(text).quotations(), out(offset)',
      figures: 'nlp(text): numbers(), money(), percentages(), out(offset) (compromise-dates not installed)',
    },
    tokens (text) {
      const d = nlp.tokenize(text);
      return { count: d.termList().length, sentences: d.length };
    },
    entities (text) {
      const d = nlp(text);
      const out = [];
      spans(d.people(), 'PERSON', out);
      spans(d.places(), 'PLACE', out);
      spans(d.organizations(), 'ORG', out);
      return { items: out };
    },
    quotes (text) {
      return { items: spans(nlp(text).quotations(), 'direct', []) };
    },
    figures (text) {
      const d = nlp(text);
      const kind = new Map();
      for (const s of spans(d.money(), 'money', [])) kind.set(s.start, 'money');
      for (const s of spans(d.percentages(), 'percent', [])) kind.set(s.start, 'percent');
      const out = spans(d.numbers(), 'quantity', []);
      const ords = new Set(spans(d.numbers().isOrdinal(), 'ordinal', []).map((s) => s.start));
      for (const s of out) {
        if (kind.has(s.start)) s.label = kind.get(s.start);
        else if (ords.has(s.start)) s.label = 'ordinal';
      }
      // money and percentages that numbers() does not return
      const seen = new Set(out.map((s) => s.start));
      for (const [start, k] of kind) if (!seen.has(start)) out.push({ start, end: start, label: k, missing: true });
      return { items: out.filter((s) => !s.missing) };
    },
  };
}

function winkTasks () {
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const tok = winkNLP(model, []);
  const sbd = winkNLP(model, ['sbd']);
  const ner = winkNLP(model, ['ner']);
  const its = tok.its;
  // The entity recogniser's types that are figures (docs/guidelines.md).
  const KIND = { MONEY: 'money', PERCENT: 'percent', CARDINAL: 'quantity', ORDINAL: 'ordinal',
                 DATE: 'date', TIME: 'date', DURATION: 'duration' };
  return {
    version: pkgVersion('wink-nlp') + ' (model ' +
             pkgVersion('wink-eng-lite-web-model') + ')',
    config: {
      tokens: 'winkNLP(model, []).readDoc(text) (tokens only), tokens().length()',
      sentences: "winkNLP(model, ['sbd']).readDoc(text) (tokens and sentences), tokens().length()",
      figures: "winkNLP(model, ['ner']).readDoc(text).entities(): MONEY PERCENT CARDINAL ORDINAL DATE TIME DURATION",
    },
    tokens (text) {
      return { count: tok.readDoc(text).tokens().length() };
    },
    sentences (text) {
      const d = sbd.readDoc(text);
      return { count: d.tokens().length(), sentences: d.sentences().length() };
    },
    figures (text) {
      const d = ner.readDoc(text);
      const spans = d.entities().out(its.span);
      const types = d.entities().out(its.type);
      const items = [];
      for (let i = 0; i < spans.length; i++) {
        const k = KIND[types[i]];
        if (k) items.push({ tok: spans[i], label: k });
      }
      return { items, doc: d };
    },
    // wink gives token indexes: the character offsets are found by
    // walking the tokens through the text (not timed, PRED only).
    offsets (text, res) {
      const toks = res.doc.tokens().out();
      const pos = [];
      let at = 0;
      for (const t of toks) {
        const i = text.indexOf(t, at);
        if (i < 0) { pos.push([at, at]); continue; }
        pos.push([i, i + t.length]);
        at = i + t.length;
      }
      return res.items.map((s) => ({ start: pos[s.tok[0]][0], end: pos[s.tok[1]][1], label: s.label }));
    },
  };
}

const T = tool === 'compromise' ? compromiseTasks() : tool === 'wink' ? winkTasks() : null;
if (!T) { process.stderr.write(`unknown tool ${tool}\n`); process.exit(2); }
if (!T[task]) {
  process.stdout.write(JSON.stringify({ tool, task, supported: false }) + '\n');
  process.exit(0);
}

let best = null;
let last = null;
for (let r = 0; r < RUNS; r++) {
  const results = new Array(docs.length);
  let items = 0, sentences = 0;
  const c0 = process.cpuUsage();
  const w0 = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i++) {
    const res = T[task](docs[i].text);
    items += res.items ? res.items.length : res.count;
    if (res.sentences) sentences += res.sentences;
    if (predPath) results[i] = res;
  }
  const w1 = process.hrtime.bigint();
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  const wall = Number(w1 - w0) / 1e9;
  process.stderr.write(`  ${tool} ${task} run ${r + 1}: ${cpu.toFixed(2)} s CPU, ${wall.toFixed(2)} s wall\n`);
  if (!best || cpu < best.cpu) best = { cpu, wall, items, sentences };
  last = results;
}

if (predPath && task !== 'tokens' && task !== 'sentences') {
  const layer = task === 'quotes' ? 'quotes' : task === 'figures' ? 'figures' : 'entities';
  const key = task === 'quotes' ? 'type' : task === 'figures' ? 'kind' : 'label';
  const lines = [];
  docs.forEach((d, i) => {
    const res = last[i];
    const items = T.offsets ? T.offsets(d.text, res) : res.items;
    const b = (n) => Buffer.byteLength(d.text.slice(0, n), 'utf8');
    const spans = items.map((s) => {
      const start = b(s.start), end = b(s.end);
      const o = { start, end, text: Buffer.from(d.text, 'utf8').subarray(start, end).toString('utf8') };
      o[key] = s.label;
      if (layer === 'quotes') o.speaker = null;
      return o;
    });
    lines.push(JSON.stringify({ id: d.id, [layer]: spans }));
  });
  fs.writeFileSync(predPath, lines.join('\n') + '\n');
}

process.stdout.write(JSON.stringify({
  tool, task, supported: true, version: T.version, config: T.config[task], docs: docs.length, bytes,
  runs: RUNS, cpu_s: best.cpu, wall_s: best.wall, items: best.items, sentences: best.sentences,
  mb_s: bytes / 1e6 / best.cpu,
}) + '\n');
