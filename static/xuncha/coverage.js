// Coverage page (planning:coverage): the pictures drawn with ECharts from the json_script "coverage-data".
// No inline script or style (strict CSP): tooltips are drawn on the canvas (renderMode "richText"), so
// ECharts writes no HTML with style attributes.
(function () {
  "use strict";
  var source = document.getElementById("coverage-data");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var font = "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif";
  var statuses = ["inspected", "scheduled", "not_planned"];

  function make(id) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function base() {
    return {
      animation: !still,
      textStyle: { fontFamily: font },
      tooltip: { renderMode: "richText", confine: true },
      legend: { top: 0, textStyle: { color: "#4b5563" } },
    };
  }

  // A horizontal stacked bar: one row per category, inspected / scheduled / not planned.
  function stacked(id, stack) {
    var chart = make(id);
    if (!chart || !stack) {
      return;
    }
    var option = base();
    option.tooltip.trigger = "axis";
    option.tooltip.axisPointer = { type: "shadow" };
    option.grid = { left: 8, right: 24, top: 36, bottom: 8, containLabel: true };
    option.xAxis = { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef0f3" } } };
    option.yAxis = { type: "category", data: stack.categories, inverse: true,
                     axisLabel: { color: "#374151", width: 110, overflow: "truncate" } };
    option.series = statuses.map(function (s) {
      return {
        name: data.labels[s], type: "bar", stack: "total", barMaxWidth: 22,
        itemStyle: { color: data.colors[s] },
        label: { show: true, position: "inside", color: s === "not_planned" ? "#334155" : "#fff",
                 formatter: function (p) { return p.value ? p.value : ""; } },
        data: stack[s],
      };
    });
    chart.setOption(option);
  }

  function progress() {
    var chart = make("chart-progress");
    if (!chart) {
      return;
    }
    var p = data.progress;
    var option = base();
    option.tooltip.trigger = "axis";
    option.grid = { left: 8, right: 20, top: 36, bottom: 8, containLabel: true };
    option.xAxis = { type: "time", min: p.start, max: p.end,
                     axisLabel: { color: "#4b5563", formatter: "{yyyy}" }, splitLine: { show: false } };
    option.yAxis = { type: "value", min: 0, max: p.population, minInterval: 1,
                     splitLine: { lineStyle: { color: "#eef0f3" } } };
    option.series = [
      { name: data.names.actual, type: "line", step: "end", symbol: "circle", symbolSize: 6, data: p.actual,
        lineStyle: { width: 2.5, color: "#b71c1c" }, itemStyle: { color: "#b71c1c" },
        areaStyle: { color: "rgba(183, 28, 28, 0.08)" },
        markLine: { symbol: "none", silent: true,
                    label: { formatter: data.names.as_of, color: "#6b7280", position: "insideEndTop" },
                    lineStyle: { color: "#9ca3af", type: "dotted" }, data: [{ xAxis: p.as_of }] } },
      { name: data.names.target, type: "line", symbol: "none", data: p.target,
        lineStyle: { type: "dashed", color: "#6b7280", width: 1.5 }, itemStyle: { color: "#6b7280" } },
    ];
    if (p.projection && p.projection.length) {
      option.series.push({ name: data.names.projection, type: "line", step: "end", symbol: "emptyCircle", symbolSize: 5,
                           data: p.projection, lineStyle: { type: "dotted", width: 2, color: "#f59e0b" },
                           itemStyle: { color: "#f59e0b" } });
    }
    chart.setOption(option);
  }

  progress();
  stacked("chart-sector", data.sector);
  var region = document.getElementById("chart-region");
  if (region) {
    stacked("chart-region", data[region.getAttribute("data-series") || "region"]);
  }

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) {
      window.clearTimeout(pending);
    }
    pending = window.setTimeout(function () {
      charts.forEach(function (c) { c.resize(); });
    }, 120);
  });
})();
