// Material for MkDocs' storage helpers (partials/javascripts/base.html in Material 9.x),
// moved into a file so the Content-Security-Policy can forbid inline scripts. Same globals,
// same behaviour; the scope comes from the script tag instead of being templated in.
var __md_scope = new URL(document.currentScript.dataset.scope || ".", location);
var __md_hash = (value) => [...value].reduce((hash, c) => (hash << 5) - hash + c.charCodeAt(0), 0);
var __md_get = (key, storage = localStorage, scope = __md_scope) =>
  JSON.parse(storage.getItem(scope.pathname + "." + key));
var __md_set = (key, value, storage = localStorage, scope = __md_scope) => {
  try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* full or disabled */ }
};
