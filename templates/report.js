(function () {
  // The report's tables: a click on a column's heading sorts by it; a filter box hides the rows
  // without all its words (accents and case aside). Without this script the tables are whole, in
  // the order the report wrote them.
  function folded(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function value(row, column, numeric) {
    var cell = row.cells[column], time = cell.querySelector("time");
    var text = time ? time.getAttribute("datetime") : cell.textContent.trim();
    return numeric ? parseFloat(text) || 0 : folded(text);
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headings = table.querySelectorAll("thead th"), body = table.tBodies[0];
    headings.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending", numeric = th.classList.contains("num");
        headings.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows).map(function (row, i) { return [value(row, column, numeric), i, row]; });
        rows.sort(function (a, b) { return (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]) * (ascending || a[0] === b[0] ? 1 : -1); });
        rows.forEach(function (r) { body.appendChild(r[2]); });
      });
    });
  });
  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("aria-controls"));
    var count = document.getElementById(input.id + "-count");
    input.parentNode.hidden = false;
    input.addEventListener("input", function () {
      var words = folded(input.value).split(/\s+/).filter(Boolean), rows = table.tBodies[0].rows, shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var text = folded(row.textContent);
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
        shown += row.hidden ? 0 : 1;
      });
      count.textContent = words.length ? shown + " of " + rows.length + " shown" : "";
    });
  });
})();
