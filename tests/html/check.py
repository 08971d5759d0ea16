#!/usr/bin/env python3
"""tests/html/check.py: checks of `lore report --html` pages in headless
Chromium (driven through tests/html/cdp.py).

    check.py SHOTDIR MODE:PAGE:RECORDS.jsonl...

MODE is corpus (the sample corpus), hostile (a generated document full of
markup), or notext (a report --from records without text). RECORDS is the
`lore extract` output of the same inputs: the page must mark exactly its
spans. Prints "ok NAME" or "FAIL NAME: detail" per check; exits 0 unless
the browser could not be driven at all.
"""
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CDPError  # noqa: E402

results = []


def check(name, ok, detail=""):
    results.append(ok)
    if ok:
        print("ok %s" % name)
    else:
        print("FAIL %s: %s" % (name, str(detail)[:600]))
    sys.stdout.flush()


def records(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
    return out


def expected_counts(recs):
    labels, quotes, figures, mentions = {}, 0, 0, 0
    for r in recs:
        for e in r.get("entities") or []:
            labels[e.get("label") or "MISC"] = labels.get(e.get("label") or "MISC", 0) + 1
        quotes += len(r.get("quotes") or [])
        figures += len(r.get("figures") or [])
        bp = r.get("boilerplate") or []
        for m in r.get("mentions") or []:
            if not any(m["start"] >= b["start"] and m["end"] <= b["end"] for b in bp):
                mentions += 1
    return labels, quotes, figures, mentions


# Counts of the marks in the document sections (continuation pieces of a
# mark split around another are not counted).
MARKS_JS = r"""(() => {
  const by = {};
  for (const e of document.querySelectorAll('section.doc .text .e:not(.cont)')) {
    const l = e.getAttribute('data-label'); by[l] = (by[l] || 0) + 1;
  }
  return {labels: by,
          quotes: document.querySelectorAll('section.doc .text .q:not(.cont)').length,
          figures: document.querySelectorAll('section.doc .text .f:not(.cont)').length,
          mentions: document.querySelectorAll('section.doc .text .m:not(.cont)').length,
          docs: Array.from(document.querySelectorAll('section.doc')).map(s => s.getAttribute('data-doc'))};
})()"""

LINKS_JS = r"""(() => {
  const bad = [];
  let n = 0;
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    n++;
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (!document.getElementById(id)) bad.push(a.getAttribute('href'));
  }
  return {n, bad: bad.slice(0, 5), nbad: bad.length};
})()"""

SAFETY_JS = r"""(() => {
  const onattr = [];
  for (const el of document.querySelectorAll('*'))
    for (const a of el.attributes) if (/^on/i.test(a.name)) onattr.push(el.tagName + ' ' + a.name);
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href)
    .filter(h => !/^(https?|file):/i.test(h));
  return {pwned: typeof window.pwned, scripts: document.scripts.length, onattr,
          bad: document.querySelectorAll('body img, body iframe, body textarea, body style, body object, ' +
                                         'body embed, body form, body input:not([type=checkbox])').length,
          links, srcs: document.querySelectorAll('[src]').length,
          hidden: getComputedStyle(document.body).display === 'none'};
})()"""

# Sorting: a click on a header sorts the column, a second reverses it.
SORT_JS = r"""(() => {
  const t = document.getElementById('entity-table');
  const ths = t.tHead.rows[0].cells;
  const col = i => Array.from(t.tBodies[0].rows).map(r => r.cells[i].getAttribute('data-sort') ?? r.cells[i].textContent);
  const num = i => col(i).map(Number);
  const sorted = (a, cmp) => a.every((x, k) => k === 0 || cmp(a[k - 1], x) <= 0);
  ths[2].click();
  const asc = sorted(num(2), (x, y) => x - y) && ths[2].getAttribute('aria-sort') === 'ascending';
  ths[2].click();
  const desc = sorted(num(2), (x, y) => y - x) && ths[2].getAttribute('aria-sort') === 'descending';
  ths[0].click();
  const names = col(0);
  const alpha = sorted(names, (x, y) => x.localeCompare(y, undefined, {sensitivity: 'base', numeric: true}));
  const first = names[0];
  ths[2].click(); ths[2].click();      // back to mentions, descending
  return {asc, desc, alpha, first, top: col(0)[0], rows: names.length};
})()"""


def common(page, recs, mode):
    exp_labels, exp_q, exp_f, exp_m = expected_counts(recs)
    got = page.eval(MARKS_JS)
    check(mode + ": entity marks by label == lore extract entity spans", got["labels"] == exp_labels,
          "page %s, extract %s" % (got["labels"], exp_labels))
    check(mode + ": quote marks == lore extract quotes", got["quotes"] == exp_q, (got["quotes"], exp_q))
    check(mode + ": figure marks == lore extract figures", got["figures"] == exp_f, (got["figures"], exp_f))
    check(mode + ": mention marks == lore extract mentions", got["mentions"] == exp_m, (got["mentions"], exp_m))
    check(mode + ": one section per document, in input order", got["docs"] == [r["id"] for r in recs],
          (got["docs"], [r["id"] for r in recs]))
    links = page.eval(LINKS_JS)
    check(mode + ": every internal link has its target", links["n"] > 0 and links["nbad"] == 0, links)
    s = page.eval(SAFETY_JS)
    check(mode + ": only the page's own script, nothing from the corpus ran",
          s["pwned"] == "undefined" and s["scripts"] == 1 and not s["onattr"], s)
    check(mode + ": no markup from the corpus (img, textarea, style...), no javascript: link, nothing loaded",
          s["bad"] == 0 and not s["links"] and s["srcs"] == 0 and not s["hidden"], s)
    ex = page.exceptions()
    check(mode + ": no script error, no blocked script or load (CSP) in the log", not ex, ex)


def corpus(page, recs, shots):
    common(page, recs, "corpus")
    title = page.eval("document.title")
    check("corpus: title", title.startswith("lore report: %d documents" % len(recs)), title)
    # a known quote: its speaker on the mark and in the speaker panel
    q = page.eval(r"""(() => {
      const m = Array.from(document.querySelectorAll('section.doc .text .q:not(.cont)'))
        .filter(q => q.textContent.includes('economic coercion'));
      const sp = document.querySelector('#speakers details[data-speaker="Xi Jinping"]');
      const links = sp ? Array.from(sp.querySelectorAll('a[href^="#doc-"]')) : [];
      const targets = links.map(a => document.getElementById(a.getAttribute('href').slice(1)));
      return {speakers: m.map(q => q.getAttribute('data-speaker')), titles: m.map(q => q.title),
              panel: sp ? sp.textContent.includes('economic coercion') : false,
              links: links.length, targets_ok: targets.every(t => t && t.classList.contains('q')),
              target_speakers: targets.filter(t => t).map(t => t.getAttribute('data-speaker'))};
    })()""")
    check("corpus: the 'economic coercion' quote is marked with speaker Xi Jinping",
          len(q["speakers"]) > 0 and all(s == "Xi Jinping" for s in q["speakers"])
          and all("Xi Jinping" in t for t in q["titles"]), q)
    check("corpus: speaker panel lists Xi Jinping's quote, its links go to his quote marks",
          q["panel"] and q["links"] > 0 and q["targets_ok"]
          and all(s == "Xi Jinping" for s in q["target_speakers"]), q)
    t = page.eval(r"""(() => {
      const rows = Array.from(document.querySelectorAll('#figure-table tbody tr'));
      const row = rows.find(r => r.cells[1].textContent.trim().startsWith('trade'));
      if (!row) return null;
      return {values: Array.from(row.querySelectorAll('ul.vals li .v')).map(v => v.textContent),
              status: row.cells[3].textContent, cls: row.className,
              links: Array.from(row.querySelectorAll('ul.vals a')).map(a => {
                const t = document.getElementById(a.getAttribute('href').slice(1));
                return t ? t.textContent : null; })};
    })()""")
    check("corpus: the trade figure group lists $190, $200 and $240 billion",
          t is not None and all(any(v.endswith(x) for v in t["values"])
                                for x in ("$190 billion", "$200 billion", "$240 billion")), t)
    check("corpus: the trade group is flagged conflicting",
          t is not None and "conflicting" in t["status"] and "flag-conflicting" in t["cls"], t)
    check("corpus: the trade group's source links reach the figures in the documents",
          t is not None and len(t["links"]) >= 5
          and all(x and "billion" in x for x in t["links"]), t and t["links"])
    fig = page.eval(r"""(() => {
      const f = Array.from(document.querySelectorAll('section.doc .f-money')).find(f => f.textContent === '$190 billion');
      return f ? {title: f.title, value: f.getAttribute('data-value')} : null; })()""")
    check("corpus: a money figure shows its normalised value",
          fig is not None and fig["value"] == "190000000000" and "$190 billion" in fig["title"], fig)
    g = page.eval(r"""(() => ({nodes: document.querySelectorAll('svg.graph g.node').length,
      edges: document.querySelectorAll('svg.graph line.edge').length,
      circles: document.querySelectorAll('svg.graph g.node circle').length,
      labels: Array.from(document.querySelectorAll('svg.graph text.label')).map(t => t.textContent),
      box: (() => { const b = document.querySelector('svg.graph').getBoundingClientRect(); return [b.width, b.height]; })()
    }))()""")
    check("corpus: the co-occurrence graph has nodes and edges",
          g["nodes"] >= 10 and g["edges"] >= 10 and g["circles"] == g["nodes"]
          and "Vladimir Putin" in g["labels"] and "Xi Jinping" in g["labels"] and g["box"][1] > 200, g)
    srt = page.eval(SORT_JS)
    check("corpus: clicking a header sorts the table (ascending, descending, text)",
          srt["asc"] and srt["desc"] and srt["alpha"] and srt["rows"] > 10, srt)
    tog = page.eval(r"""(() => {
      const cb = document.querySelector('input[data-on="hide-bp"]');
      const bp = document.querySelector('section.doc .bp');
      const before = bp ? getComputedStyle(bp).display : null;
      cb.click();
      const after = bp ? getComputedStyle(bp).display : null;
      const cls = document.body.classList.contains('hide-bp');
      cb.click();
      return {before, after, cls, back: bp ? getComputedStyle(bp).display : null};
    })()""")
    check("corpus: boilerplate is dimmed, and the legend's switch folds it away",
          tog["before"] == "inline" and tog["after"] == "none" and tog["cls"] and tog["back"] == "inline", tog)
    legend = page.eval(r"""Array.from(document.querySelectorAll('#legend span')).map(s => s.className)""")
    check("corpus: the legend shows every kind of mark",
          all(c in legend for c in ("e e-PERSON", "e e-ORG", "e e-PLACE", "e e-MISC", "q q-direct", "f f-money", "bp")),
          legend)
    page.screenshot(os.path.join(shots, "report.png"))
    page.eval("document.getElementById('graph').scrollIntoView()")
    page.screenshot(os.path.join(shots, "report-graph.png"))
    page.eval("document.querySelector('section.doc').scrollIntoView()")
    page.screenshot(os.path.join(shots, "report-document.png"))
    check("corpus: screenshots taken", all(os.path.getsize(os.path.join(shots, p)) > 20000
                                           for p in ("report.png", "report-graph.png", "report-document.png")))


def hostile(page, recs, shots):
    common(page, recs, "hostile")
    text = page.eval("document.body.innerText")
    for s in ("<script>window.pwned=1</script>", '"onload=', "</textarea>", "&amp;", "<img src=x",
              "<i>Evil</i> \"News\" & Co", "javascript:window.pwned=6"):
        check("hostile: shown as text: " + s, s in text, text[:300])
    h3 = page.eval("Array.from(document.querySelectorAll('section.doc h3')).map(h => h.textContent)")
    check("hostile: a title with <script> is text", any("<script>window.pwned=1</script>" in x for x in h3), h3)
    q = page.eval(r"""Array.from(document.querySelectorAll('section.doc .q')).map(q => [q.textContent, q.getAttribute('data-speaker')])""")
    check("hostile: a quote holding markup is marked, as text", any("<script>" in t for t, _ in q), q)
    page.screenshot(os.path.join(shots, "hostile.png"))


def notext(page, recs, shots):
    n = page.eval(r"""(() => ({docs: document.querySelectorAll('section.doc').length,
      note: (document.querySelector('#documents .note') || {}).textContent || '',
      links: document.querySelectorAll('a[href^="#doc-"]').length,
      speakers: document.querySelectorAll('#speakers details').length}))()""")
    check("notext: no document sections, a visible note instead",
          n["docs"] == 0 and "lore extract --text" in n["note"], n)
    check("notext: panels are there, without links to missing sections", n["speakers"] > 0 and n["links"] == 0, n)
    links = page.eval(LINKS_JS)
    check("notext: every internal link has its target", links["nbad"] == 0, links)
    s = page.eval(SAFETY_JS)
    check("notext: only the page's own script", s["scripts"] == 1 and s["pwned"] == "undefined", s)


MODES = {"corpus": corpus, "hostile": hostile, "notext": notext}


def main(argv):
    shots = argv[1]
    os.makedirs(shots, exist_ok=True)
    with Browser() as b:
        for spec in argv[2:]:
            mode, page_path, recs_path = spec.split(":", 2)
            try:
                page = b.open("file://" + os.path.abspath(page_path))
                MODES[mode](page, records(recs_path), shots)
            except (CDPError, KeyError, TypeError, ValueError) as e:
                check(mode + ": page could be checked", False, traceback.format_exc(limit=3) or e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
