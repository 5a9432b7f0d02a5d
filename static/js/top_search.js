// Suggestions under the top bar's search box: the first people, cases, children and sponsors
// the signed-in user may see, from the same search as the results page. Without JavaScript
// the box still submits to the results page; with it, ArrowDown moves into the list, Escape
// closes it, and each suggestion is a plain link.
(function () {
  "use strict";
  var input = document.getElementById("top-search-q");
  var list = document.getElementById("top-search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var latest = 0;

  function close() {
    list.innerHTML = "";
    list.classList.add("d-none");
  }

  function show(results) {
    list.innerHTML = "";
    results.forEach(function (result) {
      var link = document.createElement("a");
      link.className = "list-group-item list-group-item-action small";
      link.href = result.url;
      var group = document.createElement("span");
      group.className = "text-muted me-1";
      group.textContent = result.group + ":";
      link.appendChild(group);
      link.appendChild(document.createTextNode(result.label));
      list.appendChild(link);
    });
    list.classList.toggle("d-none", results.length === 0);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var query = input.value.trim();
      if (query.length < 2) return close();
      var asked = ++latest;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (asked === latest) show(data.results); })
        .catch(close);
    }, 250);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && list.firstChild) {
      event.preventDefault();
      list.firstChild.focus();
    } else if (event.key === "Escape") {
      close();
    }
  });

  list.addEventListener("keydown", function (event) {
    var current = document.activeElement;
    if (event.key === "ArrowDown" && current.nextSibling) {
      event.preventDefault();
      current.nextSibling.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (current.previousSibling || input).focus();
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });

  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) close();
  });
})();
