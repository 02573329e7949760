// Inspector pool and team forming pages (no inline script: the CSP allows only same-origin scripts).
(function () {
  "use strict";
  if (window.xunchaPoolLoaded) { return; }
  window.xunchaPoolLoaded = true;

  // htmx leaves 4xx answers unswapped. A form marked data-swap-errors gets back its panel redrawn with the
  // errors (400: the form; 409: the state): show it where the form was.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var status = detail.xhr ? detail.xhr.status : 0;
    var source = detail.requestConfig ? detail.requestConfig.elt : null;
    var form = source && source.closest ? source.closest("[data-swap-errors]") : null;
    if (form && (status === 400 || status === 409)) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });

  // A refused action (403) or a lost connection: say so next to the form instead of doing nothing.
  function report(source, text) {
    var form = source && source.closest ? source.closest("form") : null;
    if (!form) { return; }
    var box = form.querySelector(".htmx-refused");
    if (!box) {
      box = document.createElement("div");
      box.className = "htmx-refused alert alert-danger py-1 px-2 mt-2 mb-0 small";
      box.setAttribute("role", "alert");
      form.appendChild(box);
    }
    box.textContent = text;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 400 || status === 409) { return; }
    report(event.detail.elt, status === 403 ? "您的角色不能执行此操作。" : "操作未能完成，请刷新页面后重试。");
  });
  document.addEventListener("htmx:sendError", function (event) {
    report(event.detail.elt, "网络连接中断，操作未提交。");
  });

  // After the forming panels are redrawn in place, keep the reader where they were: a field in error gets the
  // focus (it scrolls into view); a general error is announced and focused; a success is announced by the
  // toast (role=status) without moving anything. After adding a member the result card takes the focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "team-forming") { return; }
    var focus = target.querySelector("[aria-invalid=true]") || target.querySelector(".inline-error")
      || target.querySelector(".forming-error")
      || target.querySelector(".added-result");
    if (focus) {
      if (!focus.matches("input, select, textarea, button") && !focus.hasAttribute("tabindex")) {
        focus.setAttribute("tabindex", "-1");
      }
      focus.focus();
    }
  });
})();
