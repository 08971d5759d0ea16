// bench/peers/report.js: turn the measurements of bench/peers/run.sh into
// bench/results.md and print the table with BENCH lines. Arguments (all
// from run.sh): RESULTS.jsonl SUITES.txt OUT.md DATE LOAD_START LOAD_PEERS
// LOAD_END CORPUS MB LORE_VERSION NODE_VERSION.
'use strict';
const fs = require('fs');
const os = require('os');

const [resPath, suitesPath, outPath, date, loadStart, loadPeers, loadEnd, corpus, mb,
  loreVersion, nodeVersion] = process.argv.slice(2);

const rows = fs.readFileSync(resPath, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
const timing = {};   // tool -> task -> row
const evals = {};    // tool -> task -> metrics
for (const r of rows) {
  if (r.eval) (evals[r.tool] = evals[r.tool] || {})[r.task] = r.eval.metrics;
  else (timing[r.tool] = timing[r.tool] || {})[r.task] = r;
}

// {======================================================================
// Machine
// =======================================================================
const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
const model = (cpuinfo.match(/^model name\s*:\s*(.*)$/m) || [])[1] || os.cpus()[0].model;
const cores = (cpuinfo.match(/^processor\s*:/gm) || []).length;
const memKiB = Number((fs.readFileSync('/proc/meminfo', 'utf8').match(/^MemTotal:\s*(\d+)/m) || [])[1]);
const machine = `${model}, ${cores} cores, ${(memKiB / 1048576).toFixed(1)} GiB RAM (/proc/cpuinfo, /proc/meminfo); ` +
  `Linux ${os.release()}`;

// }======================================================================

const fmt = (x, d = 1) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));
const mbs = (r) => (r && r.supported ? r.bytes / 1e6 / r.cpu_s : undefined);
const extractMbs = (r) => (r ? r.bytes / 1e6 / (r.cpu_s - r.startup_cpu_s) : undefined);

const TASKS = [
  { task: 'tokens', title: 'tokens', lore: 'tokens', peers: { compromise: 'tokens', wink: 'tokens' } },
  { task: 'sentences', title: 'tokens + sentences', lore: 'tokens', peers: { compromise: 'tokens', wink: 'sentences' } },
  { task: 'entities', title: 'people, places, organisations', lore: 'entities', peers: { compromise: 'entities', wink: 'entities' }, gold: 'entities' },
  { task: 'quotes', title: 'quotations', lore: 'quotes', peers: { compromise: 'quotes', wink: 'quotes' }, gold: 'quotes.any' },
  { task: 'figures', title: 'numbers, money, percent', lore: 'figures', peers: { compromise: 'figures', wink: 'figures' }, gold: 'figures' },
];

// Correct items on the gold sample: "lenient (exact)" true positives.
function correct (tool, task, prefix) {
  const m = evals[tool] && evals[tool][task];
  if (!m || !prefix) return { text: 'n/a' };
  const len = m[`${prefix}.lenient.tp`], ex = m[`${prefix}.exact.tp`], gold = m[`${prefix}.gold`];
  let text = `${len} (${ex})`;
  if (prefix === 'quotes.any' && m['quotes.any.speaker'] !== undefined) {
    text += `, speaker right: ${Math.round(m['quotes.any.speaker'] * len)}`;
  }
  return { text, len, gold, found: m[`${prefix}.found`] };
}

