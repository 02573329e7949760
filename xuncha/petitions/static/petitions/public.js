// The public petition form: the identity fields only when the petitioner chooses to give their name; a new
// captcha image on click (django-simple-captcha's refresh endpoint, same origin).
(function () {
  "use strict";
  function toggleIdentity() {
    var named = document.querySelector("input[name=anonymous][value='0']");
    var box = document.getElementById("identity-fields");
    if (!named || !box) { return; }
    box.hidden = !named.checked;
  }
  document.querySelectorAll("input[name=anonymous]").forEach(function (input) {
    input.addEventListener("change", toggleIdentity);
  });
  toggleIdentity();
  document.querySelectorAll(".xf-captcha img.captcha").forEach(function (img) {
    img.setAttribute("title", "看不清？点击更换");
    img.setAttribute("tabindex", "0");
    function refresh() {
      fetch(img.dataset.refresh || "/captcha/refresh/", {headers: {"X-Requested-With": "XMLHttpRequest"}})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          img.src = data.image_url;
          var key = document.querySelector("input[name='captcha_0']");
          if (key) { key.value = data.key; }
        });
    }
    img.addEventListener("click", refresh);
    img.addEventListener("keydown", function (e) { if (e.key === "Enter") { refresh(); } });
  });
})();
