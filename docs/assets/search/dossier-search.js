/*
 * The dossier's search: Arabic-aware, offline, and loading only what a query needs.
 *
 * Normalisation and proclitic stripping follow search/arabic.json, the same table the generator
 * uses (generator/arabic.py); keep the two algorithms identical. The index (written by
 * generator/search_index.py) is sharded by the first letters of each key, so a query fetches
 * meta.json, the shards of its words and the document chunks of the results it shows.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const root = new URL("../../", script.src);
  const ARTICLE_PREFIXES = ["ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل"];
  const MAX_RESULTS = 20;
  const PREFIX_KEYS = 60;
  let ready = null;
  let meta, tables;
  const files = new Map();

  function load(path) {
    if (!files.has(path)) {
      files.set(path, fetch(new URL(path, root)).then((r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
        return r.json();
      }).catch((err) => {
        files.delete(path);       // a failure is not kept: the next query asks again
        throw err;
      }));
    }
    return files.get(path);
  }

  function init() {
    if (!ready) {
      ready = Promise.all([load("search/meta.json"), load("search/arabic.json")]).then(([m, lang]) => {
        meta = m;
        meta.shardSet = new Set(meta.shards);
        meta.splitSet = new Set(meta.split);
        tables = buildTables(lang);
      }, (err) => {
        ready = null;             // not kept either: the next key press tries again
        throw err;
      });
    }
    return ready;
  }

  /* ---- normalisation: mirrors generator/arabic.py ---------------------------------------- */

  function buildTables(lang) {
    const drop = new Set();
    for (const [lo, hi] of lang.drop_ranges) {
      for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++) drop.add(String.fromCodePoint(c));
    }
    const fold = new Map(Object.entries(lang.fold));
    for (const digits of lang.digits) [...digits].forEach((ch, i) => fold.set(ch, String(i)));
    const t = { drop, fold, cache: new Map() };
    t.proclitics = lang.proclitics.map((p) => normalizeWith(t, p)[0]);
    t.months = new Map();
    const add = (name, n) => t.months.set(normalizeWith(t, name)[0], n);
    lang.months.gulf.forEach((name, i) => add(name, i + 1));
    lang.months.levant.forEach((name, i) => add(name, i + 1));
    Object.entries(lang.months.variants).forEach(([name, n]) => add(name, n));
    return t;
  }

  function isArabicBlock(c) { return c >= "\u0600" && c <= "\u06ff"; }

  function foldChar(t, ch) {
    let hit = t.cache.get(ch);
    if (hit !== undefined) return hit;
    if (t.drop.has(ch)) hit = "";
    else if (t.fold.has(ch)) hit = t.fold.get(ch);
    else {
      hit = "";
      for (let c of ch.normalize("NFKC")) {
        if (t.drop.has(c)) continue;
        if (t.fold.has(c)) c = t.fold.get(c);
        hit += isArabicBlock(c) ? c : c.toLowerCase();
      }
    }
    t.cache.set(ch, hit);
    return hit;
  }

  /* Returns [folded text, index in the input (UTF-16) of each folded character]. */
  function normalizeWith(t, text) {
    let out = "";
    const where = [];
    let space = false;
    let i = 0;
    for (const ch of text) {
      if (/\s/u.test(ch)) {
        if (out && !space) { out += " "; where.push(i); }
        space = true;
      } else {
        const folded = foldChar(t, ch);
        if (folded) {
          space = false;
          for (const c of folded) { out += c; where.push(i); }
        }
      }
      i += ch.length;
    }
    while (out.endsWith(" ")) { out = out.slice(0, -1); where.pop(); }
    return [out, where];
  }

  const WORD = /[\p{L}\p{N}]+/gu;

  function words(folded) {
    const spans = [];
    for (const m of folded.matchAll(WORD)) spans.push([m.index, m.index + m[0].length]);
    return spans;
  }

  function stripProclitics(t, word, minStem = 2) {
    if (!word || !(word[0] >= "\u0621" && word[0] <= "\u064a")) return [];
    const forms = [];
    for (const p of t.proclitics) {
      if (word.startsWith(p) && word.length - p.length >= minStem) {
        const stem = word.slice(p.length);
        if (p === "لل" || p === "ولل" || p === "فلل") forms.push("ال" + stem);
        else if (p.endsWith("ال") && p !== "ال") forms.push("ال" + stem);
        forms.push(stem);
      }
    }
    return [...new Set(forms)].filter((f) => f !== word);
  }

  function indexKeys(t, word) {
    const keys = new Set();
    if (!ARTICLE_PREFIXES.some((p) => word.startsWith(p))) keys.add(word);
    for (const f of stripProclitics(t, word)) if (!f.startsWith("ال")) keys.add(f);
    return [...keys];
  }

  /* A sound masculine plural is written -ون (nominative) or -ين (accusative and genitive): a query
   * word in one form also looks for the other («ناشطين» finds «ناشطون»). Only the query gets the
   * twin, so the index does not grow, and the twin shares the word's shard (same first letters).
   * Stems of three letters or more only: «حسين» and «سنين» are left alone. */
  function withPluralTwins(keys) {
    const out = new Set(keys);
    for (const k of keys) {
      if (k.length >= 5 && (k.endsWith("ون") || k.endsWith("ين"))) out.add(k.slice(0, -2) + (k.endsWith("ون") ? "ين" : "ون"));
    }
    return [...out];
  }

  /* ---- dates typed in any common form -------------------------------------------------- */

  const pad = (n) => String(n).padStart(2, "0");

  function validDay(y, m, d) {
    const date = new Date(Date.UTC(y, m - 1, d));
    return m >= 1 && m <= 12 && date.getUTCDate() === d;
  }

  function dateKeys(t, folded) {
    const q = folded.replace(/\s*([\/.\-])\s*/g, "$1").trim();
    let m;
    if ((m = q.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) {
      return validDay(+m[1], +m[2], +m[3]) ? [`d${m[1]}${pad(m[2])}${pad(m[3])}`] : [];
    }
    if ((m = q.match(/^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/))) {
      return validDay(+m[3], +m[2], +m[1]) ? [`d${m[3]}${pad(m[2])}${pad(m[1])}`] : [];
    }
    if ((m = q.match(/^(\d{4})-(\d{1,2})$/)) && +m[2] >= 1 && +m[2] <= 12) return [`m${m[1]}${pad(m[2])}`];
    const parts = q.split(/[\s\/]+/);
    let day = null, month = null, year = null;
    for (let i = 0; i < parts.length; i++) {
      const two = i + 1 < parts.length ? `${parts[i]} ${parts[i + 1]}` : null;
      if (two && t.months.has(two)) {
        if (month && month !== t.months.get(two)) return null;
        month = t.months.get(two); i++;
      } else if (t.months.has(parts[i])) {
        if (month && month !== t.months.get(parts[i])) return null;
        month = t.months.get(parts[i]);
      } else if (/^\d{4}$/.test(parts[i]) && year === null) year = +parts[i];
      else if (/^\d{1,2}$/.test(parts[i]) && day === null) day = +parts[i];
      else return null;
    }
    if (!month) return null;
    // An impossible day ("31 فبراير 2024") is still a date: it finds nothing rather than its words.
    if (day !== null && year !== null) return validDay(year, month, day) ? [`d${year}${pad(month)}${pad(day)}`] : [];
    if (day !== null) return day >= 1 && day <= 31 ? [`dm${pad(month)}${pad(day)}`] : [];
    if (year !== null) return [`m${year}${pad(month)}`];
    return null;
  }

  /* ---- query ----------------------------------------------------------------------------- */

  function shardFor(key) {
    if (key.length >= 3 && meta.splitSet.has(key.slice(0, 2))) {
      const three = key.slice(0, 3);
      return meta.shardSet.has(three) ? three : null;
    }
    const two = key.slice(0, 2);
    return meta.shardSet.has(two) ? two : null;
  }

  function hex(prefix) {
    return [...new TextEncoder().encode(prefix)].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  function parse(raw) {
    const [folded, where] = normalizeWith(tables, raw);
    const keys = dateKeys(tables, folded);
    if (keys) return [{ alts: keys, prefix: false, date: true }];
    const spans = words(folded);
    const typing = !/\s$/u.test(raw);
    const terms = [];
    spans.forEach(([s, e], n) => {
      const word = folded.slice(s, e);
      const last = n === spans.length - 1;
      const alts = withPluralTwins(indexKeys(tables, word));
      // `at`: where the word is in the query as typed, to show a corrected query in its spelling
      if (alts.length) {
        terms.push({ alts, prefix: last && typing && word.length >= 2, word, at: [where[s], where[e - 1] + 1],
                     where: where.slice(s, e) });
      }
    });
    return terms;
  }

  async function postings(term) {
    const found = new Map();
    for (const alt of term.alts) {
      const shard = shardFor(alt);
      if (shard === null) continue;
      const table = await load(`search/t/${hex(shard)}.json`);
      const take = (key, factor) => {
        const flat = table[key];
        if (!flat) return;
        const idf = Math.log(1 + meta.docs / (flat.length / 2));
        for (let i = 0; i < flat.length; i += 2) {
          const score = flat[i + 1] * idf * factor;
          if (score > (found.get(flat[i]) || 0)) found.set(flat[i], score);
        }
      };
      take(alt, 1);
      if (term.prefix) {
        let n = 0;
        for (const key in table) {
          if (key !== alt && key.startsWith(alt)) {
            take(key, 0.7);
            if (++n >= PREFIX_KEYS) break;
          }
        }
      }
    }
    return found;
  }

  /* Typing an entity's whole name (or alias) exactly puts that entity first. */
  async function nameBonus(raw) {
    const [asked] = normalizeWith(tables, raw);
    const folded = asked.replace(/\s+/g, "");
    const found = new Map();
    for (let form of [folded, ...stripProclitics(tables, folded)]) {
      if (form.startsWith("ال") && form.length > 4) form = form.slice(2);
      const key = "=" + form;
      const shard = form ? shardFor(key) : null;
      if (shard === null) continue;
      const flat = (await load(`search/t/${hex(shard)}.json`))[key] || [];
      for (let i = 0; i < flat.length; i += 2) found.set(flat[i], 1000);
    }
    // A month named alone («ديسمبر», «كانون الأول») is that month's pages, in every year: they were
    // 14th, under the events whose texts say «ديسمبر» most often. The busiest first: the one with
    // the most days that have a page (an event or an article on them).
    const month = tables.months.get(asked);
    if (month) {
      const busy = new Map();            // "yyyymm" → days with a page
      for (const key of await keysOf(["d19", "d20"], /^d\d{8}$/)) {
        busy.set(key.slice(1, 7), (busy.get(key.slice(1, 7)) || 0) + 1);
      }
      for (const [key, flat] of await keysOf(["m19", "m20"], /^m\d{6}$/, true)) {
        if (+key.slice(5) !== month) continue;
        for (let i = 0; i < flat.length; i += 2) found.set(flat[i], 1000 + (busy.get(key.slice(1)) || 0));
      }
    }
    return found;
  }

  /* The keys matching `pattern` in the shards of keys starting with the given prefixes (with their
   * postings if `withPostings`). */
  async function keysOf(prefixes, pattern, withPostings = false) {
    const out = [];
    for (const shard of new Set(prefixes.map((p) => shardFor(p)))) {
      if (shard === null) continue;
      const table = await load(`search/t/${hex(shard)}.json`);
      for (const key in table) {
        if (pattern.test(key) && prefixes.some((p) => key.startsWith(p))) out.push(withPostings ? [key, table[key]] : key);
      }
    }
    return out;
  }

  /* ---- a misspelt word: the nearest word the index holds --------------------------------- */

  /* Whether `a` and `b` are at most `limit` edits apart (a letter added, dropped, changed, or two
   * side by side swapped): the optimal string alignment distance, one row band at a time. */
  function near(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return false;
    let before = null, prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        row.push(d);
        best = Math.min(best, d);
      }
      if (best > limit) return false;
      before = prev;
      prev = row;
    }
    return prev[b.length] <= limit;
  }

  /* The key a word that finds nothing was most likely meant to be: among the keys of its own shard
   * (the same first letters) one or, for long words, two edits away, the one that weighs most over
   * all its pages (a name in titles outweighs a word in passing: «عراقشي» is the minister
   * «عراقجي», not the adjective «عراقي» on more pages). Short words are left alone: three letters
   * are one edit from too many others. Returns [key, the alt it corrects] or null. */
  async function nearest(term) {
    let best = null, weight = 0;
    for (const alt of term.alts) {
      if (alt.length < 4) continue;
      const shard = shardFor(alt);
      if (shard === null) continue;
      const table = await load(`search/t/${hex(shard)}.json`);
      const limit = alt.length >= 8 ? 2 : 1;
      for (const key in table) {
        if (key[0] === "=" || key === alt || !near(alt, key, limit)) continue;
        let w = 0;
        for (let i = 1; i < table[key].length; i += 2) w += table[key][i];
        if (best === null || w > weight || (w === weight && key < best[0])) { best = [key, alt]; weight = w; }
      }
    }
    return best;
  }

  /* A query that finds nothing because of words no page holds («دمشك», «طهرن»): the same query
   * with each of those words replaced by its nearest key, or null when one of them has none (the
   * other words would then be searched alone, and find pages the reader did not ask for). */
  async function corrected(terms, lists) {
    if (terms.some((t) => t.date) || !lists.some((l) => l.size === 0)) return null;
    const fixed = [];
    for (const [n, term] of terms.entries()) {
      if (lists[n].size) { fixed.push(term); continue; }
      const found = await nearest(term);
      if (found === null) return null;
      const [key, alt] = found;
      // what was typed before the corrected part («ال» of «الإيراتي») stays in the query shown
      const kept = term.word.endsWith(alt) ? term.where[term.word.length - alt.length] : term.at[0];
      fixed.push({ alts: [key], prefix: false, word: key, at: [kept, term.at[1]], typo: true });
    }
    return fixed;
  }

  async function search(raw) {
    await init();
    const terms = parse(raw);
    if (!terms.length) return { terms, hits: [] };
    const found = await searchTerms(terms, raw);
    if (found.hits.length) return found;
    const fixed = await corrected(terms, found.lists);
    if (!fixed) return found;
    const again = await searchTerms(fixed, fixed.map((t) => t.word).join(" "));
    if (!again.hits.length) return found;
    // the query as it was typed, each corrected word given as the results write it («اللاذقية»,
    // not the folded key «لاذقيه»; a proclitic the reader typed stays theirs, one a text wrote
    // does not come with it)
    let shown = raw.trim(), shift = 0;
    for (const term of fixed.filter((t) => t.typo)) {
      let spelt = null;
      find: for (const hit of again.hits) {
        for (const text of [hit.title, hit.excerpt || ""]) {
          for (const [s, e] of ranges(text, [term])) {
            const [folded, where] = normalizeWith(tables, text.slice(s, e));
            if (folded === term.word) { spelt = text.slice(s, e); break find; }
            if (!spelt && folded.endsWith(term.word)) spelt = text.slice(s + where[folded.length - term.word.length], e);
          }
        }
      }
      spelt = spelt || term.word;
      const [s, e] = term.at.map((i) => i - (raw.length - raw.trimStart().length) + shift);
      shown = shown.slice(0, s) + spelt + shown.slice(e);
      shift += spelt.length - (e - s);
    }
    return { ...again, typed: raw.trim(), shown };
  }

  /* The documents holding every term, best first. `lists` is each term's postings, in order. */
  async function searchTerms(asked, raw) {
    const terms = [...asked];        // the joined word below is added for highlighting, not the caller
    const lists = await Promise.all(terms.map(postings));
    const each = [...lists];
    lists.sort((a, b) => a.size - b.size);
    const total = new Map(lists[0]);
    for (const other of lists.slice(1)) {
      for (const [doc, score] of total) {
        if (other.has(doc)) total.set(doc, score + other.get(doc));
        else total.delete(doc);
      }
    }
    // Words typed apart that a text writes as one («بور هاشمي» for «بورهاشمي», «دير الزور» for
    // «ديرالزور»): the pages holding the joined word count too, as if it had been typed so.
    if (terms.length > 1 && terms.length <= 3) {
      const word = terms.map((t) => t.word).join("");
      const joined = { alts: withPluralTwins(indexKeys(tables, word)), prefix: false, word };
      if (joined.alts.length) {
        for (const [doc, score] of await postings(joined)) total.set(doc, Math.max(total.get(doc) || 0, score));
        terms.push(joined);
      }
    }
    const bonus = await nameBonus(raw);
    for (const [doc, score] of bonus) total.set(doc, (total.get(doc) || 0) + score);
    const ranked = [...total].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_RESULTS);
    const hits = await Promise.all(ranked.map(async ([doc, score]) => {
      const chunk = await load(`search/d/${Math.floor(doc / meta.chunk)}.json`);
      const [url, title, kind, excerpt] = chunk[doc % meta.chunk];
      return { doc, score, url, title, kind, excerpt };
    }));
    return { terms, hits, count: total.size, lists: each };
  }

  /* ---- highlighting in the original spelling --------------------------------------------- */

  function ranges(text, terms) {
    const [folded, where] = normalizeWith(tables, text);
    const found = [];
    for (const [s, e] of words(folded)) {
      const keys = indexKeys(tables, folded.slice(s, e));
      const hit = terms.some((t) => !t.date && t.alts.some((a) => keys.includes(a) ||
        (t.prefix && keys.some((k) => k.startsWith(a)))));
      if (hit) {
        const end = e < where.length ? where[e - 1] + 1 : text.length;
        found.push([where[s], Math.max(end, where[e - 1] + 1)]);
      }
    }
    return found;
  }

  function highlighted(text, terms, window = 0) {
    const spans = ranges(text, terms);
    let from = 0, to = text.length;
    if (window && text.length > window) {
      const centre = spans.length ? spans[0][0] : 0;
      from = Math.max(0, centre - Math.floor(window / 3));
      to = Math.min(text.length, from + window);
      // whole words only (the window cut «الإيرانية» to «انية»), and no second «…» beside the one
      // the excerpt holds between a summary and its quotes («… …»)
      if (from > 0) {
        const space = text.indexOf(" ", from - 1);
        if (space >= 0 && space < centre) from = space + 1;
        while (text.startsWith("… ", from) && from + 2 <= centre) from += 2;
      }
      if (to < text.length) {
        const space = text.lastIndexOf(" ", to);
        if (space > Math.max(from, centre)) to = space;
        while (to - 2 > centre && text.slice(to - 2, to) === " …") to -= 2;
      }
    }
    const frag = document.createDocumentFragment();
    if (from > 0) frag.append("… ");
    let pos = from;
    for (const [s, e] of spans) {
      if (e <= from || s >= to) continue;
      if (s > pos) frag.append(text.slice(pos, s));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(Math.max(s, pos), Math.min(e, to));
      frag.append(mark);
      pos = Math.min(e, to);
    }
    if (pos < to) frag.append(text.slice(pos, to));
    if (to < text.length && !text.slice(from, to).endsWith("…")) frag.append(" …");
    return frag;
  }

  /* ---- the search box in Material's header ------------------------------------------------ */

  function wire() {
    const input = document.getElementById("dossier-search-input");
    const list = document.getElementById("dossier-search-results");
    const info = document.getElementById("dossier-search-meta");
    const toggle = document.getElementById("__search");
    if (!input || !list) return;
    const form = input.form;
    let pending = 0;
    let enterFor = null;          // the query Enter was pressed on before its results came

    /* Each key press runs this, and it loads the index itself, so a failed load is shown here (the
     * handlers ran init().then(run): a failure skipped run and left «اكتب حرفين…» under the box). */
    async function run() {
      const raw = input.value;
      const ticket = ++pending;
      let result, message;
      try {
        await init();
        if (normalizeWith(tables, raw)[0].length < 2) message = "اكتب حرفين على الأقل للبحث";
        else result = await search(raw);
      } catch (err) {
        message = "تعذّر تحميل فهرس البحث";
      }
      if (ticket !== pending) return;        // a later key press has its own run
      if (message) {
        show([], raw, message);
        return;
      }
      const items = result.hits.map((hit) => {
        const li = document.createElement("li");
        li.className = "md-search-result__item";
        const a = document.createElement("a");
        a.className = "md-search-result__link";
        a.href = new URL(hit.url, root).href;
        const article = document.createElement("article");
        article.className = "md-search-result__article md-typeset";
        const kind = document.createElement("div");
        kind.className = "dossier-search__kind";
        kind.textContent = hit.kind;
        const h = document.createElement("h1");
        h.append(highlighted(hit.title, result.terms));
        article.append(kind, h);
        if (hit.excerpt) {
          const p = document.createElement("p");
          p.append(highlighted(hit.excerpt, result.terms, 180));
          article.append(p);
        }
        a.append(article);
        li.append(a);
        return li;
      });
      let count = result.hits.length
        ? (result.count > result.hits.length ? `${results(result.count)}، تُعرض أفضل ${result.hits.length}` : results(result.count))
        : "لا نتائج";
      if (result.shown) count = `لا نتائج لـ«${result.typed}»؛ هذه نتائج «${result.shown}»: ${count}`;
      show(items, raw, count);
    }

    /* The list and its message, marked with the query they answer (the tests wait for it). */
    function show(items, raw, message) {
      list.replaceChildren(...items);
      list.dataset.query = raw;
      info.textContent = message;
      if (enterFor !== null) {
        const go = enterFor === raw;     // not if the reader typed on after Enter
        enterFor = null;
        if (go) openFirst();
      }
    }

    function openFirst() {
      const first = list.querySelector("a");
      if (first) window.location.href = first.href;
    }

    /** «نتيجة واحدة», «نتيجتان», «3 نتائج», «11 نتيجة»: the noun Arabic counting requires
     *  (generator/dates.py `count` does the same for the pages). */
    function results(n) {
      const rest = n % 100;
      if (n === 1) return "نتيجة واحدة";
      if (n === 2) return "نتيجتان";
      return `${n} ${rest >= 3 && rest <= 10 ? "نتائج" : "نتيجة"}`;
    }

    input.addEventListener("focus", () => init().catch(() => {}));   // a head start; run() reports failures
    // The search is open (Material's toggle checked: overlay, or the whole screen on a phone)
    // exactly while focus is in it, the box or its results. It was opened on focus and only
    // Escape closed it, so tabbing past the results went on along page links hidden under it.
    // Only a move to another element counts: a click on the overlay or a label moves focus
    // nowhere (relatedTarget null), and the label toggles the search itself.
    const dialog = input.closest(".md-search");
    dialog.addEventListener("focusin", () => { if (toggle) toggle.checked = true; });
    dialog.addEventListener("focusout", (ev) => {
      if (toggle && ev.relatedTarget && !dialog.contains(ev.relatedTarget)) toggle.checked = false;
    });
    // ArrowDown/ArrowUp walk from the box through the results and back, as Tab and Shift+Tab do
    // (up and down are the same in RTL). Past either end, and with a modifier (Shift selects text
    // in the box), a key keeps its usual meaning.
    const close = (from) => { from.blur(); if (toggle) toggle.checked = false; };
    dialog.addEventListener("keydown", (ev) => {
      // Escape closes the search from a result too, as from the box (it did nothing there)
      if (ev.key === "Escape" && list.contains(ev.target)) { close(ev.target); return; }
      if ((ev.key !== "ArrowDown" && ev.key !== "ArrowUp") || ev.shiftKey || ev.altKey || ev.ctrlKey ||
          ev.metaKey || ev.isComposing) return;
      const links = [...list.querySelectorAll("a")];
      const from = ev.target === input ? -1 : links.indexOf(ev.target);
      if (from < 0 && ev.target !== input) return;        // the results' scroll area: the keys scroll it
      const to = from + (ev.key === "ArrowDown" ? 1 : -1);
      if (to < -1 || to >= links.length) return;
      ev.preventDefault();
      (to === -1 ? input : links[to]).focus();
    });
    input.addEventListener("keyup", (ev) => {
      if (ev.key === "Escape") { close(input); return; }
      run();
    });
    input.addEventListener("input", run);
    // Enter opens the first result. Typed fast or pasted, the list may still be empty or an older
    // query's (Enter did nothing then): the run under way for the box's query, which every change
    // of it starts, opens the first result when it shows them.
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (list.dataset.query === input.value) openFirst();
      else enterFor = input.value;
    });
    // The emptied list answers the emptied box (not the old query, or Enter on the same query typed
    // again would open nothing), and a run under way is for the text being cleared.
    form.addEventListener("reset", () => { ++pending; show([], "", "اكتب حرفين على الأقل للبحث"); });
    if (toggle) toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
    document.addEventListener("keydown", (ev) => {
      if ((ev.key === "/" || ev.key === "s") && document.activeElement?.tagName !== "INPUT" &&
          document.activeElement?.tagName !== "TEXTAREA" && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
        ev.preventDefault();
        input.focus();
      }
    });
  }

  window.dossierSearch = { search, init, normalize: (text) => normalizeWith(tables, text)[0], indexKeys: (w) => indexKeys(tables, w), dateKeys: (q) => dateKeys(tables, normalizeWith(tables, q)[0]) };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