const bench = [];
const detail = [];
const summary = [];
let allMet = true;
for (const t of TASKS) {
  const lore = timing.lore && timing.lore[t.lore];
  const loreMbs = mbs(lore);
  const ext = timing['lore-extract'] && timing['lore-extract'][t.lore];
  const extMbs = extractMbs(ext);
  let fastest = null;
  for (const [tool, ptask] of Object.entries(t.peers)) {
    const r = timing[tool] && timing[tool][ptask];
    if (!r || !r.supported) continue;
    const v = mbs(r);
    bench.push(`BENCH peers_${t.task}_${tool}_mb_s ${fmt(v, 3)} MB/s`);
    const cp = correct(tool, ptask, t.gold), cl = correct('lore', t.lore, t.gold);
    detail.push(`| ${t.title} | ${tool} ${r.version} | ${fmt(v, 2)} | ${fmt(loreMbs, 1)} | ${fmt(loreMbs / v, 1)}x | ` +
      `${r.items} | ${lore ? lore.items : 'n/a'} | ${cp.text} | ${cl.text} | ${cp.gold !== undefined ? cp.gold : 'n/a'} |`);
    if (!fastest || v > fastest.v) fastest = { tool, v, r, cp, cl };
  }
  bench.push(`BENCH peers_${t.task}_lore_mb_s ${fmt(loreMbs, 3)} MB/s`);
  if (extMbs !== undefined) bench.push(`BENCH peers_${t.task}_lore_extract_mb_s ${fmt(extMbs, 3)} MB/s`);
  if (!fastest) continue;
  const ratio = loreMbs / fastest.v, extRatio = extMbs / fastest.v;
  bench.push(`BENCH peers_${t.task}_ratio ${fmt(ratio, 2)} ratio`);
  if (extMbs !== undefined) bench.push(`BENCH peers_${t.task}_extract_ratio ${fmt(extRatio, 2)} ratio`);
  const speedMet = ratio >= 10;
  const extMet = extRatio >= 10;
  let goldMet = 'n/a (no gold)';
  if (t.gold) goldMet = fastest.cl.len >= fastest.cp.len ? `yes (${fastest.cl.len} vs ${fastest.cp.len})` : `NO (${fastest.cl.len} vs ${fastest.cp.len})`;
  if (!speedMet || goldMet.startsWith('NO')) allMet = false;
  summary.push(`| ${t.title} | ${fastest.tool} | ${fmt(fastest.v, 2)} | ${fmt(loreMbs, 1)} | **${fmt(ratio, 1)}x** | ` +
    `${fmt(extMbs, 1)} | ${fmt(extRatio, 1)}x | ${speedMet ? 'yes' : 'NO'} / ${extMet ? 'yes' : 'NO'} | ${goldMet} |`);
}

// {======================================================================
// The suites (scaling, memory): their output, BENCH lines as a table
// =======================================================================
let suites = fs.existsSync(suitesPath) ? fs.readFileSync(suitesPath, 'utf8') : '';
const suiteBench = suites.split('\n').filter((l) => l.startsWith('BENCH '));

// }======================================================================

const corpusDocs = timing.lore && timing.lore.tokens ? timing.lore.tokens.docs : '?';
const corpusBytes = timing.lore && timing.lore.tokens ? timing.lore.tokens.bytes : '?';
const winkRow = timing.wink && (timing.wink.figures || timing.wink.tokens);
const compRow = timing.compromise && timing.compromise.tokens;
const cfg = (tool, task) => (timing[tool] && timing[tool][task] && timing[tool][task].config) || 'not supported';

const md = [];
md.push('# lore benchmark results');
md.push('');
md.push('Generated by `make bench-peers` (bench/peers/run.sh, bench/peers/report.js); do not edit by hand.');
md.push('');
md.push(`- Date: ${date}`);
md.push(`- Machine: ${machine}`);
md.push(`- Load average (1, 5, 15 min): ${loadStart} at the start, ${loadPeers} after the peer runs, ${loadEnd} at the end ` +
  '(the machine is shared: CPU time, not wall time, is used for the one-core figures)');
md.push(`- Versions: ${loreVersion}; node ${nodeVersion}; compromise ${compRow ? compRow.version : '?'}; ` +
  `wink-nlp ${winkRow ? winkRow.version : '?'} (npm registry, pinned in bench/peers/package-lock.json)`);
md.push(`- Corpus: \`${corpus}\`, ${corpusDocs} documents, ${(corpusBytes / 1e6).toFixed(1)} MB of text: the sample ` +
  `articles of corpus/ repeated, paragraph order varied per copy (bench/make_corpus.lua ... ${mb}). ` +
  `${mb} MB rather than the 64 MB of make bench because the peers are slow.`);
md.push('- Gold: tests/data/gold_000-002.jsonl (3 documents; the bundled rules were written on these, so lore\'s ' +
  'score there is an upper bound), scored by `lore eval --pred` for every tool.');
