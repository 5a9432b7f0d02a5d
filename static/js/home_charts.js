// Draws the manager's home charts (one per headline figure: last year, this year) from the
// figures the page carries as JSON (json_script): no inline script, so the strict Content
// Security Policy holds.
(function () {
  "use strict";
  var source = document.getElementById("headline-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#9aa5b1", "#2f4f6f"];
  data.figures.forEach(function (figure) {
    var canvas = document.getElementById("chart-" + figure.key);
    if (!canvas) {
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.years,
        datasets: [{ label: figure.label, data: figure.values, backgroundColor: colours }],
      },
      options: {
        responsive: true,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
})();
