// The yearly report page: each figure's definition on hover, keyboard focus and tap, and
// the charts of the breakdowns (this period beside a year earlier) from the figures the
// page carries as JSON (json_script). No inline script or style: the strict Content
// Security Policy holds (positions are set through the CSSOM, which it allows).
(function () {
  "use strict";

  // --- definitions: a tooltip that a click or a tap keeps open until Escape or a second tap
  var open = null;

  function place(button, tip) {
    var box = button.getBoundingClientRect();
    var margin = 8;
    tip.style.top = box.bottom + 4 + "px";
    tip.style.left = "0px";
    var width = tip.offsetWidth;
    var left = Math.min(box.left, document.documentElement.clientWidth - width - margin);
    tip.style.left = Math.max(margin, left) + "px";
  }

  function show(button) {
    var tip = document.getElementById(button.getAttribute("aria-controls"));
    if (!tip) {
      return;
    }
    if (open && open !== button) {
      hide(open, true);
    }
    tip.hidden = false;
    button.setAttribute("aria-expanded", "true");
    place(button, tip);
    open = button;
  }

  function hide(button, force) {
    if (!force && button.dataset.pinned === "true") {
      return;
    }
    var tip = document.getElementById(button.getAttribute("aria-controls"));
    if (tip) {
      tip.hidden = true;
    }
    button.dataset.pinned = "false";
    button.setAttribute("aria-expanded", "false");
    if (open === button) {
      open = null;
    }
  }

  document.querySelectorAll(".figure-definition-toggle").forEach(function (button) {
    button.addEventListener("mouseenter", function () { show(button); });
    button.addEventListener("mouseleave", function () { hide(button, false); });
    button.addEventListener("focus", function () { show(button); });
    button.addEventListener("blur", function () { hide(button, true); });
    button.addEventListener("click", function () {
      if (button.dataset.pinned === "true") {
        hide(button, true);
      } else {
        button.dataset.pinned = "true";
        show(button);
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      hide(open, true);
    }
  });
  window.addEventListener("scroll", function () {
    if (open) {
      place(open, document.getElementById(open.getAttribute("aria-controls")));
    }
  }, true);
  window.addEventListener("resize", function () {
    if (open) {
      hide(open, true);
    }
  });

  // --- charts
  var source = document.getElementById("report-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#9aa5b1", "#2f4f6f"];
  var locale = document.documentElement.lang || "ru";
  data.charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) {
      return;
    }
    var series = chart.series;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: series.map(function (one, index) {
          return {
            label: one.name,
            data: one.values,
            backgroundColor: colours[series.length === 1 ? 1 : index],
          };
        }),
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: locale,
        plugins: { legend: { position: "bottom" } },
        scales: { x: { beginAtZero: true, ticks: { precision: chart.money ? 2 : 0 } } },
      },
    });
  });
})();
