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
        function () {
          linkSites(div);
          if (fig.clusters) clusterMap(div, fig.clusters);
          div.setAttribute("data-rendered", "1");
        },
        function (err) { div.setAttribute("data-error", String(err)); }
      );
    });
  }

  /* Marker clusters of a sites map (figures.cluster_levels, computed by the server).
     spec.levels[i] applies from zoom factor spec.levels[i].zoom (map scale over the
     first view); the sites alone in their cell are put back into their own traces, the
     clusters into the cluster trace. Zooming (wheel, buttons) or clicking a cluster
     moves to a finer level; clicking a site opens its page, and so does clicking a
     cluster that stands for one site (its points all carry that site's id). */
  var SITE_FIELDS = ["lat", "lon", "text", "customdata"];

  // figures.cluster_hover: a cluster of one site's points opens that site
  function clusterHover(c) {
    return c.site ? c.count + " points of one site: click to open it"
      : c.count + " sites: click or zoom in to expand";
  }

  function openSite(id) {
    window.location.href = "/site/" + encodeURIComponent(id);
  }

  function clusterSize(count) {
    return Math.round(Math.min(44, 16 + 5 * Math.log2(Math.max(count, 2))) * 10) / 10;
  }

  function clusterMap(div, spec) {
    var Plotly = window.Plotly;
    var geo = div._fullLayout.geo;
    if (!geo || !spec.levels || !spec.levels.length) return;
    var traces = Object.keys(spec.points).map(Number);
    var where = {};
    traces.forEach(function (t) {
      spec.points[String(t)].customdata.forEach(function (id, i) { where[id] = [t, i]; });
    });
    // the first view, fitted by Plotly to the country: zoom factors are relative to its
    // scale, which Plotly states (like layout's geo.projection.scale) over the scale that
    // shows the whole world (fitScale)
    var sub = geo._subplot;
    var first = { scale: sub && sub.fitScale ? sub.projection.scale() / sub.fitScale : 1 };
    var current = 0;
    var busy = false;

    function levelFor(zoom) {
      var pick = 0;
      spec.levels.forEach(function (level, i) { if (level.zoom <= zoom * 1.0001) pick = i; });
      return pick;
    }

    function show(index) {
      if (index === current || busy) return;
      busy = true;
      current = index;
      var level = spec.levels[index];
      var keep = {};
      traces.forEach(function (t) { keep[t] = []; });
      level.singles.forEach(function (id) {
        var at = where[id];
        if (at) keep[at[0]].push(at[1]);
      });
      var update = {};
      SITE_FIELDS.forEach(function (field) {
        update[field] = traces.map(function (t) {
          var full = spec.points[String(t)][field];
          // an empty trace would drop out of the legend: one unplaced point keeps it there
          if (!keep[t].length) return [null];
          return keep[t].map(function (i) { return full[i]; });
        });
      });
      var clusters = level.clusters;
      var clusterUpdate = {
        lat: [clusters.map(function (c) { return c.lat; })],
        lon: [clusters.map(function (c) { return c.lon; })],
        text: [clusters.map(function (c) { return String(c.count); })],
        customdata: [clusters.map(function (c, i) { return i; })],
        hovertext: [clusters.map(clusterHover)],
        "marker.size": [clusters.map(function (c) { return clusterSize(c.count); })]
      };
      Plotly.restyle(div, update, traces)
        .then(function () { return Plotly.restyle(div, clusterUpdate, [spec.trace]); })
        .then(function () {
          div.setAttribute("data-cluster-level", String(index));
          div.setAttribute("data-cluster-count", String(clusters.length));
          busy = false;
          follow();
        }, function (err) { busy = false; div.setAttribute("data-error", String(err)); });
    }

    function zoomNow() {
      var now = div._fullLayout.geo;
      var scale = now.projection.scale;
      if (!scale && now._subplot && now._subplot.fitScale) {  // still the fitted first view
        scale = now._subplot.projection.scale() / now._subplot.fitScale;
      }
      return first.scale > 0 && scale ? scale / first.scale : 1;
    }

    function follow() { show(levelFor(zoomNow())); }

    div.setAttribute("data-cluster-level", "0");
    div.setAttribute("data-cluster-count", String(spec.levels[0].clusters.length));
    div.on("plotly_relayout", follow);
    div.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      if (!point) return;
      if (point.curveNumber === spec.trace) {
        var cluster = spec.levels[current].clusters[point.customdata];
        if (!cluster) return;
        if (cluster.site) {  // it stands for one site: behave like that site's marker
          openSite(cluster.site);
          return;
        }
        var next = Math.min(current + 1, spec.levels.length - 1);
        var zoom = Math.max(spec.levels[next].zoom, zoomNow() * 2);
        var lon = (cluster.bounds[0] + cluster.bounds[2]) / 2;
        if (cluster.bounds[2] < cluster.bounds[0]) lon += 180;  // spans 180 degrees
        Plotly.relayout(div, {
          "geo.fitbounds": false,
          "geo.center.lon": lon,
          "geo.center.lat": (cluster.bounds[1] + cluster.bounds[3]) / 2,
          "geo.projection.rotation.lon": lon,
          "geo.projection.scale": first.scale * zoom
        });
      }
    });
  }

  /* A click on a site marker (a trace whose meta is "sites", customdata the site id)
     opens that site's page. */
  function linkSites(div) {
    div.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      if (!point || !point.data || point.data.meta !== "sites" || !point.customdata) return;
      openSite(point.customdata);
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
