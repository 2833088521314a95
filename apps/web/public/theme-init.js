// Applies the saved theme before the first paint (an external file: the CSP allows no inline script).
try {
  var t = localStorage.getItem('orphelix.theme');
  if (t === 'light' || t === 'dark' || t === 'system') document.documentElement.dataset.theme = t;
} catch (e) {}
