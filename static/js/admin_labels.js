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
      var shown = box.querySelector(".select2-selection__rendered");
      if (label) {
        // The label, then the value shown (select2's own rendering element, which is named too).
        label.id = label.id || select.id + "-label";
        box.setAttribute("aria-labelledby", shown && shown.id ? label.id + " " + shown.id : label.id);
        if (shown) {
          shown.setAttribute("aria-labelledby", label.id);
        }
      } else if (select.getAttribute("aria-label")) {
        box.setAttribute("aria-label", select.getAttribute("aria-label"));
        box.removeAttribute("aria-labelledby");
      }
    });
  }
  // select2 draws its boxes from jQuery's ready handlers, which may run after "load":
  // name them whenever they appear (page load, a new inline row).
  new MutationObserver(function () { labelBoxes(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", function () { labelBoxes(document); });
})();
