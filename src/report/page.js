// govrules report: opens linked articles, and shows aligned articles side by side with their word-level
// differences. Document text is only ever inserted with textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var docIndex = {};
  data.docs.forEach(function (d, i) { docIndex[d.id] = i; });

  function openTarget(id) {
    // #compare=c-… opens a comparison without scrolling (used for screenshots and shareable links).
    if (id && id.indexOf("compare=") === 0) id = id.slice(8);
    var el = id && document.getElementById(id);
    if (!el) return;
    if (el.matches("button.cell-art")) { show(el); return; }
    var details = el.closest("details");
    if (details) details.open = true;
    el.scrollIntoView({ block: "center" });
  }

  // An article's label, text (as code points) and the offset of its first character in its document.
  function article(doc, n) {
    var el = document.getElementById("a-" + docIndex[doc] + "-" + n);
    if (!el) return { label: "art. " + n, chars: [], start: 0 };
    return {
      label: el.querySelector(".label").textContent,
      chars: Array.from(el.querySelector(".body").textContent),
      start: Number(el.dataset.start),
    };
  }
  // The article as runs of text, the passages (document spans) marked with `cls`.
  function marked(art, passages, cls) {
    var runs = [], at = 0;
    passages.forEach(function (p) {
      var s = Math.max(p.span[0] - art.start, at), e = Math.min(p.span[1] - art.start, art.chars.length);
      if (e <= s) return;
      if (s > at) runs.push(run("", art.chars.slice(at, s).join("")));
      runs.push(run(cls, art.chars.slice(s, e).join("")));
      at = e;
    });
    if (at < art.chars.length) runs.push(run("", art.chars.slice(at).join("")));
    return runs;
  }
  function label(doc) { var i = docIndex[doc]; return i === undefined ? doc : data.docs[i].label; }
  function run(cls, text) {
    var s = document.createElement("span");
    if (cls) s.className = cls;
    s.textContent = text;
    return s;
  }
  function column(title, runs) {
    var c = document.createElement("div");
    var h = document.createElement("h4");
    h.textContent = title;
    var t = document.createElement("div");
    t.className = "text";
    runs.forEach(function (r) { t.appendChild(r); });
    c.appendChild(h);
    c.appendChild(t);
    return c;
  }

  // Diffs by "group|doc|article|doc|article", stored once per pair in input order.
  var diffs = {};
  data.diffs.forEach(function (d) {
    diffs[[d.group, d.a.doc, d.a.article, d.b.doc, d.b.article].join("|")] = d;
  });

  var panel = document.getElementById("align-panel");
  var title = document.getElementById("align-panel-title");
  var body = document.getElementById("align-panel-body");
  document.getElementById("align-panel-close").addEventListener("click", function () { panel.hidden = true; });

  function show(button) {
    var group = button.dataset.group, doc = button.dataset.doc, n = Number(button.dataset.article);
    var g = data.groups.filter(function (x) { return String(x.id) === group; })[0];
    document.querySelectorAll("button.cell-art.active").forEach(function (b) { b.classList.remove("active"); });
    button.classList.add("active");
    var left = article(doc, n);
    title.textContent = (g ? g.topic + " · " : "") + label(doc) + " " + left.label + " compared with the other governments";
    body.textContent = "";
    var others = g ? g.members.filter(function (m) { return !(m.doc === doc && Number(m.article) === n); }) : [];
    if (!others.length) body.appendChild(column(label(doc) + " " + left.label + " (no other government has this provision)", marked(left, [], "")));
    others.forEach(function (m) {
      var right = article(m.doc, m.article);
      var forward = diffs[[group, doc, n, m.doc, m.article].join("|")];
      var backward = diffs[[group, m.doc, m.article, doc, n].join("|")];
      var d = forward || backward;
      var leftOnly = d ? (forward ? d.only_in_a : d.only_in_b) : [];
      var rightOnly = d ? (forward ? d.only_in_b : d.only_in_a) : [];
      var leftRuns = marked(left, leftOnly, "only-left");
      var rightRuns = marked(right, rightOnly, "only-right");
      var pair = document.createElement("div");
      pair.className = "pair";
      var sim = d ? " · similarity " + Number(d.similarity).toFixed(2) : "";
      pair.appendChild(column(label(doc) + " " + left.label, leftRuns));
      pair.appendChild(column(label(m.doc) + " " + right.label + sim, rightRuns));
      body.appendChild(pair);
    });
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  document.querySelectorAll("button.cell-art").forEach(function (b) {
    b.addEventListener("click", function () { show(b); });
  });

  var hideSingle = document.getElementById("hide-single");
  if (hideSingle) hideSingle.addEventListener("change", function () {
    document.getElementById("align-table").classList.toggle("hide-single", hideSingle.checked);
  });

  // A link to an article opens its document; a link to an alignment cell (#c-…) opens the comparison.
  window.addEventListener("hashchange", function () { openTarget(decodeURIComponent(location.hash.slice(1))); });
  if (location.hash) openTarget(decodeURIComponent(location.hash.slice(1)));
  // The browser check (scripts/browser_check.sh) reads this to know the script ran to its end.
  document.documentElement.setAttribute("data-ready", "1");
})();
