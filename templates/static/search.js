// The search page: Pagefind's default UI in the page's language (its strings come from the page), and
// the query of the header's search form (?q=) searched at once.
(function () {
  var element = document.getElementById("search");
  var ui = new PagefindUI({
    element: "#search",
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    translations: JSON.parse(element.dataset.translations),
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
