/* assay web app: draws the Plotly figures embedded as JSON data blocks, sorts tables and
   shows claim details. No inline script anywhere: the content security policy forbids it.
   Text from the server is only ever inserted with textContent, never as HTML. */
"use strict";
(function () {
  function drawPlots() {
    var divs = document.querySelectorAll("div.plot[data-figure]");
    if (!divs.length) return;
    if (!window.Plotly) {
      divs.forEach(function (div) { div.textContent = "Charts need plotly.min.js, which did not load."; });
      return;
    }
    divs.forEach(function (div) {
      var block = document.getElementById(div.getAttribute("data-figure"));
      if (!block) return;
      var fig = JSON.parse(block.textContent);
      var config = Object.assign(
        { responsive: true, displaylogo: false, topojsonURL: "/static/topojson/" },
        fig.config || {}
      );
      window.Plotly.newPlot(div, fig.data, fig.layout || {}, config).then(
        function () { div.setAttribute("data-rendered", "1"); },
        function (err) { div.setAttribute("data-error", String(err)); }
      );
    });
  }

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent.trim();
    var num = parseFloat(raw.replace(/[,\s%]/g, ""));
    return isNaN(num) || !/^[-+]?[\d.,\s%]+$/.test(raw) ? raw.toLowerCase() : num;
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("title", "sort");
      function sort() {
        var body = table.tBodies[0];
        if (!body) return;
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          if (typeof x === "number" && typeof y === "number") return ascending ? x - y : y - x;
          x = String(x); y = String(y);
          return ascending ? x.localeCompare(y) : y.localeCompare(x);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  }

  function showClaims() {
    var block = document.getElementById("claims-data");
    var panel = document.getElementById("claim-detail");
    if (!block || !panel) return;
    var claims = JSON.parse(block.textContent);
    function show(mark) {
      var ids = (mark.getAttribute("data-claim") || "").split(/\s+/).filter(Boolean);
      document.querySelectorAll("mark.claim.selected").forEach(function (m) { m.classList.remove("selected"); });
      mark.classList.add("selected");
      panel.replaceChildren();
      ids.forEach(function (id) {
        var claim = claims[Number(id)];
        if (!claim) return;
        var h = document.createElement("h3");
        var badge = document.createElement("span");
        badge.className = "badge verdict-" + (claim.verdict || "unchecked");
        badge.textContent = claim.verdict || "unchecked";
        h.appendChild(badge);
        panel.appendChild(h);
        if (claim.explanation) {
          var p = document.createElement("p");
          p.textContent = claim.explanation;
          panel.appendChild(p);
        }
        var evidence = claim.evidence || [];
        if (evidence.length) {
          var ul = document.createElement("ul");
          evidence.forEach(function (ev) {
            var li = document.createElement("li");
            li.textContent = typeof ev === "string" ? ev : JSON.stringify(ev);
            ul.appendChild(li);
          });
          panel.appendChild(ul);
        }
      });
      panel.hidden = false;
    }
    document.querySelectorAll("mark.claim").forEach(function (mark) {
      mark.setAttribute("tabindex", "0");
      mark.addEventListener("click", function () { show(mark); });
      mark.addEventListener("keydown", function (e) { if (e.key === "Enter") show(mark); });
    });
  }

  function init() {
    drawPlots();
    document.querySelectorAll("table.sortable").forEach(makeSortable);
    showClaims();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
