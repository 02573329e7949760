// Account and role administration pages: no inline script (strict CSP); everything works without JS too.
(function () {
  "use strict";

  // Role grant: show only the scope select the chosen role is bound to (ROLE_SCOPE, rendered as JSON).
  // Hidden selects are disabled so that a value picked before switching role is not submitted;
  // the server checks the combination anyway.
  function setUpRoleScopes() {
    var form = document.getElementById("role-grant-form");
    var data = document.getElementById("role-scopes");
    if (!form || !data) { return; }
    var scopes = JSON.parse(data.textContent);
    var roleSelect = form.querySelector("[data-role-select]");
    var fields = form.querySelectorAll(".scope-field");
    function update() {
      var kind = scopes[roleSelect.value] || "";
      fields.forEach(function (wrapper) {
        var show = wrapper.getAttribute("data-scope-kind") === kind;
        wrapper.hidden = !show;
        wrapper.querySelectorAll("select, input, textarea").forEach(function (input) { input.disabled = !show; });
      });
    }
    roleSelect.addEventListener("change", update);
    update();
  }

  // User creation: a cadre picked in the search results fills in the cadre number.
  function setUpPersonPicker() {
    var input = document.getElementById("id_person");
    var results = document.getElementById("person-results");
    var chosen = document.getElementById("person-chosen");
    if (!input || !results) { return; }
    results.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-person-id]") : null;
      if (!button) { return; }
      input.value = button.getAttribute("data-person-id");
      if (chosen) { chosen.textContent = (chosen.getAttribute("data-prefix") || "") + button.getAttribute("data-person-name"); }
      results.querySelectorAll("[data-person-id]").forEach(function (b) {
        b.classList.toggle("active", b === button);
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
      input.focus();
    });
    input.addEventListener("input", function () { if (chosen) { chosen.textContent = ""; } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpRoleScopes();
    setUpPersonPicker();
  });
})();
