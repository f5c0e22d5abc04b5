/*
 * Monev section pages: optional enhancements (everything works without this file).
 *  - autosave: when answers changed, the section is saved as a draft in the background every
 *    60 seconds (the same POST as the "Simpan draf" button, without files), and the form's `rev`
 *    is updated from the server's answer so the next save is not refused as stale;
 *  - a warning before leaving the page with unsaved changes.
 * A stale save (409) stops autosaving and tells the user to reload; nothing is overwritten.
 */
(function () {
  'use strict';
  var form = document.querySelector('form[data-section][data-autosave="1"]');
  if (!form || !window.fetch || !window.FormData) return;
  var dirty = false;
  var busy = false;
  var stopped = false;
  var status = document.createElement('p');
  status.setAttribute('role', 'status');
  status.className = 'muted';
  form.appendChild(status);

  function say(text) { status.textContent = text; }

  form.addEventListener('input', function () { dirty = true; });
  form.addEventListener('change', function () { dirty = true; });
  var pending = false;
  var pendingSubmitter = null;
  form.addEventListener('submit', function (e) {
    // an autosave in flight would make this post stale (409): wait for it, then post with the new rev
    if (busy) {
      e.preventDefault();
      pending = true;
      pendingSubmitter = e.submitter || null;
      return;
    }
    dirty = false;
    stopped = true;
  });
  window.addEventListener('beforeunload', function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ''; }
  });

  function save() {
    if (!dirty || busy || stopped) return;
    busy = true;
    var data = new FormData(form);
    Array.prototype.forEach.call(form.querySelectorAll('input[type=file]'), function (f) { data.delete(f.name); });
    data.set('_action', 'save');
    dirty = false;
    say('Menyimpan draf…');
    fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (res.status === 409) { stopped = true; say('Data telah diubah di tempat lain. Muat ulang halaman sebelum melanjutkan.'); return null; }
        if (!res.ok && res.status !== 422) { dirty = true; say('Draf belum tersimpan (koneksi?). Akan dicoba lagi.'); return null; }
        return res.text();
      })
      .then(function (html) {
        if (html === null || html === undefined) return;
        var m = /name="rev" value="(\d+)"/.exec(html);
        var rev = form.querySelector('input[name=rev]');
        if (m && rev) rev.value = m[1];
        say('Draf tersimpan otomatis ' + new Date().toLocaleTimeString('id-ID') + '.');
      })
      .catch(function () { dirty = true; say('Draf belum tersimpan (koneksi?). Akan dicoba lagi.'); })
      .then(function () {
        busy = false;
        if (pending) {
          var s = pendingSubmitter;
          pending = false;
          pendingSubmitter = null;
          if (form.requestSubmit) form.requestSubmit(s || undefined); else form.submit();
        }
      });
  }

  window.setInterval(save, 60000);
})();
