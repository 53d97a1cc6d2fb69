// The guides' search in the browser: look up the query's stems in the index the build
// wrote (werkcafe/plugins/guides/guide_index.py, zoekindex/<language>.json) and add up
// their precomputed scores. Pure functions; search.js loads this module, the index and the
// stemmer (zoekindex/stem.<language>.js) only when someone searches, and shows the results.

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const WORD = /[\p{L}\p{N}]+/gu;
const PART = /([\p{L}\p{N}]+)/u;
// A word matched only as the beginning of a longer stem counts for less than a whole word.
const PREFIX_WEIGHT = 0.6;

// The words of a text, lowercased and in NFC, exactly as the build splits them.
export function words(text) {
  return String(text).normalize("NFC").toLowerCase().match(WORD) || [];
}

// Pieces of a text for display: [piece, isWord], in order, nothing dropped.
export function pieces(text) {
  return String(text).split(PART).map((piece, i) => [piece, i % 2 === 1]).filter(([p]) => p);
}

function decode(string, width) {
  const numbers = [];
  for (let i = 0; i < string.length; i += width) {
    let value = 0;
    for (let j = 0; j < width; j++) value = value * DIGITS.length + DIGITS.indexOf(string[i + j]);
    numbers.push(value);
  }
  return numbers;
}

// The stems a query word may be indexed under. Python (snowballstemmer's Porter) and lunr's
// Porter stemmer differ on a final y: "days" is "dai" in one and "day" in the other, so both
// are looked up. tests/site/test_search_stemming.py checks every word of the guides.
function twins(stemmed) {
  const found = [stemmed];
  if (stemmed.endsWith("y")) found.push(stemmed.slice(0, -1) + "i");
  if (stemmed.endsWith("i")) found.push(stemmed.slice(0, -1) + "y");
  return found;
}

export class GuideIndex {
  constructor(data, stem) {
    this.pages = data.pages;
    this.width = data.width;
    this.terms = data.terms;
    this.keys = Object.keys(data.terms);
    this.stem = stem;
    this.cache = new Map();
  }

  // page -> [score, section] for one index key
  postings(key) {
    if (!this.cache.has(key)) {
      const numbers = decode(Object.hasOwn(this.terms, key) ? this.terms[key] : "", this.width);
      const map = new Map();
      for (let i = 0; i < numbers.length; i += 3) map.set(numbers[i], [numbers[i + 1], numbers[i + 2]]);
      this.cache.set(key, map);
    }
    return this.cache.get(key);
  }

  // page -> {score, section} for one query word, and the keys it matched. The last word
  // (still being typed) also matches as the start of longer stems, and so does a word whose
  // stem is not in the index at all.
  match(word, prefix) {
    const stemmed = this.stem(word);
    // Own keys only: "constructor" or "__proto__" typed as a word are not index terms.
    const exact = [...new Set([word, ...twins(stemmed)])].filter((k) => Object.hasOwn(this.terms, k));
    const keys = new Map(exact.map((k) => [k, 1]));
    if (prefix || exact.length === 0) {
      const starts = [...new Set([stemmed, word])];
      for (const key of this.keys) {
        if (!keys.has(key) && starts.some((s) => key.startsWith(s))) keys.set(key, PREFIX_WEIGHT);
      }
    }
    const pages = new Map();
    for (const [key, weight] of keys) {
      for (const [page, [score, section]] of this.postings(key)) {
        const value = score * weight;
        const best = pages.get(page);
        if (!best || value > best.score) pages.set(page, { score: value, section });
      }
    }
    return { pages, keys: [...keys.keys()] };
  }

  // Ranked results: pages with every word first (AND); when none has them all, pages with
  // any of them, most words first (OR).
  search(query) {
    const list = words(query);
    if (!list.length) return { results: [], keys: new Set() };
    const typing = !/\s$/.test(query);
    const matches = list.map((w, i) => this.match(w, typing && i === list.length - 1));
    const totals = new Map();
    for (const { pages } of matches) {
      for (const [page, { score, section }] of pages) {
        const total = totals.get(page) || { page, score: 0, words: 0, section: 0, best: 0 };
        total.score += score;
        total.words += 1;
        if (section && score > total.best) { total.section = section; total.best = score; }
        totals.set(page, total);
      }
    }
    let ranked = [...totals.values()];
    const all = ranked.filter((t) => t.words === list.length);
    if (all.length) ranked = all;
    ranked.sort((a, b) => b.words - a.words || b.score - a.score || a.page - b.page);
    const results = ranked.map((t) => {
      const [url, title, description, sections] = this.pages[t.page];
      const section = t.section ? sections[t.section - 1] : null;
      return { url, title, description, section, score: t.score };
    });
    return { results, keys: new Set(matches.flatMap((m) => m.keys)) };
  }

  // Whether a displayed word is one the query matched (to mark it).
  marks(keys) {
    return (word) => {
      const w = words(word)[0] || "";
      return keys.has(w) || twins(this.stem(w)).some((s) => keys.has(s));
    };
  }
}
