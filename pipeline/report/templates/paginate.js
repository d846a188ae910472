// Client-side filtering and pagination of the briefing's tables (no library, no network).
// A <table data-paginate data-page-size="25"> gets a search box, a review-status filter
// when its rows carry data-status, and previous/next buttons. Labels come from data-*
// attributes of the table, so this script holds no interface text.
(function () {
  "use strict";
  function setup(table) {
    var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
    var size = parseInt(table.getAttribute("data-page-size"), 10) || 25;
    if (rows.length <= 8) { return; }
    var page = 0, shown = rows;
    var bar = document.createElement("div");
    bar.className = "pager";
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = table.getAttribute("data-filter-label") || "";
    search.setAttribute("aria-label", search.placeholder);
    bar.appendChild(search);
    var statuses = rows.map(function (r) { return r.getAttribute("data-status"); })
      .filter(function (s, i, all) { return s && all.indexOf(s) === i; });
    var select = null;
    if (statuses.length > 1) {
      select = document.createElement("select");
      select.appendChild(new Option(table.getAttribute("data-all-label") || "*", ""));
      statuses.sort().forEach(function (s) {
        select.appendChild(new Option(table.getAttribute("data-label-" + s) || s, s));
      });
      bar.appendChild(select);
    }
    var prev = document.createElement("button");
    prev.type = "button";
    prev.textContent = "‹ " + (table.getAttribute("data-prev-label") || "");
    var next = document.createElement("button");
    next.type = "button";
    next.textContent = (table.getAttribute("data-next-label") || "") + " ›";
    var info = document.createElement("span");
    info.className = "muted";
    bar.appendChild(prev); bar.appendChild(next); bar.appendChild(info);
    table.parentNode.insertBefore(bar, table);
    function render() {
      var pages = Math.max(1, Math.ceil(shown.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      var a = page * size, b = Math.min(shown.length, a + size);
      rows.forEach(function (r) { r.classList.add("pg-hidden"); });
      shown.slice(a, b).forEach(function (r) { r.classList.remove("pg-hidden"); });
      var tpl = table.getAttribute("data-rows-label") || "{a}-{b} / {n}";
      info.textContent = tpl.replace("{a}", shown.length ? a + 1 : 0).replace("{b}", b)
        .replace("{n}", shown.length);
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }
    function refilter() {
      var q = search.value.toLowerCase().trim();
      var s = select ? select.value : "";
      shown = rows.filter(function (r) {
        return (!q || r.textContent.toLowerCase().indexOf(q) !== -1) &&
          (!s || r.getAttribute("data-status") === s);
      });
      page = 0;
      render();
    }
    search.addEventListener("input", refilter);
    if (select) { select.addEventListener("change", refilter); }
    prev.addEventListener("click", function () { page -= 1; render(); });
    next.addEventListener("click", function () { page += 1; render(); });
    // A link to a row on a later page (#anchor) opens that page.
    function reveal() {
      var id = decodeURIComponent(location.hash.slice(1));
      var el = id && document.getElementById(id);
      var row = el && el.closest ? el.closest("tr") : null;
      var k = row ? shown.indexOf(row) : -1;
      if (k >= 0) { page = Math.floor(k / size); render(); el.scrollIntoView(); }
    }
    render();
    reveal();
    window.addEventListener("hashchange", reveal);
  }
  document.querySelectorAll("table[data-paginate]").forEach(setup);
})();
