// A background job's page: asks for its status every second, moves the bar, and reloads
// the page once the job is finished so the server shows the result or the error.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true") return;
  var bar = document.getElementById("job-progress-bar");
  var progress = document.getElementById("job-progress");
  var status = document.getElementById("job-status");
  var steps = document.getElementById("job-steps");
  function show(data) {
    if (status) status.textContent = data.status_label;
    if (progress && data.percent !== null) {
      progress.value = data.percent;
      progress.setAttribute("aria-valuenow", String(data.percent));
      if (bar) bar.textContent = data.percent + " %";
    }
    if (steps && data.total) steps.textContent = data.done + " / " + data.total;
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        show(data);
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
