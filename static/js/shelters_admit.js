// Admission page: a free bed chosen for one person is greyed out for the others.
// The server checks everything again; without this script the form works the same.
(function () {
  const form = document.getElementById("admit-form");
  if (!form) return;
  const beds = Array.from(form.querySelectorAll("input.btn-check[data-free]"));
  function refresh() {
    const chosen = new Set(beds.filter((input) => input.checked).map((input) => input.value));
    for (const input of beds) {
      input.disabled = !input.checked && chosen.has(input.value);
    }
  }
  form.addEventListener("change", refresh);
  refresh();
})();
