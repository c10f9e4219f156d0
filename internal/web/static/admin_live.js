/* Live analytics dashboard: swaps in the panel the server pushes every second over SSE. */
(function () {
  var box = document.getElementById('live');
  if (!box || !window.EventSource) return;
  var es = new EventSource('/admin/analytics/live');
  es.addEventListener('panel', function (e) { box.innerHTML = e.data; });
})();
