// Werkcafé search: Pagefind, loaded only when someone searches.
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
        forum: "Experiences on the forum (in Dutch)" }
    : { none: "Geen resultaten voor", loading: "Bezig met zoeken…", guides: "Gidsen",
        forum: "Ervaringen op het forum" };
  let pagefind = null;

  async function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(async (pf) => {
        await pf.options({ baseUrl: base.pathname, excerptLength: 18 });
        pf.init();
        return pf;
      });
    }
    return pagefind;
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

  // Guides first; peer experiences in their own section, so forum threads that mention a
  // word often never push the guide about it out of sight.
  async function search(query, target, limit) {
    const pf = await load();
    const guides = await pf.debouncedSearch(query, { filters: { bron: "gids" } }, 200);
    if (guides === null) return;  // a newer query replaced this one
    const forum = await pf.search(query, { filters: { bron: "forum" } });
    if (!guides.results.length && !forum.results.length) {
      target.innerHTML = `<p>${text.none} “${escapeHtml(query)}”.</p>`;
      return;
    }
    let html = "";
    if (guides.results.length) html += `<h2>${text.guides}</h2>` + await list(guides.results, limit);
    if (forum.results.length) {
      html += `<h2>${text.forum}</h2>` + await list(forum.results, Math.ceil(limit / 2));
    }
    target.innerHTML = html;
  }

  input.addEventListener("focus", load, { once: true });
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
      history.replaceState(null, "", q ? `?q=${encodeURIComponent(q)}` : location.pathname);
      if (q.length >= 2) search(q, page, 30);
    };
    input.addEventListener("input", run);
    if (query) { page.innerHTML = `<p>${text.loading}</p>`; run(); }
  }
})();
