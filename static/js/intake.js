// Intake: "Add a child" copies the empty child form and tells the formset there is one more.
(function () {
  "use strict";
  var button = document.getElementById("add-child");
  var template = document.getElementById("child-template");
  var container = document.getElementById("children-forms");
  var total = document.getElementById("id_children-TOTAL_FORMS");
  if (!button || !template || !container || !total) return;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var wrapper = document.createElement("div");
    wrapper.innerHTML = html.trim();
    var fieldset = wrapper.firstElementChild;
    var legend = fieldset.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.trim() + " " + (index + 1);
    container.appendChild(fieldset);
    total.value = String(index + 1);
    var first = fieldset.querySelector("input:not([type=hidden])");
    if (first) first.focus();
  });
})();
