// The tracker's "select all on this page" box ticks or unticks every row of the bulk form.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("bulk-select-all");
  if (!all) return;
  all.addEventListener("change", () => {
    document.querySelectorAll("#bulk-mark-sent .bulk-item").forEach((box) => {
      box.checked = all.checked;
    });
  });
});
