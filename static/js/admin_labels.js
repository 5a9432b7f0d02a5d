// The admin's autocomplete boxes (select2) name themselves after the chosen value, so an
// empty one has no name for a screen reader: it is named by its field's label as well.
(function () {
  "use strict";
  function labelBoxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector("label[for='" + select.id + "']");
      var container = select.nextElementSibling;
      var box = container && container.querySelector(".select2-selection[role='combobox']");
      if (!box) {
        return;
      }
      if (label) {
        // The label, then the value shown (select2's own rendering element).
        label.id = label.id || select.id + "-label";
        var shown = box.getAttribute("aria-labelledby");
        box.setAttribute("aria-labelledby", shown ? label.id + " " + shown : label.id);
      } else if (select.getAttribute("aria-label")) {
        box.setAttribute("aria-label", select.getAttribute("aria-label"));
        box.removeAttribute("aria-labelledby");
      }
    });
  }
  window.addEventListener("load", function () { labelBoxes(document); });
  document.addEventListener("formset:added", function (event) { labelBoxes(event.target); });
})();
