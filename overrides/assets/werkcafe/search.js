// Werkcafé search: Pagefind, loaded only when someone searches (the forum's index only
// when someone asks for experiences).
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
  const lang = document.documentElement.lang || "nl";
  const text = lang === "en"
    ? { none: "No results for", loading: "Searching…", guides: "Guides",
        forum: "Experiences on the forum (in Dutch)", more: "Also search experiences",
        noForum: "No experiences found for" }
    : { none: "Geen resultaten voor", loading: "Bezig met zoeken…", guides: "Gidsen",
        forum: "Ervaringen op het forum", more: "Zoek ook in ervaringen",
        noForum: "Geen ervaringen gevonden voor" };
  // Two indexes (werkcafe/plugins/guides/search.py): the guides, loaded on the first
  // search, and the forum threads, loaded only when the reader asks for experiences, so a
  // search stays light however large the forum grows. Each URL is its own module instance.
  const indexes = {};
  let withForum = page !== null && new URLSearchParams(location.search).get("ervaringen") === "1";
  let latest = 0;

  function load(dir = "pagefind") {
    if (!indexes[dir]) {
      indexes[dir] = import(new URL(`${dir}/pagefind.js`, base).href).then(async (pf) => {
        // noWorker: the worker script is another 12 KB on the first query; a query on
        // these small indexes is quick on the main thread.
        await pf.options({ baseUrl: base.pathname, excerptLength: 18, noWorker: true });
        pf.init();
        return pf;
      });
    }
    return indexes[dir];
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, (c) => ({
      "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  async function list(results, limit) {
    const items = await Promise.all(results.slice(0, limit).map((r) => r.data()));
    // Pagefind's excerpt is already escaped, with <mark> around the matches.
    return "<ol>" + items.map((d) =>
      `<li><a href="${escapeHtml(d.url)}">${escapeHtml(d.meta.title || d.url)}</a>` +
      `<p>${d.excerpt}</p></li>`).join("") + "</ol>";
  }

  // Guides first; peer experiences in their own section below, so forum threads that
  // mention a word often never push the guide about it out of sight.
  async function search(query, target, limit) {
    const run = ++latest;
    const guides = await (await load()).debouncedSearch(query, {}, 200);
    if (guides === null || run !== latest) return;  // a newer query replaced this one
    const forum = withForum ? await (await load("pagefind-forum")).search(query) : null;
    if (run !== latest) return;
    let html = "";
    if (guides.results.length) {
      html += `<h2>${text.guides}</h2>` + await list(guides.results, limit);
    } else {
      html += `<p>${text.none} “${escapeHtml(query)}”.</p>`;
    }
    if (!forum) {
      html += `<p><button type="button" class="md-button wc-search__forum" data-wc-forum>` +
        `${text.more}</button></p>`;
    } else if (forum.results.length) {
      html += `<h2>${text.forum}</h2>` + await list(forum.results, Math.ceil(limit / 2));
    } else {
      html += `<p>${text.noForum} “${escapeHtml(query)}”.</p>`;
    }
    if (run === latest) target.innerHTML = html;
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
    const query = input.value.trim();
    if (query.length >= 2) search(query, page || popup, page ? 30 : 8);
    input.focus();
  }
  popup.addEventListener("click", askForForum);
  if (page) page.addEventListener("click", askForForum);

  input.addEventListener("focus", () => load(), { once: true });
  input.addEventListener("input", () => {
    const query = input.value.trim();
    if (page) return;  // the search page shows results in its own list
    popup.hidden = query.length < 2;
    if (!popup.hidden) search(query, popup, 8);
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
      if (q.length >= 2) search(q, page, 30);
    };
    input.addEventListener("input", run);
    if (query) { page.innerHTML = `<p>${text.loading}</p>`; run(); }
  }
})();
