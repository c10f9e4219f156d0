// Keyboard shortcuts for the moderation queue (/admin/comments) and the
// comment page: j/k move between comments (in the queue the first j or k
// selects the first one), a/r/s press the current
// comment's Approve/Reject/Spam button, x ticks it, o opens it in context.
// Everything here is also reachable without JavaScript.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll(".cm-row"));
  if (!rows.length) { return; }
  var cur = -1;
  function focusRow(i) {
    if (i < 0 || i >= rows.length) { return; }
    if (cur >= 0) { rows[cur].classList.remove("cm-current"); }
    cur = i;
    rows[cur].classList.add("cm-current");
    rows[cur].focus();
    rows[cur].scrollIntoView({block: "nearest"});
  }
  rows.forEach(function (row, i) {
    row.addEventListener("focusin", function () {
      if (cur !== i) {
        if (cur >= 0) { rows[cur].classList.remove("cm-current"); }
        cur = i;
        row.classList.add("cm-current");
      }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) && t.type !== "checkbox") { return; }
    var k = e.key;
    if (k === "j") { focusRow(cur < 0 ? 0 : cur + 1); e.preventDefault(); return; }
    if (k === "k") { focusRow(cur < 0 ? 0 : cur - 1); e.preventDefault(); return; }
    if (cur < 0) { return; }
    var row = rows[cur];
    if (k === "x") {
      var box = row.querySelector("input[type=checkbox][name=id]");
      if (box) { box.checked = !box.checked; }
      e.preventDefault();
      return;
    }
    if (k === "a" || k === "r" || k === "s" || k === "o") {
      var el = row.querySelector("[data-key=" + k + "]");
      if (el) { e.preventDefault(); el.click(); }
    }
  });
  // On a comment's own page that comment is current; in the queue nothing
  // is until j or k, so the first j selects the first comment.
  var focus = document.querySelector(".cm-focus");
  if (focus) { focusRow(rows.indexOf(focus)); }
}());
