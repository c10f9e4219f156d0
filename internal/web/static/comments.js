// Masthead comments: inline replies, posting and voting without a page
// load, and live updates over Server-Sent Events. Everything here is an
// enhancement: without this script the forms post and the thread is
// rendered by the server.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  if (!section || !window.fetch) return;
  var thread = section.querySelector("[data-thread]");
  var mainForm = section.querySelector("form[data-comment-form]");
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  section.appendChild(status);

  function fragment(html) {
    var t = document.createElement("template");
    t.innerHTML = html; // rendered and sanitised by the server
    return t.content.firstElementChild;
  }
  function byId(id) { return document.getElementById("comment-" + id); }
  function indentOf(el) { return parseInt(el.getAttribute("data-indent") || "0", 10); }

  // lastInConversation returns the last element of el's replies (el itself
  // when it has none), so a new reply goes after it.
  function lastInConversation(el) {
    var last = el, n = el.nextElementSibling, base = indentOf(el);
    while (n && n.getAttribute("data-root") === el.getAttribute("data-root") &&
           (indentOf(n) > base || (base === 4 && indentOf(n) === 4))) {
      last = n; n = n.nextElementSibling;
    }
    return last;
  }

  function place(li, parentID) {
    if (byId(li.getAttribute("data-id"))) return false;
    var empty = section.querySelector("[data-empty]");
    if (empty) empty.remove();
    if (parentID && parentID !== "0") {
      var p = byId(parentID);
      if (!p || !thread.contains(p)) return false;
      var after = lastInConversation(p);
      after.parentNode.insertBefore(li, after.nextSibling);
      return true;
    }
    var sort = section.getAttribute("data-sort");
    if (sort === "newest") {
      if (section.getAttribute("data-page") !== "1") return false;
      thread.insertBefore(li, thread.firstChild);
    } else if (sort === "oldest" && !section.querySelector(".comment-pager a[rel=next]")) {
      thread.appendChild(li);
    } else {
      return false;
    }
    return true;
  }

  function setCount(n) {
    var c = section.querySelector("[data-count]");
    if (c && typeof n === "number") c.textContent = String(n);
  }

  function post(form, extra) {
    var body = new URLSearchParams(new FormData(form));
    if (extra) body.set(extra.name, extra.value);
    return fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (res) {
      return res.json().then(function (data) { return { ok: res.ok, data: data }; });
    });
  }

  function showError(form, msg) {
    var p = form.querySelector(".form-error");
    if (!p) {
      p = document.createElement("p");
      p.className = "form-error";
      p.setAttribute("role", "alert");
      form.insertBefore(p, form.firstChild);
    }
    p.textContent = msg;
  }

  // Posting a comment or a reply.
  section.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.matches("form[data-comment-form]")) {
      e.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      post(form).then(function (r) {
        button.disabled = false;
        if (!r.ok) { showError(form, r.data.error || "Your comment could not be posted."); return; }
        if (r.data.notice) { showError(form, r.data.notice); return; } // stored, not published: the text stays
        var li = fragment(r.data.html);
        var seen = byId(r.data.id); // the live stream may have brought it first
        if (seen) {
          seen.replaceWith(li); // the author's copy carries Edit and Delete
        } else if (!place(li, String(r.data.parent))) {
          window.location.href = "/comments/" + r.data.id;
          return;
        }
        form.querySelector("textarea").value = "";
        var err = form.querySelector(".form-error");
        if (err) err.remove();
        if (form !== mainForm) form.remove();
        li.scrollIntoView({ block: "nearest" });
        status.textContent = r.data.status === "pending" ? "Your comment awaits moderation." : "Your comment was posted.";
      }).catch(function () {
        button.disabled = false;
        showError(form, "The network failed. Please try again.");
      });
    } else if (form.matches("form.vote")) {
      e.preventDefault();
      var b = e.submitter;
      if (!b) return;
      post(form, { name: "value", value: b.value }).then(function (r) {
        if (!r.ok) { status.textContent = r.data.error || "Your vote was not counted."; return; }
        updateVotes(form.closest(".comment"), r.data.upvotes, r.data.downvotes);
        var buttons = form.querySelectorAll("button");
        var chosen = b.value;
        buttons.forEach(function (x, i) {
          var own = i === 0 ? "1" : "-1";
          var pressed = chosen === own;
          x.setAttribute("aria-pressed", pressed ? "true" : "false");
          x.value = pressed ? "0" : own;
        });
      });
    }
  });

  function updateVotes(el, up, down) {
    if (!el) return;
    var u = el.querySelector("[data-up]"), d = el.querySelector("[data-down]");
    if (u && typeof up === "number") u.textContent = String(up);
    if (d && typeof down === "number") d.textContent = String(down);
  }

  function markRemoved(el, text) {
    el.classList.add("comment-removed");
    var p = document.createElement("p");
    p.className = "removed";
    p.textContent = text;
    el.replaceChildren(p);
  }

  // Deleting one's own comment: ask first, then post confirm=yes (without
  // JavaScript the link opens the server's confirmation page).
  section.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-delete]");
    if (!a) return;
    e.preventDefault();
    if (!window.confirm("Delete your comment? It will show as \u201cThis comment was deleted\u201d. This cannot be undone.")) return;
    var li = a.closest(".comment");
    var body = new URLSearchParams({ confirm: "yes" });
    fetch(a.getAttribute("href"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) { status.textContent = data.error || "Your comment was not deleted."; return; }
        if (li) markRemoved(li, "This comment was deleted.");
        status.textContent = "Your comment was deleted.";
      });
    }).catch(function () { status.textContent = "The network failed. Please try again."; });
  });

  // Inline replies: the reply link opens a copy of the form under the comment.
  section.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-reply]");
    if (!a || !mainForm) return;
    e.preventDefault();
    var id = a.getAttribute("data-reply");
    var li = a.closest(".comment"); // the pinned copy or the thread copy, whichever was clicked
    var open = li.querySelector("form[data-comment-form]");
    if (open) { open.querySelector("textarea").focus(); return; }
    section.querySelectorAll(".comment form[data-comment-form]").forEach(function (f) { f.remove(); });
    var f = mainForm.cloneNode(true);
    f.querySelector("input[name=parent]").value = id;
    f.querySelectorAll("[id]").forEach(function (el) {
      var old = el.id;
      el.id = old + "-r" + id;
      var label = f.querySelector("label[for='" + old + "']");
      if (label) label.setAttribute("for", el.id);
    });
    var err = f.querySelector(".form-error");
    if (err) err.remove();
    f.querySelector("button[type=submit]").textContent = "Post reply";
    li.appendChild(f);
    f.querySelector("textarea").focus();
  });

  // Live updates. The stream is open only while the page is visible and
  // the comments are on or near the screen: browsers allow six HTTP/1.1
  // connections per host, so streams held by background tabs would lock
  // the reader out of the site. On reopening it asks for the comments
  // posted since the newest one on the page (after=ID).
  var live = section.getAttribute("data-live");
  if (!live || !window.EventSource) return;
  var es = null, near = !window.IntersectionObserver, newest = 0;
  thread.querySelectorAll("[data-id]").forEach(function (el) {
    newest = Math.max(newest, Number(el.getAttribute("data-id")) || 0);
  });
  function openLive() {
    var url = live + (newest ? (live.indexOf("?") < 0 ? "?" : "&") + "after=" + newest : "");
    es = new EventSource(url);
    es.onopen = function () { section.setAttribute("data-live-state", "open"); };
    es.onerror = function () { section.setAttribute("data-live-state", "reconnecting"); };
    es.addEventListener("comment", onLive);
  }
  function closeLive() {
    es.close();
    es = null;
    section.setAttribute("data-live-state", "closed");
  }
  function update() {
    var want = near && document.visibilityState === "visible";
    if (want && !es) openLive();
    else if (!want && es) closeLive();
  }
  if (window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      near = entries[entries.length - 1].isIntersecting;
      update();
    }, { rootMargin: "800px 0px" }).observe(section);
  }
  document.addEventListener("visibilitychange", update);
  window.addEventListener("pagehide", function () { if (es) closeLive(); });
  window.addEventListener("pageshow", update);
  update();
  function onLive(ev) {
    var d;
    try { d = JSON.parse(ev.data); } catch (err) { return; }
    setCount(d.count);
    if (d.kind === "comment") newest = Math.max(newest, d.id);
    if (d.kind === "comment" && d.html) {
      if (place(fragment(d.html), String(d.parent))) status.textContent = "New comment.";
      return;
    }
    // Both copies of a pinned comment follow edits, votes and removal.
    section.querySelectorAll('.comment[data-id="' + Number(d.id) + '"]').forEach(function (el) {
      if (d.kind === "edit" && d.html) {
        var body = fragment(d.html).querySelector(".comment-body");
        var old = el.querySelector(".comment-body");
        if (body && old) old.replaceWith(body);
      } else if (d.kind === "vote" || d.kind === "moderate") {
        updateVotes(el, d.upvotes, d.downvotes);
      } else if (d.kind === "delete" || d.kind === "hide") {
        markRemoved(el, d.kind === "delete" ? "This comment was deleted." : "This comment is not shown.");
      }
    });
  }
})();
