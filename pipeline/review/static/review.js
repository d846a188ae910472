// Keyboard-first review: one key per action, every action also a button or a link.
// Plain keys are ignored while typing in a field; Ctrl+Enter saves the edit form.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf"]').content;
  var nameInput = document.getElementById("reviewer");
  var errorBox = document.getElementById("error");
  var help = document.getElementById("help");
  var item = document.getElementById("item");
  var busy = false;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }
  function reviewer() { return nameInput.value.trim(); }
  function post(url, data) {
    data.set("csrf", csrf);
    data.set("reviewer", reviewer());
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) { return r.json(); });
  }
  function send(form, action) {
    if (busy) { return; }
    if (!reviewer()) { showError(nameInput.labels[0].textContent.trim() + "?"); nameInput.focus(); return; }
    busy = true;
    var data = new FormData(form);
    if (action) { data.set("action", action); }
    post(form.getAttribute("action"), data).then(function (res) {
      if (!res.ok) { busy = false; showError(res.error || "error"); return; }
      if (form.hasAttribute("data-stay")) {
        sessionStorage.setItem("briefing-row", String(selected));
        location.reload();
      } else { location.href = res.next; }
    }).catch(function (e) { busy = false; showError(String(e)); });
  }
  function undo() { send(document.getElementById("undo-form"), null); }

  nameInput.addEventListener("change", function () {
    var data = new FormData();
    post("/reviewer", data);
  });
  document.querySelectorAll("form[data-ajax], #undo-form").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      send(form, ev.submitter && ev.submitter.name === "action" ? ev.submitter.value : null);
    });
  });
  document.getElementById("help-button").addEventListener("click", toggleHelp);
  function toggleHelp() { if (help.open) { help.close(); } else { help.showModal(); } }

  // Claim boundaries: move the start or the end by one word inside the paragraph.
  var ctxNode = document.getElementById("context");
  var ctx = ctxNode ? JSON.parse(ctxNode.textContent) : null;
  var startInput = document.getElementById("edit-start");
  var endInput = document.getElementById("edit-end");
  function moveBound(which, dir) {
    if (!ctx || !startInput) { return; }
    document.getElementById("edit").open = true;
    var text = ctx.para_text, base = ctx.para_start;
    var s = parseInt(startInput.value, 10) - base, e = parseInt(endInput.value, 10) - base;
    var pos = which === "start" ? s : e;
    if (which === "start" && dir < 0) {  // to the start of the previous word
      pos -= 1; while (pos > 0 && /\s/.test(text[pos])) { pos -= 1; }
      while (pos > 0 && !/\s/.test(text[pos - 1])) { pos -= 1; }
    } else if (which === "start") {  // past the first word and its spaces
      while (pos < e - 1 && !/\s/.test(text[pos])) { pos += 1; }
      while (pos < e - 1 && /\s/.test(text[pos])) { pos += 1; }
    } else if (dir > 0) {  // to the end of the next word
      while (pos < text.length && /\s/.test(text[pos])) { pos += 1; }
      while (pos < text.length && !/\s/.test(text[pos])) { pos += 1; }
    } else {  // back before the last word and its spaces
      while (pos > s + 1 && !/\s/.test(text[pos - 1])) { pos -= 1; }
      while (pos > s + 1 && /\s/.test(text[pos - 1])) { pos -= 1; }
    }
    pos = Math.max(0, Math.min(text.length, pos));
    if (which === "start" && pos < e) { s = pos; } else if (which === "end" && pos > s) { e = pos; }
    startInput.value = s + base;
    endInput.value = e + base;
    document.getElementById("bounds-preview").textContent = text.slice(s, e);
  }
  document.querySelectorAll("[data-bound]").forEach(function (b) {
    b.addEventListener("click", function () {
      moveBound(b.getAttribute("data-bound"), parseInt(b.getAttribute("data-dir"), 10));
    });
  });
  [startInput, endInput].forEach(function (input) {
    if (input) { input.addEventListener("input", function () { moveBound("none", 0); }); }
  });

  function openEdit() {
    var details = document.getElementById("edit");
    if (!details) { return; }
    details.open = true;
    var first = document.getElementById("edit-amount") || document.getElementById("edit-who");
    if (first) { first.focus(); first.select(); }
  }

  // List view: a selected row that a/r/Enter act on.
  var rows = Array.prototype.slice.call(document.querySelectorAll("#list tr[data-item]"));
  var selected = rows.length ? 0 : -1;
  function select(k) {
    if (!rows.length) { return; }
    if (selected >= 0) { rows[selected].classList.remove("selected"); }
    selected = Math.max(0, Math.min(rows.length - 1, k));
    rows[selected].classList.add("selected");
    rows[selected].scrollIntoView({ block: "nearest" });
  }
  if (rows.length) {
    select(parseInt(sessionStorage.getItem("briefing-row") || "0", 10) || 0);
    sessionStorage.removeItem("briefing-row");
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      var edit = document.getElementById("edit-form");
      if (edit && document.getElementById("edit").open) { ev.preventDefault(); send(edit, "edit"); }
      return;
    }
    if (ev.key === "Escape") {
      if (typing(document.activeElement)) { document.activeElement.blur(); }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) { return; }
    var key = ev.key;
    if (key === "?") { ev.preventDefault(); toggleHelp(); return; }
    if (help.open) { return; }
    if (item) {
      var decide = document.getElementById("decide");
      var actions = {
        a: function () { send(decide, "accept"); },
        r: function () { send(decide, "reject"); },
        s: function () { location.href = item.getAttribute("data-next"); },
        ArrowRight: function () { location.href = item.getAttribute("data-next"); },
        p: function () { var p = item.getAttribute("data-prev"); if (p) { location.href = p; } },
        ArrowLeft: function () { var p = item.getAttribute("data-prev"); if (p) { location.href = p; } },
        u: undo,
        e: openEdit,
        "[": function () { moveBound("start", -1); },
        "{": function () { moveBound("start", 1); },
        "}": function () { moveBound("end", -1); },
        "]": function () { moveBound("end", 1); }
      };
      if (actions[key]) { ev.preventDefault(); actions[key](); }
      return;
    }
    if (rows.length) {
      var row = rows[selected], form = row.querySelector("form");
      if (key === "j" || key === "ArrowDown") { ev.preventDefault(); select(selected + 1); }
      else if (key === "k" || key === "ArrowUp") { ev.preventDefault(); select(selected - 1); }
      else if (key === "a") { send(form, "accept"); }
      else if (key === "r") { send(form, "reject"); }
      else if (key === "Enter") { location.href = row.getAttribute("data-href"); }
      else if (key === "u") { undo(); }
    } else if (key === "u") { undo(); }
  });
})();
