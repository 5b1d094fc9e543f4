(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var items = [], index = 0;
  var $ = function (id) { return document.getElementById(id); };
  var reviewer = $("reviewer");
  reviewer.value = localStorage.getItem("reviewer") || "";
  reviewer.addEventListener("change", function () { localStorage.setItem("reviewer", reviewer.value); });

  function text(id, value) { $(id).textContent = value == null || value === "" ? "—" : value; }

  var done = [];  // this session's changes, latest last, each {article_id, quotes: [{quote_id, version}]}: what U takes back
  var FILTERS = ["speaker", "kind", "state", "max_confidence", "order"];

  function filters() {
    var query = new URLSearchParams();
    FILTERS.forEach(function (name) {
      var value = $("filter-" + name).value.trim();
      if (value) query.set(name, value);
    });
    return query.toString();
  }

  function load(keepIndex) {
    return fetch("/api/queue?" + filters()).then(function (r) { return r.json(); }).then(function (data) {
      items = data.items;
      if (!keepIndex) {
        var first = items.findIndex(function (i) { return !i.quote.review; });
        index = first < 0 ? 0 : first;
      }
      $("progress-text").textContent = data.reviewed + " / " + data.total + " reviewed";
      $("bar").style.width = (data.total ? 100 * data.reviewed / data.total : 0) + "%";
      show();
    });
  }

  function show() {
    var item = items[index];
    $("message").textContent = "";
    closeForm();
    $("card").classList.toggle("empty", !item);
    if (!item) { text("where", filters().replace(/order=[a-z]+&?/, "") ? "No quotation matches the filters." : "Nothing to review."); return; }
    var q = item.quote, review = q.review;
    text("where", (item.article_title ? item.article_title + " — " : "") + item.article_id + " · " + (index + 1) + " of " + items.length);
    var ctx = $("context");
    ctx.textContent = "";
    ctx.appendChild(document.createTextNode("…"));
    item.context.forEach(function (piece) {
      var node = document.createElement(piece.quote ? "mark" : "span");
      if (piece.quote) node.style.setProperty("--c", item.colour);
      if (piece.mention) {
        node.classList.add("mention");
        node.title = !q.speaker ? "the mention; its speaker is not resolved"
          : q.speaker_mention.text === q.speaker ? "the speaker" : "“" + q.speaker_mention.text + "” is " + q.speaker;
      }
      if (piece.cue) { node.classList.add("cue"); node.title = "the cue"; }
      node.textContent = piece.text;
      ctx.appendChild(node);
    });
    ctx.appendChild(document.createTextNode("…"));
    text("speaker", q.speaker); text("role", q.role); text("affiliation", q.affiliation);
    text("kind", q.kind + (q.cue ? " · “" + q.cue.text + "”" : ""));
    text("confidence", Math.round(100 * q.confidence) + "%" + (q.confidence < 0.6 ? " — low" : ""));
    text("evidence", q.evidence);
    var rival = q.runner_up;
    text("runner-up", rival ? rival.speaker + " (" + (rival.probability < 0.01 ? "<1" : Math.round(100 * rival.probability)) + "%, “" + rival.mention.text + "”)" : null);
    $("runner-up-name").textContent = rival ? rival.speaker : "The runner-up";
    $("use-runner-up").disabled = !rival || !!(review && review.status === "corrected" && review.speaker === rival.speaker);
    var mine = items.filter(function (i) { return i.article_id === item.article_id && q.speaker_id && i.quote.speaker_id === q.speaker_id && !i.quote.review; });
    $("accept-speaker").disabled = !q.speaker_id || !mine.length;
    $("accept-speaker-count").textContent = q.speaker_id && mine.length ? " (" + mine.length + ")" : "";
    text("status", review ? review.status + " by " + review.reviewer + " (" + review.decided_at + ")" : "not reviewed");
    var list = $("speakers");
    list.textContent = "";
    item.speakers.forEach(function (s) { var o = document.createElement("option"); o.value = s.name; list.appendChild(o); });
  }

  // A change to the store: the response's JSON, and whether the server took it.
  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body) }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    });
  }

  function decide(status, fields) {
    var item = items[index];
    if (!item) return;
    var body = Object.assign({ article_id: item.article_id, quote_id: item.quote.id, status: status,
      reviewer: reviewer.value, version: item.quote.review ? item.quote.review.version : 0 }, fields || {});
    return post("/api/decisions", body).then(function (answer) {
      if (!answer.ok) { $("message").textContent = answer.data.error || "not saved"; return load(true); }
      done.push({ article_id: item.article_id, quotes: [{ quote_id: item.quote.id, version: answer.data.decision.version }] });
      return load(true).then(function () { if (index < items.length - 1) { index++; show(); } });
    });
  }

  function undo() {
    var last = done.pop();
    if (!last) { $("message").textContent = "nothing to undo"; return; }
    return post("/api/undo", last).then(function (answer) {
      return load(true).then(function () {
        if (!answer.ok) { $("message").textContent = answer.data.error || "not undone"; return; }
        var back = items.findIndex(function (i) { return i.article_id === last.article_id && i.quote.id === last.quotes[0].quote_id; });
        if (back >= 0) { index = back; show(); }
        $("message").textContent = "decision taken back";
      });
    });
  }

  function speakerFacts(item, name) {
    return item.speakers.find(function (s) { return s.name === name; }) || {};
  }

  function useRunnerUp() {
    var item = items[index], rival = item && item.quote.runner_up;
    if (!rival) { $("message").textContent = "no runner-up speaker for this quote"; return; }
    var facts = speakerFacts(item, rival.speaker);
    return decide("corrected", { speaker: rival.speaker, role: facts.role || null, affiliation: facts.affiliation || null,
      note: "runner-up speaker" });
  }

  function acceptSpeaker() {
    var item = items[index];
    if (!item || !item.quote.speaker_id) return;
    var q = item.quote;
    if (!window.confirm("Accept every undecided quote by " + q.speaker + " in " + item.article_id + "?")) return;
    return post("/api/accept-speaker", { article_id: item.article_id, speaker_id: q.speaker_id, reviewer: reviewer.value })
      .then(function (answer) {
        if (!answer.ok) { $("message").textContent = answer.data.error || "not saved"; return load(true); }
        var decisions = answer.data.decisions;
        var quotes = Object.keys(decisions).map(function (id) { return { quote_id: id, version: decisions[id].version }; });
        if (quotes.length) done.push({ article_id: item.article_id, quotes: quotes });
        return load(true).then(function () { $("message").textContent = quotes.length + " quotes by " + q.speaker + " accepted"; });
      });
  }

  function openForm() {
    var q = items[index] && items[index].quote;
    if (!q) return;
    $("f-speaker").value = q.speaker || ""; $("f-role").value = q.role || "";
    $("f-affiliation").value = q.affiliation || ""; $("f-note").value = (q.review && q.review.note) || "";
    $("form").classList.add("open");
    $("f-speaker").focus();
    $("f-speaker").select();
  }
  function closeForm() { $("form").classList.remove("open"); }
  function formOpen() { return $("form").classList.contains("open"); }

  $("form").addEventListener("submit", function (e) {
    e.preventDefault();
    decide("corrected", { speaker: $("f-speaker").value, role: $("f-role").value,
      affiliation: $("f-affiliation").value, note: $("f-note").value });
  });
  $("cancel").addEventListener("click", closeForm);
  $("accept").addEventListener("click", function () { decide("accepted"); });
  $("reject").addEventListener("click", function () { decide("rejected"); });
  $("edit").addEventListener("click", openForm);
  $("next").addEventListener("click", function () { if (index < items.length - 1) { index++; show(); } });
  $("prev").addEventListener("click", function () { if (index > 0) { index--; show(); } });
  $("undo").addEventListener("click", undo);
  $("use-runner-up").addEventListener("click", useRunnerUp);
  $("accept-speaker").addEventListener("click", acceptSpeaker);
  FILTERS.forEach(function (name) {
    $("filter-" + name).addEventListener("change", function () { load(false); });
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { closeForm(); return; }
    if (formOpen() || e.target === reviewer || e.target.closest(".filters") || e.ctrlKey || e.metaKey || e.altKey) return;
    var key = e.key.toLowerCase();
    if (key === "a" && e.shiftKey) acceptSpeaker();
    else if (key === "j" || key === "arrowright") $("next").click();
    else if (key === "k" || key === "arrowleft") $("prev").click();
    else if (key === "a") decide("accepted");
    else if (key === "r") decide("rejected");
    else if (key === "2") useRunnerUp();
    else if (key === "e") { e.preventDefault(); openForm(); }
    else if (key === "u" || key === "backspace") { e.preventDefault(); undo(); }
  });
  load(false);
})();
