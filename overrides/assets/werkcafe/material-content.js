// Material for MkDocs' script after the content (partials/javascripts/content.html), moved
// into a file for the Content-Security-Policy: opening a link to a tab's anchor selects it.
(() => {
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
