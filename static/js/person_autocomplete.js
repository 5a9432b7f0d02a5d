// Person search for the merge form: asks the access-checked autocomplete endpoint and
// fills the chosen person's id into the target field.
(function () {
  "use strict";
  var input = document.getElementById("person-search");
  var results = document.getElementById("person-search-results");
  if (!input || !results) return;
  var target = document.querySelector(input.dataset.autocompleteTarget);
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var query = input.value.trim();
      results.innerHTML = "";
      if (query.length < 2) return;
      var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query);
      // The record being merged is never offered as the one to keep.
      if (input.dataset.autocompleteExclude) url += "&exclude=" + encodeURIComponent(input.dataset.autocompleteExclude);
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.results.forEach(function (person) {
            var item = document.createElement("button");
            item.type = "button";
            item.className = "list-group-item list-group-item-action";
            item.textContent = person.label + (person.birth_date ? " · " + person.birth_date : "") + " (#" + person.id + ")";
            item.addEventListener("click", function () {
              if (target) target.value = person.id;
              input.value = person.label;
              results.innerHTML = "";
            });
            results.appendChild(item);
          });
        });
    }, 200);
  });
})();
