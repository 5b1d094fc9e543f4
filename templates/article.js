(function () {
  var buttons = document.querySelectorAll("button.speaker");
  function show(id) {
    document.body.classList.toggle("filtering", !!id);
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.speaker === id ? "true" : "false"); });
    document.querySelectorAll("[data-speaker]").forEach(function (el) {
      el.classList.toggle("on", !!id && el.dataset.speaker === id);
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { show(b.getAttribute("aria-pressed") === "true" ? "" : b.dataset.speaker); });
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") show(""); });
})();
