// Lokale werkcafés (werkcafe/plugins/forum/local_html.py writes the HTML this script uses):
// - /lokaal/: filter the list of municipalities as you type (without JavaScript: the plain list);
// - /lokaal/<slug>/: "Dit is mijn gemeente", kept in this browser's localStorage;
// - under a guide: "Uit jouw gemeente", the chosen municipality's threads from
//   /lokaal/<slug>/ervaringen.json, written as text (forum titles are never HTML).
// The choice never leaves the browser: no cookie, no request with it to anyone but this site.
(function () {
  "use strict";
  var KEY = "werkcafe.gemeente"; // {"slug": "utrecht", "naam": "Utrecht"}
  var MODE = "werkcafe.gemeente.filter"; // "gemeente" or "alle"
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  // bidi embedding/override/isolate controls (as safe.clean drops them on the pages): an
  // unclosed U+202E in a title would turn the list's own date after it around
  var BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
  var SHOWN = 10;

  function fold(text) {
    // as search_key() in local_html.py: accents dropped, lower case
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function get(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function set(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (error) { /* storage off: the choice lasts this page only */ }
  }

  function chosen() {
    try {
      var value = JSON.parse(get(KEY) || "null");
      if (value && typeof value.slug === "string" && SLUG.test(value.slug) &&
          typeof value.naam === "string") return value;
    } catch (error) { /* a broken value counts as no choice */ }
    return null;
  }

  function indexFilter() {
    var form = document.querySelector(".wc-lokaal-zoek");
    if (!form) return;
    var input = form.querySelector("input");
    var status = form.querySelector(".wc-lokaal-status");
    var items = Array.prototype.slice.call(document.querySelectorAll(".wc-lokaal-lijst li[data-naam]"));
    var sections = Array.prototype.slice.call(document.querySelectorAll(".wc-provincie"));
    function apply() {
      var query = fold(input.value.trim());
      var count = 0;
      items.forEach(function (item) {
        var hit = !query || item.getAttribute("data-naam").indexOf(query) !== -1;
        item.hidden = !hit;
        if (hit) count += 1;
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("li[data-naam]:not([hidden])");
      });
      status.textContent = !query ? "" : count
        ? status.getAttribute("data-count").replace("{n}", String(count))
        : status.getAttribute("data-none");
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("input", apply);
    form.hidden = false;
    if (input.value) apply();
  }

  function chooser() {
    var box = document.querySelector(".wc-local-choose");
    if (!box) return;
    var slug = box.getAttribute("data-wc-slug");
    var naam = box.getAttribute("data-wc-naam");
    var ask = box.querySelector(".wc-local-choose__ask");
    var done = box.querySelector(".wc-local-choose__chosen");
    function show() {
      var mine = chosen();
      var isMine = !!mine && mine.slug === slug;
      ask.hidden = isMine;
      done.hidden = !isMine;
      return isMine;
    }
    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-wc-action]");
      if (!button) return;
      if (button.getAttribute("data-wc-action") === "kies") {
        set(KEY, JSON.stringify({ slug: slug, naam: naam }));
      } else {
        set(KEY, null);
        set(MODE, null);
      }
      (show() ? done : ask).querySelector("button").focus();
    });
    box.hidden = false;
    show();
  }

  function words(element, name) {
    return (element.getAttribute(name) || "").split(" ").filter(Boolean);
  }

  function guideFilter() {
    var box = document.querySelector(".wc-local-filter");
    var section = document.querySelector(".wc-related");
    var intro = section && section.querySelector("h2 + p");
    if (!box || !intro) return;
    intro.after(box);
    var original = box.nextElementSibling; // the related threads (or "no experiences yet")
    var pick = box.querySelector(".wc-local-filter__pick");
    var choice = box.querySelector(".wc-local-filter__choice");
    var result = box.querySelector(".wc-local-filter__result");
    var list = box.querySelector(".wc-local-filter__list");
    var empty = box.querySelector(".wc-local-filter__empty");
    var mine = chosen();
    box.hidden = false;
    if (!mine) return; // the link to /lokaal/ to choose one stays
    pick.hidden = true;
    choice.hidden = false;
    box.querySelector(".wc-local-filter__naam").textContent = mine.naam;
    var regelingen = words(box, "data-wc-regelingen");
    var situaties = words(box, "data-wc-situaties");
    var langRoot = box.getAttribute("data-wc-lang-root");
    var loading = null;

    function matches(topic) {
      function shares(keys, wanted) {
        return Array.isArray(keys) && keys.some(function (k) { return wanted.indexOf(k) !== -1; });
      }
      if (!regelingen.length && !situaties.length) return true;
      return shares(topic.situaties, situaties) || shares(topic.regelingen, regelingen);
    }

    function show(topics) {
      list.textContent = "";
      topics.filter(function (topic) {
        return topic && Number.isInteger(topic.id) && topic.id > 0 && typeof topic.titel === "string";
      }).filter(matches).slice(0, SHOWN).forEach(function (topic) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = langRoot + "ervaringen/onderwerp/" + topic.id + "/";
        link.textContent = topic.titel.replace(BIDI, "");
        link.lang = "nl";
        item.appendChild(link);
        if (typeof topic.datum === "string" && /^\d{4}-\d{2}-\d{2}$/.test(topic.datum)) {
          var meta = document.createElement("span");
          meta.className = "wc-topic-list__meta";
          var time = document.createElement("time");
          time.dateTime = topic.datum;
          time.textContent = topic.datum;
          meta.append(" · ", time);
          item.appendChild(meta);
        }
        list.appendChild(item);
      });
      empty.hidden = list.children.length > 0;
    }

    function load() {
      var url = box.getAttribute("data-wc-root") + "lokaal/" + mine.slug + "/ervaringen.json";
      loading = fetch(url, { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : { topics: [] }; })
        .catch(function () { return { topics: [] }; })
        .then(function (data) { show(Array.isArray(data && data.topics) ? data.topics : []); });
    }

    function apply(mode) {
      var local = mode === "gemeente";
      if (original) original.hidden = local;
      result.hidden = !local;
      if (local && !loading) load();
    }

    choice.addEventListener("change", function (event) {
      set(MODE, event.target.value);
      apply(event.target.value);
    });
    var mode = get(MODE) === "gemeente" ? "gemeente" : "alle";
    choice.querySelector("input[value=" + mode + "]").checked = true;
    apply(mode);
  }

  indexFilter();
  chooser();
  guideFilter();
})();
