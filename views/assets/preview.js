/*
 * Live score for the instrument preview and the draft editor (the pages work without this file:
 * "Hitung ulang nilai" posts the answers and the page comes back with the score).
 * When an answer changes, the preview form is posted in the background, exactly as that button
 * would post it, and the score block ([data-preview-score]) is replaced by the one of the page that
 * comes back. Files are never sent. The newest answer wins; a failed request changes nothing.
 * No inline script anywhere: this file is loaded with <script src defer>.
 */
(function () {
  'use strict';
  var WAIT_MS = 400;

  function body(form) {
    var out = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === 'string' && name !== '_action') out.append(name, value);
    });
    out.append('_action', 'save');
    return out;
  }

  function init() {
    var form = document.querySelector('form[data-preview]');
    var score = document.querySelector('[data-preview-score]');
    if (!form || !score || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
    var timer = null;
    var sent = 0;
    function refresh() {
      var mine = ++sent;
      score.setAttribute('aria-busy', 'true');
      fetch(form.action, {
        method: 'POST', credentials: 'same-origin', body: body(form),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      }).then(function (res) {
        return res.text();
      }).then(function (html) {
        if (mine !== sent) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-preview-score]');
        if (fresh) score.innerHTML = fresh.innerHTML;
      }).catch(function () { /* the button still works */ }).then(function () {
        if (mine === sent) score.removeAttribute('aria-busy');
      });
    }
    function schedule(e) {
      if (e.target && e.target.type === 'file') return;
      clearTimeout(timer);
      timer = setTimeout(refresh, WAIT_MS);
    }
    form.addEventListener('change', schedule);
    form.addEventListener('input', schedule);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
