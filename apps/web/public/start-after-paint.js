// A page rendered on the server (a list with its first rows) starts the console's code only once the
// browser has painted it: evaluating that code takes the main thread for a few hundred milliseconds,
// which would otherwise hold back the paint of rows that are already in the page. main.server.ts puts
// this script where the build had the entry module, named in data-entry (an external file: the CSP
// allows no inline script).
(function () {
  var entry = document.currentScript && document.currentScript.getAttribute('data-entry');
  if (!entry) return;
  var start = function () {
    var script = document.createElement('script');
    script.type = 'module';
    script.src = entry;
    document.body.appendChild(script);
  };
  // After the next frame is painted; a hidden tab paints none, so it starts at once.
  if (document.visibilityState === 'hidden') start();
  else requestAnimationFrame(function () { setTimeout(start); });
})();
