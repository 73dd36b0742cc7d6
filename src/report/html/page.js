// govrules report (src/report/html/): unpacks the report's data, pages and filters the long tables, renders
// a document's articles when it is opened, shows aligned articles side by side with their word-level
// differences, and searches the articles (keyword in context). Document text is inserted with textContent only; table rows are markup the renderer wrote
// (every text in it escaped) and are inserted as they are.
(function () {
  "use strict";
  var root = document.documentElement;
  var envelope = JSON.parse(document.getElementById("report-data").textContent);
  var docs = envelope.docs;
  var bulk = null; // {texts, groups, diffs, rows, fold}, once unpacked
  var pagers = [];
  var diffs = {}; // "group|doc|article|doc|article" → diff, stored once per pair in input order
  var articleMaps = {}; // document → {"number" or "number-sub": article}

  // The bulk data: base64 of deflated (zlib) JSON.
  function unpack(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text().then(JSON.parse);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function count(n) { return n.toLocaleString("en"); }
  function label(d) { return docs[d] ? docs[d].label : "document " + d; }

  // ---- Paged tables and lists ([data-paged]): the first page is in the HTML, the rest in bulk.rows.
  function classesOf(html) {
    var m = /^<\w+(?:\s+class="([^"]*)")?/.exec(html);
    return m && m[1] ? m[1].split(" ") : [];
  }
  function plainText(html) {
    return html.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
      .replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&").toLowerCase();
  }
  function setUpPager(box) {
    var body = box.querySelector("[data-rows]");
    var first = Array.prototype.map.call(body.children, function (r) { return r.outerHTML; });
    var rows = first.concat(bulk.rows[box.dataset.paged] || []);
    var p = {
      box: box, body: body, rows: rows, perPage: Math.max(first.length, 1), page: 0, keys: null,
      heading: rows.map(function (r) { return classesOf(r)[0] === "heading"; }),
      filter: box.querySelector("input.filter"), hide: box.querySelector("input.hide-rows"),
      status: box.querySelector(".status"), prev: box.querySelector("button.prev"), next: box.querySelector("button.next"),
    };
    p.visible = rows.map(function (_, i) { return i; });
    var timer = null;
    if (p.filter) p.filter.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { refilter(p); }, 150);
    });
    if (p.hide) p.hide.addEventListener("change", function () { refilter(p); });
    if (p.prev) p.prev.addEventListener("click", function () { p.page--; render(p); });
    if (p.next) p.next.addEventListener("click", function () { p.page++; render(p); });
    pagers.push(p);
  }
  // The rows that pass the filter and the hiding box; a heading only when a row under it passes.
  function refilter(p) {
    var q = p.filter ? p.filter.value.trim().toLowerCase() : "";
    var hide = p.hide && p.hide.checked ? p.hide.dataset.class : null;
    if (q && !p.keys) p.keys = p.rows.map(plainText);
    var visible = [], pending = -1;
    for (var i = 0; i < p.rows.length; i++) {
      if (p.heading[i]) { pending = i; continue; }
      if (hide && classesOf(p.rows[i]).indexOf(hide) >= 0) continue;
      if (q && p.keys[i].indexOf(q) < 0) continue;
      if (pending >= 0) { visible.push(pending); pending = -1; }
      visible.push(i);
    }
    p.visible = visible;
    p.page = 0;
    render(p);
  }
  function render(p) {
    var pages = Math.max(1, Math.ceil(p.visible.length / p.perPage));
    p.page = Math.min(Math.max(p.page, 0), pages - 1);
    var start = p.page * p.perPage, slice = p.visible.slice(start, start + p.perPage);
    // A page that starts under a heading repeats it.
    if (slice.length && !p.heading[slice[0]]) {
      for (var k = start - 1; k >= 0; k--) if (p.heading[p.visible[k]]) { slice.unshift(p.visible[k]); break; }
    }
    p.body.innerHTML = slice.map(function (i) { return p.rows[i]; }).join("");
    if (p.status) {
      var entries = function (list) { return list.filter(function (i) { return !p.heading[i]; }).length; };
      var before = entries(p.visible.slice(0, start)), shown = entries(p.visible.slice(start, start + p.perPage));
      var total = entries(p.visible);
      p.status.textContent = total ? count(before + 1) + "–" + count(before + shown) + " of " + count(total) : "no row matches";
      p.prev.disabled = p.page === 0;
      p.next.disabled = p.page >= pages - 1;
    }
  }
  // Shows the page that holds the element `id` (clearing filters that hide it); false when no row has it.
  function reveal(id) {
    if (document.getElementById(id)) return true;
    var needle = 'id="' + id + '"';
    for (var n = 0; n < pagers.length; n++) {
      var p = pagers[n], i = -1;
      for (var r = 0; r < p.rows.length && i < 0; r++) if (p.rows[r].indexOf(needle) >= 0) i = r;
      if (i < 0) continue;
      if (p.visible.indexOf(i) < 0) {
        if (p.filter) p.filter.value = "";
        if (p.hide) p.hide.checked = false;
        refilter(p);
      }
      p.page = Math.floor(p.visible.indexOf(i) / p.perPage);
      render(p);
      return true;
    }
    return false;
  }

  // ---- Texts: a document's articles are rendered when its block opens.
  function renderText(details) {
    if (details.dataset.rendered) return;
    details.dataset.rendered = "1";
    var d = Number(details.id.slice(2)), t = bulk.texts[d];
    if (!t) return;
    var chapters = {};
    t.chapters.forEach(function (c) { chapters[c[0]] = c[1]; });
    var frag = document.createDocumentFragment(), last;
    t.articles.forEach(function (a, k) {
      if ((k === 0 || a[3] !== last) && a[3] !== null && chapters[a[3]] !== undefined) {
        frag.appendChild(el("h4", "chapter", "第" + a[3] + "章 " + chapters[a[3]]));
      }
      last = a[3];
      var div = el("div", "art");
      div.id = "a-" + d + "-" + a[1] + (a[2] === null ? "" : "-" + a[2]);
      div.appendChild(el("div", "body", a[6]));
      div.appendChild(el("small", "muted", "[" + a[4] + ", " + a[5] + ")"));
      frag.appendChild(div);
    });
    details.appendChild(frag);
  }
  document.addEventListener("toggle", function (e) {
    if (bulk && e.target.matches && e.target.matches("details.doc-text") && e.target.open) renderText(e.target);
  }, true);

  // An article of document d: its label, text (as code points) and the offset of its first character.
  function article(d, n, sub) {
    var map = articleMaps[d];
    if (!map) {
      map = articleMaps[d] = {};
      ((bulk.texts[d] || {}).articles || []).forEach(function (a) {
        var key = a[2] === null ? String(a[1]) : a[1] + "-" + a[2];
        if (!(key in map)) map[key] = a;
      });
    }
    var a = (sub !== null && map[n + "-" + sub]) || map[String(n)];
    if (!a) return { label: "art. " + n, chars: [], start: 0 };
    return { label: a[0], chars: Array.from(a[6]), start: a[4] };
  }

  // ---- The comparison panel.
  var panel = document.getElementById("align-panel");
  var panelTitle = document.getElementById("align-panel-title");
  var panelBody = document.getElementById("align-panel-body");
  document.getElementById("align-panel-close").addEventListener("click", function () { panel.hidden = true; });
  // The article as runs of text, the passages ([start, end, start, end …] in the document) marked with cls.
  function marked(art, spans, cls) {
    var runs = [], at = 0;
    for (var k = 0; k + 1 < spans.length; k += 2) {
      var s = Math.max(spans[k] - art.start, at), e = Math.min(spans[k + 1] - art.start, art.chars.length);
      if (e <= s) continue;
      if (s > at) runs.push(el("span", "", art.chars.slice(at, s).join("")));
      runs.push(el("span", cls, art.chars.slice(s, e).join("")));
      at = e;
    }
    if (at < art.chars.length) runs.push(el("span", "", art.chars.slice(at).join("")));
    return runs;
  }
  function column(title, runs) {
    var c = el("div"), t = el("div", "text");
    runs.forEach(function (r) { t.appendChild(r); });
    c.appendChild(el("h4", "", title));
    c.appendChild(t);
    return c;
  }
  // How many comparisons the panel shows before a button shows the rest.
  var SHOWN = 20;
  // Opens the comparison of button id c-G-D-N[-S]: the article beside the group's other articles, the
  // pairs that were diffed first.
  function compare(id) {
    var m = /^c-(\d+)-(\d+)-(\d+)(?:-(\d+))?$/.exec(id || "");
    var group = m && bulk.groups[Number(m[1])];
    if (!group) return false;
    var g = Number(m[1]), d = Number(m[2]), n = Number(m[3]), sub = m[4] === undefined ? null : Number(m[4]);
    document.querySelectorAll("button.cell-art.active").forEach(function (b) { b.classList.remove("active"); });
    var button = document.getElementById(id);
    if (button) button.classList.add("active");
    var left = article(d, n, sub);
    panelTitle.textContent = (group[1] ? group[1] + " · " : "") + label(d) + " " + left.label +
      " compared with the other " + envelope.noun + "s";
    panelBody.textContent = "";
    var others = group[2].filter(function (o) { return !(o[0] === d && o[1] === n && o[2] === sub); }).map(function (o) {
      var forward = diffs[[g, d, n, o[0], o[1]].join("|")], backward = diffs[[g, o[0], o[1], d, n].join("|")];
      return { member: o, diff: forward || backward, forward: !!forward };
    });
    others.sort(function (a, b) { return (b.diff ? 1 : 0) - (a.diff ? 1 : 0); });
    if (!others.length) {
      panelBody.appendChild(column(label(d) + " " + left.label + " (no other " + envelope.noun + " has this provision)", marked(left, [], "")));
    }
    function pair(o) {
      var right = article(o.member[0], o.member[1], o.member[2]), dd = o.diff;
      var leftOnly = dd ? (o.forward ? dd[6] : dd[7]) : [], rightOnly = dd ? (o.forward ? dd[7] : dd[6]) : [];
      var note = !dd ? " · not diffed" : dd[5] === null ? " · too long to diff" : " · similarity " + Number(dd[5]).toFixed(2);
      var row = el("div", "pair");
      row.appendChild(column(label(d) + " " + left.label, marked(left, leftOnly, "only-left")));
      row.appendChild(column(label(o.member[0]) + " " + right.label + note, marked(right, rightOnly, "only-right")));
      panelBody.appendChild(row);
    }
    others.slice(0, SHOWN).forEach(pair);
    if (others.length > SHOWN) {
      var more = el("button", "more", "Show the other " + count(others.length - SHOWN) + " articles of this provision");
      more.type = "button";
      more.addEventListener("click", function () { more.remove(); others.slice(SHOWN).forEach(pair); });
      panelBody.appendChild(more);
    }
    panel.hidden = false;
    panel.scrollTop = 0;
    return true;
  }

  // ---- Search: keyword in context over the articles, as `govrules kwic`. A document read through its
  // simplified form (docs[d].mapped) is searched so, and so is the query; the mapping keeps every offset
  // (in code points and in UTF-16 units alike), so a hit is quoted from the text as written.
  var SHOW = 200;
  var qBox = document.getElementById("kwic-q"), reBox = document.getElementById("kwic-regex");
  var widthBox = document.getElementById("kwic-width"), searchStatus = document.getElementById("kwic-status");
  var results = document.getElementById("kwic-results");
  var foldMap = null, folded = {};
  function fold(s) {
    if (!foldMap) {
      foldMap = {};
      var from = Array.from(bulk.fold[0]), to = Array.from(bulk.fold[1]);
      for (var i = 0; i < from.length; i++) foldMap[from[i]] = to[i];
    }
    return Array.from(s).map(function (c) { return foldMap[c] || c; }).join("");
  }
  // The text the search reads for article k of document d.
  function searchText(d, k, a) {
    if (!docs[d] || !docs[d].mapped) return a[6];
    var key = d + "/" + k;
    if (!(key in folded)) folded[key] = fold(a[6]);
    return folded[key];
  }
  function codePoints(s) { return Array.from(s).length; }
  function lastChars(s, n) { var c = Array.from(s.slice(-2 * n)); return c.slice(Math.max(0, c.length - n)).join(""); }
  function firstChars(s, n) { return Array.from(s.slice(0, 2 * n)).slice(0, n).join(""); }
  function hitRow(d, a, at, len, width) {
    var text = a[6], before = text.slice(0, at), hit = text.slice(at, at + len), after = text.slice(at + len);
    var start = a[4] + codePoints(before), end = start + codePoints(hit);
    var tr = el("tr"), where = el("td", "nowrap"), link = el("a", "art-link", a[0]), match = el("td", "match");
    tr.appendChild(el("td", "", label(d)));
    link.href = "#a-" + d + "-" + a[1] + (a[2] === null ? "" : "-" + a[2]);
    where.appendChild(link);
    where.appendChild(el("br"));
    where.appendChild(el("small", "muted", "[" + start + ", " + end + ")"));
    tr.appendChild(where);
    tr.appendChild(el("td", "left", lastChars(before, width)));
    match.appendChild(el("mark", "", hit));
    tr.appendChild(match);
    tr.appendChild(el("td", "", firstChars(after, width)));
    return tr;
  }
  function runSearch() {
    var q = qBox.value, width = Math.max(0, Math.min(200, Math.floor(Number(widthBox.value)) || 0));
    var body = results.tBodies[0];
    body.textContent = "";
    results.hidden = true;
    if (!q) { searchStatus.textContent = ""; return; }
    var re;
    try {
      re = new RegExp(reBox.checked ? fold(q) : fold(q).replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&"), "gu");
    } catch (e) {
      searchStatus.textContent = "Not a regular expression: " + e.message;
      return;
    }
    var total = 0, hitDocs = 0, frag = document.createDocumentFragment(), shown = 0;
    bulk.texts.forEach(function (t, d) {
      var before = total;
      t.articles.forEach(function (a, k) {
        var text = searchText(d, k, a), m;
        re.lastIndex = 0;
        while ((m = re.exec(text)) !== null) {
          if (m[0].length === 0) { re.lastIndex = m.index + (text.codePointAt(m.index) > 0xffff ? 2 : 1); continue; }
          total++;
          if (shown < SHOW) { frag.appendChild(hitRow(d, a, m.index, m[0].length, width)); shown++; }
        }
      });
      if (total > before) hitDocs++;
    });
    body.appendChild(frag);
    results.hidden = total === 0;
    searchStatus.textContent = total ? count(total) + (total === 1 ? " hit" : " hits") + " in " + count(hitDocs) + " " +
      envelope.noun + (hitDocs === 1 ? "" : "s") + (total > shown ? "; the first " + count(shown) + " are shown" : "") : "No hit.";
    root.setAttribute("data-search-hits", String(total));
  }
  var searchTimer = null;
  function searchSoon() { clearTimeout(searchTimer); searchTimer = setTimeout(function () { if (bulk) runSearch(); }, 250); }
  [qBox, reBox, widthBox].forEach(function (box) { box.addEventListener("input", searchSoon); box.addEventListener("change", searchSoon); });

  // ---- Links: #compare=c-… or #c-… opens a comparison without scrolling (shareable links, screenshots);
  // #search=WORD (or #search=re:PATTERN) runs a search;
  // #a-D-N and #t-D open a document's text; any other id is brought onto its page and scrolled to.
  function openTarget(id) {
    if (!id) return;
    if (id.indexOf("search=") === 0) {
      var q = id.slice(7);
      reBox.checked = q.indexOf("re:") === 0;
      qBox.value = reBox.checked ? q.slice(3) : q;
      runSearch();
      document.getElementById("search").scrollIntoView({ block: "start" });
      return;
    }
    if (id.indexOf("compare=") === 0) id = id.slice(8);
    if (/^c-\d/.test(id)) { reveal(id); compare(id); return; }
    var doc = /^[at]-(\d+)/.exec(id);
    if (doc) {
      reveal("t-" + doc[1]);
      var details = document.getElementById("t-" + doc[1]);
      if (details) { details.open = true; renderText(details); }
    } else {
      reveal(id);
    }
    var target = document.getElementById(id);
    if (!target) return;
    document.querySelectorAll(".flash").forEach(function (e) { e.classList.remove("flash"); });
    if (target.matches("div.art")) target.classList.add("flash");
    target.scrollIntoView({ block: target.matches("div.art") ? "center" : "start" });
  }
  document.addEventListener("click", function (e) {
    if (!bulk || !e.target.closest) return;
    var button = e.target.closest("button.cell-art");
    if (button) { compare(button.id || button.dataset.compare); return; }
    var link = e.target.closest('a[href^="#"]');
    if (!link) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (document.getElementById(id) && !/^[at]-\d/.test(id)) return; // the browser scrolls there
    e.preventDefault();
    history.pushState(null, "", "#" + id);
    openTarget(id);
  });
  window.addEventListener("hashchange", function () { openTarget(decodeURIComponent(location.hash.slice(1))); });

  function start(data) {
    bulk = data;
    bulk.diffs.forEach(function (d) { diffs[[d[0], d[1], d[2], d[3], d[4]].join("|")] = d; });
    document.querySelectorAll("[data-paged]").forEach(setUpPager);
    if (location.hash) openTarget(decodeURIComponent(location.hash.slice(1)));
    // The browser check (scripts/browser_check.sh) reads these: the script ran to its end, how long it
    // took from navigation, and whether the page is wider than the window.
    root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
    root.setAttribute("data-page-width", String(root.scrollWidth));
    root.setAttribute("data-window-width", String(window.innerWidth));
    root.setAttribute("data-ready", "1");
  }
  if (typeof DecompressionStream === "undefined") {
    var note = el("p", "error", "This browser cannot unpack the report's data (it needs DecompressionStream: Chrome 80, " +
      "Firefox 113, Safari 16.4 or later). Long tables show their first page only, and texts and comparisons do not open.");
    document.querySelector("main").prepend(note);
    return;
  }
  unpack(envelope.bulk).then(start);
})();
