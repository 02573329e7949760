// Round planning and stationing pages (the CSP allows only same-origin scripts).
(function () {
  "use strict";

  // Fields that only some inspection types need: <div data-show-for="special">…</div>.
  function syncTypeFields(select) {
    var form = select.form;
    if (!form) { return; }
    form.querySelectorAll("[data-show-for]").forEach(function (box) {
      var wanted = box.getAttribute("data-show-for").split(" ");
      var invalid = box.querySelector("[aria-invalid='true']");
      box.hidden = wanted.indexOf(select.value) === -1 && !invalid;
    });
  }

  // "已勾选 N 个党组织" next to the candidate table.
  function syncCount(form) {
    var label = form.querySelector("[data-selected-count]");
    if (!label) { return; }
    var n = form.querySelectorAll("input[name='organizations']:checked").length;
    label.textContent = label.getAttribute("data-template").replace("{n}", String(n));
    label.classList.toggle("has-selection", n > 0);
    // The names of this page's ticked organisations in the list beside the form.
    form.querySelectorAll("[data-selected-name]").forEach(function (item) {
      var box = form.querySelector("input[name='organizations'][value='" + item.getAttribute("data-selected-name") + "']");
      item.hidden = !(box && box.checked);
    });
  }

  // Ticks kept across pages and filters: the ticked ids travel in the query string (<form data-carry-param="sel">).
  function tickedIds(form) {
    var ids = [];
    form.querySelectorAll("input[name='organizations']:checked").forEach(function (box) {
      if (ids.indexOf(box.value) === -1) { ids.push(box.value); }
    });
    return ids;
  }

  function carryInto(url, form) {
    var param = form.getAttribute("data-carry-param");
    var target = new URL(url, window.location.href);
    target.searchParams.delete(param);
    tickedIds(form).forEach(function (id) { target.searchParams.append(param, id); });
    return target.toString();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (!link) { return; }
    var form = null;
    if (link.hasAttribute("data-carry-from")) {
      form = document.getElementById(link.getAttribute("data-carry-from"));
    } else if (link.classList.contains("page-link")) {
      form = link.closest("form[data-carry-param]");
    }
    if (form) { link.href = carryInto(link.href, form); }
  });

  document.addEventListener("submit", function (event) {
    var filters = event.target;
    if (!filters.hasAttribute || !filters.hasAttribute("data-carry-ticks")) { return; }
    var form = document.getElementById(filters.getAttribute("data-carry-ticks"));
    if (!form) { return; }
    var param = form.getAttribute("data-carry-param");
    filters.querySelectorAll("input[type='hidden'][name='" + param + "']").forEach(function (input) {
      input.remove();
    });
    tickedIds(form).forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = param;
      input.value = id;
      filters.appendChild(input);
    });
  });

  // "全选本页" covers this page's table only, not the ticks kept from other pages.
  function pageBoxes(all) {
    var scope = all.closest("table") || all.form;
    return scope.querySelectorAll("tbody input[name='" + all.getAttribute("data-check-all") + "']");
  }

  function syncCheckAll(form) {
    var all = form.querySelector("[data-check-all]");
    if (!all) { return; }
    var boxes = pageBoxes(all);
    var checked = Array.prototype.filter.call(boxes, function (box) { return box.checked; });
    all.checked = boxes.length > 0 && checked.length === boxes.length;
    all.indeterminate = checked.length > 0 && checked.length < boxes.length;
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el || !el.form) { return; }
    if (el.name === "inspection_type") { syncTypeFields(el); }
    if (el.hasAttribute("data-check-all")) {
      pageBoxes(el).forEach(function (box) {
        box.checked = el.checked;
      });
    }
    if (el.name === "organizations" || el.hasAttribute("data-check-all")) {
      syncCount(el.form);
      syncCheckAll(el.form);
    }
  });

  // Print button of the announcement page.
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-print]") : null;
    if (el) {
      event.preventDefault();
      window.print();
    }
  });

  // After a refused submission, take the keyboard and the eye to the first message.
  function focusFirstError() {
    var alert = document.querySelector(".alert-danger[tabindex='-1']");
    if (alert) {
      alert.scrollIntoView({block: "center"});
      alert.focus({preventScroll: true});
    }
  }

  function init() {
    focusFirstError();
    document.querySelectorAll("select[name='inspection_type']").forEach(syncTypeFields);
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-selected-count]")) {
        syncCount(form);
        syncCheckAll(form);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