md.push('');
md.push('## lore against the fastest peer, one core');
md.push('');
md.push('| task | fastest peer | peer MB/s | lore MB/s (in memory) | ratio | lore extract -j1 MB/s (end to end) | ratio | 10x target (in memory / end to end) | at least as many correct items |');
md.push('|---|---|---|---|---|---|---|---|---|');
md.push(...summary);
md.push('');
md.push(`Every target met (10x in memory, as many correct items): ${allMet ? 'yes' : 'NO'}. ` +
  'In memory is the like-for-like comparison (the peers too get their documents in memory and keep their ' +
  'results there); end to end, lore also decodes JSON lines and writes every span as JSON.');
md.push('');
md.push('## Every peer');
md.push('');
md.push('Items are counted over the whole corpus; correct items are the true positives on the gold sample, ' +
  'lenient (overlapping span, same label or kind) and, in parentheses, exact (same offsets and label); ' +
  'quotes are matched ignoring their type.');
md.push('');
md.push('| task | peer | peer MB/s | lore MB/s | ratio | peer items | lore items | peer correct | lore correct | gold items |');
md.push('|---|---|---|---|---|---|---|---|---|---|');
md.push(...detail);
md.push('');
md.push('## How it was measured');
md.push('');
md.push(`- One core: node runs the libraries on its one JavaScript thread; lore runs single-threaded. MB/s = ` +
  `bytes of text / CPU time (user+sys of the whole process, so node's garbage-collector and compiler threads ` +
  `count too) of the best of ${timing.lore && timing.lore.tokens ? timing.lore.tokens.runs : 3} runs.`);
md.push('- Only the processing is timed: every tool first reads the documents and loads its library, model or rules; ' +
  'then each run processes every document and takes what a user would take away (the items with their offsets, ' +
  'or the token count).');
md.push('- lore in memory: `lore run bench/peers/lore_task.lua` builds each document with `lore.doc` (tokens, sentences, ' +
  'paragraphs), runs the rules and takes the layer with `doc:columns`. Rules per task: tokens none; entities ' +
  'boilerplate + entities; quotes boilerplate + entities + quotes; figures boilerplate + figures (rules/).');
md.push('- lore extract end to end: `lore extract -j1 -q -r RULES... CORPUS > /dev/null` (JSON lines read, all ' +
  'output JSON written; tokens: an empty rule file), best CPU time of the runs, minus the CPU time of the same ' +
  'command on one document (start-up: loading the rules in the main state and the worker).');
for (const tool of ['compromise', 'wink']) {
  const tasks = ['tokens', 'sentences', 'entities', 'quotes', 'figures'];
  md.push(`- ${tool}: ` + tasks.map((k) => `${k}: ${tool === 'compromise' && k === 'sentences'
    ? 'the tokens run (nlp.tokenize always splits sentences)' : cfg(tool, k)}`).join('; ') + '.');
}
md.push('- Figures: compromise has no dates without the compromise-dates plugin (not installed; the task is numbers, ' +
  'money, percent), so its correct items lack dates and durations; wink-nlp\'s entity types are mapped ' +
  'MONEY->money, PERCENT->percent, CARDINAL->quantity, ORDINAL->ordinal, DATE/TIME->date, DURATION->duration. ' +
  'wink-nlp recognises no people, places, organisations or quotations.');
md.push('');
if (suites.trim() !== '') {
  md.push('## Scaling and memory (bench/suites/scaling.sh, memory.sh)');
  md.push('');
  md.push('| figure | value | unit |');
  md.push('|---|---|---|');
  for (const l of suiteBench) {
    const [, name, value, unit] = l.split(/\s+/);
    md.push(`| ${name} | ${value} | ${unit || ''} |`);
  }
  md.push('');
  md.push('Output of the suites:');
  md.push('');
  md.push('```');
  md.push(suites.trimEnd());
  md.push('```');
  md.push('');
}
fs.writeFileSync(outPath, md.join('\n'));

// stdout: the summary table and the BENCH lines
console.log(`corpus ${corpus}: ${corpusDocs} documents, ${corpusBytes} bytes; one core, CPU time, best of runs`);
console.log('task | fastest peer | peer MB/s | lore MB/s | ratio | lore extract MB/s | ratio | 10x (in memory / end to end) | correct items');
for (const l of summary) console.log(l.replace(/\*\*/g, '').replace(/^\| | \|$/g, ''));
for (const l of bench) console.log(l);
for (const l of suiteBench) console.log(l);
console.log(`results written to ${outPath}`);
