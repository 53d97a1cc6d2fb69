// Werkcafé search: the guides from a small index of our own, the forum's experiences from
// Pagefind, each loaded only when someone searches (the forum's only when someone asks for
// experiences).
// The header form works without JavaScript (it opens the search page); this script adds
// results while typing and runs the query on the search page. Nothing is downloaded until
// the search box gets focus.
(() => {
  "use strict";
  const form = document.querySelector(".wc-search");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const popup = document.getElementById("wc-search-popup");
  const page = document.getElementById("wc-search-page");
  const base = new URL(form.dataset.base || "./", document.baseURI);
  const lang = document.documentElement.lang === "en" ? "en" : "nl";
  const text = lang === "en"
    ? { none: "No results for", loading: "Searching…", guides: "Guides",
        forum: "Experiences on the forum (in Dutch)", more: "Also search experiences",
        noForum: "No experiences found for" }
    : { none: "Geen resultaten voor", loading: "Bezig met zoeken…", guides: "Gidsen",
        forum: "Ervaringen op het forum", more: "Zoek ook in ervaringen",
        noForum: "Geen ervaringen gevonden voor" };
  // The guides' index (werkcafe/plugins/guides/guide_index.py): one file per language with
  // precomputed scores, plus the stemmer that stemmed it, loaded on the first search. The
  // forum threads are a Pagefind index, loaded only when the reader asks for experiences,
  // so a search stays light however large the forum grows.
  let guides = null;
  let forumIndex = null;
  let withForum = page !== null && new URLSearchParams(location.search).get("ervaringen") === "1";
  let latest = 0;

  function loadGuides() {
    if (!guides) {
      const url = (path) => new URL(path, base).href;
      guides = Promise.all([
        import(url("assets/werkcafe/guide-search.js")),
        import(url(`zoekindex/stem.${lang}.js`)),
        fetch(url(`zoekindex/${lang}.json`)).then((r) => {
          if (!r.ok) throw new Error(`search index: ${r.status}`);
          return r.json();
        }),
      ]).then(([module, stemmer, data]) => ({ module, index: new module.GuideIndex(data, stemmer.stem) }));
      guides.catch(() => { guides = null; });  // try again on the next query
    }
    return guides;
  }

  function loadForum() {
    if (!forumIndex) {
      forumIndex = import(new URL("pagefind-forum/pagefind.js", base).href).then(async (pf) => {
        // noWorker: the worker script is another 12 KB on the first query.
        await pf.options({ baseUrl: base.pathname, excerptLength: 18, noWorker: true });
        pf.init();
        return pf;
      });
    }
    return forumIndex;
  }

  function element(tag, props = {}, children = []) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  // Text with the words the query matched in <mark>, built as nodes (never as HTML).
  function marked(module, value, isMatch) {
    const fragment = document.createDocumentFragment();
    for (const [piece, isWord] of module.pieces(value)) {
      fragment.append(isWord && isMatch(piece) ? element("mark", { textContent: piece }) : piece);
    }
    return fragment;
  }

  function guideList({ module, index }, found, limit) {
    const isMatch = index.marks(found.keys);
    const mark = (value) => marked(module, value, isMatch);
    return element("ol", {}, found.results.slice(0, limit).map((r) => {
      const href = new URL(r.url, base).href;
      const item = element("li", {}, [element("a", { href }, [mark(r.title)])]);
      if (r.description) item.append(element("p", {}, [mark(r.description)]));
      if (r.section) {
        const [anchor, heading] = r.section;
        item.append(element("p", { className: "wc-search__section" }, [
          element("a", { href: `${href}#${encodeURIComponent(anchor)}` },
            [mark(heading)])]));
      }
      return item;
    }));
  }

  async function forumList(results, limit) {
    const items = await Promise.all(results.slice(0, limit).map((r) => r.data()));
    return element("ol", {}, items.map((d) => {
      // Pagefind's excerpt is already escaped, with <mark> around the matches.
      const excerpt = element("p");
      excerpt.innerHTML = d.excerpt;
      return element("li", {}, [element("a", { href: d.url, textContent: d.meta.title || d.url }),
                                excerpt]);
    }));
  }

  // Guides first; peer experiences in their own section below, so forum threads that
  // mention a word often never push the guide about it out of sight.
  // `typed` is the box's text as it is: without a space after the last word, that word is
  // still being typed and also matches as the start of longer words.
  async function search(typed, target, limit) {
    const run = ++latest;
    const query = typed.trim();
    const loaded = await loadGuides();
    if (run !== latest) return;  // a newer query replaced this one
    const found = loaded.index.search(typed);
    const forum = withForum ? await (await loadForum()).search(query) : null;
    if (run !== latest) return;
    const nodes = [];
    if (found.results.length) {
      nodes.push(element("h2", { textContent: text.guides }), guideList(loaded, found, limit));
    } else {
      nodes.push(element("p", { textContent: `${text.none} “${query}”.` }));
    }
    if (!forum) {
      nodes.push(element("p", {}, [element("button", {
        type: "button", className: "md-button wc-search__forum", textContent: text.more,
      })]));
      nodes.at(-1).firstChild.dataset.wcForum = "";
    } else if (forum.results.length) {
      nodes.push(element("h2", { textContent: text.forum }),
        await forumList(forum.results, Math.ceil(limit / 2)));
    } else {
      nodes.push(element("p", { textContent: `${text.noForum} “${query}”.` }));
    }
    if (run === latest) target.replaceChildren(...nodes);
  }

  // "Zoek ook in ervaringen": from now on every query also searches the forum threads.
  function askForForum(event) {
    if (!event.target.closest("[data-wc-forum]")) return;
    withForum = true;
    if (page) {
      const url = new URL(location.href);
      url.searchParams.set("ervaringen", "1");
      history.replaceState(null, "", url);
    }
    if (input.value.trim().length >= 2) search(input.value, page || popup, page ? 30 : 8);
    input.focus();
  }
  popup.addEventListener("click", askForForum);
  if (page) page.addEventListener("click", askForForum);

  input.addEventListener("focus", () => loadGuides(), { once: true });
  input.addEventListener("input", () => {
    if (page) return;  // the search page shows results in its own list
    popup.hidden = input.value.trim().length < 2;
    if (!popup.hidden) search(input.value, popup, 8);
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) popup.hidden = true;
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") popup.hidden = true;
  });

  if (page) {
    const query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    const run = () => {
      const q = input.value.trim();
      const params = withForum ? "&ervaringen=1" : "";
      history.replaceState(null, "", q ? `?q=${encodeURIComponent(q)}${params}` : location.pathname);
      if (q.length >= 2) search(input.value, page, 30);
    };
    input.addEventListener("input", run);
    if (query) { page.replaceChildren(element("p", { textContent: text.loading })); run(); }
  }
})();
