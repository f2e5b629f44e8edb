// The search page: Pagefind's default UI in the page's language (its strings come from the page), and
// the query of the header's search form (?q=) searched at once.
(function () {
  var element = document.getElementById("search");
  var translations = JSON.parse(element.dataset.translations);
  var ui = new PagefindUI({
    element: "#search",
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    translations: translations,
  });
  // Pagefind's box has only a title and a placeholder for a name, which assistive technology may not read out.
  element.querySelector(".pagefind-ui__search-input").setAttribute("aria-label", translations.search_label);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
