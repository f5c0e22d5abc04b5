/*
 * Monev form pages with JavaScript (everything works without it, by plain form posts):
 *  - a section's changes are kept on this device as they are typed (offline-store.js) and sent
 *    in the background (offline-sync.js); the buttons save through the same queue, so nothing
 *    typed is lost when the connection drops; offline, "next" opens the next section from the
 *    offline copy when the response is kept offline;
 *  - files chosen offline wait in the queue (within the question's limits), and so does the
 *    final submission;
 *  - one status on every form page: Online/Offline · N perubahan menunggu · tersimpan pukul hh.mm,
 *    and what waits for the operator (a changed response, a refusal) with its choices;
 *  - the overview keeps a response "tersedia offline" on request (offline-pages.js);
 *  - the service worker (/sw.js) serves those pages offline and clears an account at sign-out.
 */
(function () {
  'use strict';
  var store = window.MonevStore;
  var box = document.querySelector('[data-sync]');
  if (!box || !store || !window.MonevSync || !window.fetch || !window.FormData || !window.URLSearchParams || !window.Promise) return;
  var M = parse(box.getAttribute('data-msg'), {});
  var user = box.getAttribute('data-user');
  var rid = box.getAttribute('data-response') || '';
  var line = box.querySelector('[data-sync-line]');
  var itemsEl = box.querySelector('[data-sync-items]');
  var form = document.querySelector('form[data-section][data-autosave="1"]');
  var section = form ? form.getAttribute('data-section') : '';
  var submitForm = document.querySelector('form[data-submit-form]');
  var tokenInput = document.querySelector('input[name="_csrf"]');
  var sync = new window.MonevSync(user, tokenInput ? tokenInput.value : '');
  var ui = { savedAt: line.textContent.trim() ? null : 0, note: '', pending: 0, blocked: [], syncing: false, shown: '' };
  var dirty = false;
  var touched = {}; // fields the operator changed before the device's queue was read: restore leaves them alone
  var begun = false;
  var restoring = false;
  var captureTimer = null;
  var syncTimer = null;
  var running = null;
  var again = false;

  function parse(text, fallback) { try { return JSON.parse(text); } catch (e) { return fallback; } }
  function fmt(key, vars) {
    return String(M[key] || key).replace(/\{(\w+)\}/g, function (w, n) { return vars && Object.prototype.hasOwnProperty.call(vars, n) ? String(vars[n]) : w; });
  }
  function hhmm(ms) { return new Date(ms).toLocaleTimeString('id-ID', { hour: '2-digit', minute: '2-digit' }); }
  function size(b) { return b < 1024 ? b + ' B' : b < 1048576 ? Math.round(b / 1024) + ' KB' : (b / 1048576).toFixed(1).replace('.', ',') + ' MB'; }
  function uid() {
    var c = window.crypto;
    return (c && c.randomUUID ? c.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2, 12)).replace(/[^A-Za-z0-9_-]/g, '');
  }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }

  // ---- status -------------------------------------------------------------------------------
  function render() {
    var online = navigator.onLine !== false;
    var parts = [online ? M.online : M.offline];
    if (ui.syncing && ui.pending > 0) parts.push(M.syncing);
    else if (ui.pending > 0) parts.push(fmt('pending', { n: ui.pending }));
    else if (ui.savedAt) parts.push(fmt('savedAt', { time: hhmm(ui.savedAt) }));
    else if (ui.savedAt === null) parts.push(line.getAttribute('data-server-text') || '');
    var text = parts.filter(Boolean).join(' · ') + (ui.note ? '. ' + ui.note : '');
    box.setAttribute('data-online', online ? '1' : '0');
    if (line.textContent !== text) line.textContent = text;
    renderBlocked();
  }

  function what(e) {
    return e.kind === 'save' ? fmt('section', { title: e.title }) : e.kind === 'file' ? fmt('file', { name: e.name }) : M.submit;
  }

  function button(text, onClick, secondary) {
    var b = el('button', { type: 'button', class: secondary ? 'secondary' : '' }, text);
    b.addEventListener('click', onClick);
    return b;
  }

  function renderBlocked() {
    var shown = ui.blocked.map(function (e) { return e.key + e.state + e.v; }).join();
    if (shown === ui.shown) return;
    ui.shown = shown;
    itemsEl.textContent = '';
    itemsEl.hidden = ui.blocked.length === 0;
    ui.blocked.forEach(function (e) {
      var li = el('li', { 'data-blocked': e.kind, 'data-state': e.state });
      var reason = (e.problem && e.problem.message) || '';
      li.appendChild(el('p', {}, fmt(e.state === 'conflict' ? 'conflict' : 'refused', { what: what(e), reason: reason })));
      if (e.kind === 'save' && e.state === 'conflict') li.appendChild(button(M.compare, function () { openCompare(e); }));
      if (e.kind === 'submit') li.appendChild(button(M.resubmit, function () { store.remove(e.key).then(function () { location.assign('/tanggapan/' + e.rid + '/kirim'); }); }));
      li.appendChild(button(M.discard, function () {
        if (window.confirm(M.discardConfirm)) store.remove(e.key).then(refresh);
      }, true));
      itemsEl.appendChild(li);
    });
  }

  function report(err) {
    ui.note = err && err.name === 'QuotaExceededError' ? M.quota
      : err && err.name === 'QueueFull' ? fmt('queueFull', { n: err.count, size: size(err.bytes) })
        : String((err && err.message) || err);
    render();
  }

  /** Counts what waits (for this response, or all of the account's on the task list) and keeps the form's rev in step. */
  function refresh() {
    return Promise.all([store.list(user), rid ? store.meta(user, rid) : null]).then(function (r) {
      var waiting = r[0].filter(function (e) { return e.state !== 'synced' && (!rid || e.rid === rid); });
      var meta = r[1];
      ui.pending = waiting.length;
      ui.blocked = waiting.filter(function (e) { return e.state !== 'pending'; });
      if (meta && meta.savedAt && (!ui.savedAt || meta.savedAt > ui.savedAt)) ui.savedAt = meta.savedAt;
      if (meta && form && form.elements.rev && typeof meta.rev === 'number') form.elements.rev.value = String(meta.rev);
      render();
      return waiting;
    });
  }

  // ---- sending --------------------------------------------------------------------------------
  function runSync() {
    if (running) { again = true; return running; }
    ui.syncing = true;
    render();
    running = sync.run().then(null, function (err) { report(err); return { stop: 'failed', errors: [], submitted: [] }; }).then(function (result) {
      running = null;
      ui.syncing = false;
      if (result.stop === 'auth') ui.note = fmt('sessionEnded', { n: ui.pending });
      result.submitted.forEach(function (s) {
        var score = (s.body && s.body.selfScore) || {};
        var total = typeof score.total === 'number' ? score.total.toLocaleString('id-ID', { maximumFractionDigits: 2 }) : '–';
        ui.note = fmt('submitDone', { time: hhmm(Date.now()), total: total, grade: score.grade || '–' });
        if (window.MonevOfflinePages) window.MonevOfflinePages.refresh(user, s.rid);
      });
      return refresh().then(function () {
        if (again) { again = false; return runSync(); }
        return result;
      });
    });
    return running;
  }

  function scheduleSync(delay) {
    if (syncTimer) clearTimeout(syncTimer);
    syncTimer = setTimeout(function () { syncTimer = null; if (navigator.onLine !== false) runSync(); }, delay);
  }

  // ---- one section: keep, restore, save --------------------------------------------------------
  function fieldsOf() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === 'string' && name !== '_csrf' && name !== 'rev' && name !== '_action') out.push([name, value]);
    });
    return out;
  }

  function capture() {
    if (captureTimer) { clearTimeout(captureTimer); captureTimer = null; }
    if (!begun) return started.then(capture, capture); // never replace the queued entry before it is restored
    if (!dirty) return Promise.resolve(true);
    dirty = false;
    var entry = {
      key: store.key(user, rid, 'save', section), user: user, rid: rid, kind: 'save', section: section,
      title: form.getAttribute('data-section-title'), fields: fieldsOf(), clientAt: new Date().toISOString(),
      seq: Date.now(), v: uid(), saveId: uid(), state: 'pending', rev: Number(box.getAttribute('data-rev')),
    };
    return store.put(entry).then(function () {
      if (ui.note !== M.restored) ui.note = ''; // an earlier problem is over; that this page's changes came back from the device stays true
      scheduleSync(10000);
      return refresh().then(function () { return true; });
    }, function (err) { dirty = true; report(err); return false; });
  }

  function changed(event) {
    if (restoring) return;
    if (event.target && event.target.type === 'file') { queueFiles(event.target); return; }
    dirty = true;
    if (!begun && event.target && event.target.name) touched[event.target.name] = true;
    if (captureTimer) clearTimeout(captureTimer);
    captureTimer = setTimeout(capture, 800);
  }

  function applyFields(fields) {
    var values = {};
    fields.forEach(function (f) { (values[f[0]] = values[f[0]] || []).push(f[1]); });
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.name || input.name === '_csrf' || input.name === 'rev' || touched[input.name] || /^(file|submit|button|reset)$/.test(input.type)) return;
      var v = values[input.name] || [];
      if (input.type === 'radio' || input.type === 'checkbox') input.checked = v.indexOf(input.value) >= 0;
      else if (input.multiple && input.options) Array.prototype.forEach.call(input.options, function (o) { o.selected = v.indexOf(o.value) >= 0; });
      else input.value = v.length ? v[0] : '';
    });
    restoring = true;
    form.dispatchEvent(new Event('change', { bubbles: true })); // conditional parts follow (form.js)
    restoring = false;
  }

  /** Unsent changes of this section go back into its fields; so does the last sent state when this page is an older offline copy. */
  function restore() {
    var pageRev = Number(box.getAttribute('data-rev'));
    return store.get(store.key(user, rid, 'save', section)).then(function (e) {
      if (!e) return;
      if (e.state === 'pending') { applyFields(e.fields); ui.note = M.restored; }
      else if (e.state === 'synced' && e.rev > pageRev) applyFields(e.fields);
    });
  }

  function queueFiles(input) {
    var files = Array.prototype.slice.call(input.files || []);
    var max = Number(input.getAttribute('data-max-bytes')) || Infinity;
    var room = Number(input.getAttribute('data-room'));
    var accept = (input.getAttribute('accept') || '').split(',').filter(Boolean);
    var notes = [];
    var kept = files.filter(function (f) {
      if (f.size > max) { notes.push(fmt('fileTooBig', { name: f.name, size: size(f.size), max: size(max) })); return false; }
      if (accept.length && f.type && accept.indexOf(f.type) < 0) { notes.push(fmt('fileType', { name: f.name })); return false; }
      return true;
    });
    if (!isNaN(room) && kept.length > room) {
      kept.slice(room).forEach(function (f) { notes.push(fmt('refused', { what: fmt('file', { name: f.name }), reason: '' }).replace(/: $/, '')); });
      kept = kept.slice(0, Math.max(0, room));
    }
    input.value = ''; // kept in the queue now (or refused above, with the reason)
    kept.reduce(function (chain, f) {
      return chain.then(function () {
        return store.put({
          key: store.key(user, rid, 'file', uid()), user: user, rid: rid, kind: 'file', path: input.getAttribute('data-path'),
          name: f.name, type: f.type, size: f.size, file: f, clientAt: new Date().toISOString(), seq: Date.now(), v: uid(), state: 'pending',
        }).then(function () { notes.push(fmt('fileQueued', { name: f.name })); });
      });
    }, Promise.resolve()).then(null, report).then(function () {
      input.setAttribute('data-room', String(Math.max(0, room - kept.length)));
      if (notes.length) ui.note = notes.join(' ');
      refresh();
      scheduleSync(500);
    });
  }

  /** The fields the server could not keep, marked like the server marks them (error summary, messages at the fields). */
  function showErrors(errors, focus) {
    Array.prototype.forEach.call(form.querySelectorAll('[data-js-error]'), function (n) { n.parentNode.removeChild(n); });
    var summary = el('div', { class: 'fm-summary', role: 'alert', tabindex: '-1', 'data-js-error': '', 'data-fm-summary': '' });
    summary.appendChild(el('h2', { class: 'fm-summary-title' }, M.errorsTitle));
    var list = el('ul');
    errors.forEach(function (e) {
      var li = el('li');
      li.appendChild(el('a', { href: '#' + e.anchor }, e.message));
      list.appendChild(li);
      var target = document.getElementById(e.anchor);
      var field = target && target.closest('.fm-field');
      if (!field) return;
      field.classList.add('fm-invalid');
      var msg = el('p', { class: 'fm-err', id: e.anchor + '--jserr', 'data-js-error': '' });
      msg.appendChild(el('span', { class: 'fm-vh' }, M.errorPrefix + ' '));
      msg.appendChild(document.createTextNode(e.message));
      var title = field.querySelector('legend, .fm-label');
      if (title) title.parentNode.insertBefore(msg, title.nextSibling);
      var described = field.querySelector('fieldset') || target;
      described.setAttribute('aria-describedby', ((described.getAttribute('aria-describedby') || '') + ' ' + msg.id).trim());
      target.setAttribute('aria-invalid', 'true');
    });
    summary.appendChild(list);
    var first = form.querySelector('[data-fm]');
    form.insertBefore(summary, first || form.firstChild);
    if (focus) summary.focus();
  }

  function goOffline(url) {
    if (!url || !window.caches) { ui.note = M.nextNotOffline; render(); return; }
    window.caches.match(url).then(function (hit) {
      if (hit) location.assign(url);
      else { ui.note = M.nextNotOffline; render(); }
    });
  }

  function onSectionSubmit(submitter) {
    var action = submitter && submitter.name === '_action' ? submitter.value : 'save';
    if (/^(add|remove)/.test(action)) {
      // rows and file removal are done by the server: send what waits first, then post the form
      if (navigator.onLine === false) { ui.note = M.needsConnection; render(); return; }
      var rowButton = submitter;
      capture().then(runSync).then(function (r) {
        if (r.stop || ui.blocked.length) return;
        form.setAttribute('data-native', '1');
        if (form.requestSubmit) form.requestSubmit(rowButton); else form.submit();
      });
      return;
    }
    dirty = true; // a press saves the section even when nothing was typed since the last save
    capture().then(function (kept) {
      if (kept) return runSync();
      // the device could not keep it (storage full): online, the plain form post still saves it
      if (navigator.onLine !== false) {
        form.setAttribute('data-native', '1');
        if (form.requestSubmit) form.requestSubmit(submitter); else form.submit();
      }
      return null;
    }).then(function (r) {
      if (!r) return;
      var target = action === 'next' ? form.getAttribute('data-next-url') : action === 'finish' ? form.getAttribute('data-submit-url') : form.getAttribute('data-section-url');
      var mine = r.errors.filter(function (x) { return x.rid === rid && x.section === section; });
      if (mine.length) { showErrors(mine[mine.length - 1].errors, true); return; }
      if (ui.pending === 0) { location.assign(target); return; }
      if (r.stop === 'offline' && action !== 'save') goOffline(target);
    });
  }

  // ---- submit page ------------------------------------------------------------------------------
  function onFinalSubmit() {
    var entry = {
      key: store.key(user, rid, 'submit', 'final'), user: user, rid: rid, kind: 'submit',
      submissionId: submitForm.elements.submissionId.value, clientAt: new Date().toISOString(),
      seq: Date.now(), v: uid(), state: 'pending', rev: Number(box.getAttribute('data-rev')),
    };
    store.put(entry).then(runSync, function (err) { report(err); return null; }).then(function (r) {
      if (!r) return;
      if (r.submitted.some(function (s) { return s.rid === rid; })) {
        try { sessionStorage.setItem('monev-note', ui.note); } catch (e) { /* the overview shows the state anyway */ }
        location.assign('/tanggapan/' + rid);
        return;
      }
      if (r.stop === 'offline') { ui.note = M.submitQueued; render(); }
    });
  }

  // ---- a changed response: compare and choose ----------------------------------------------------
  function openCompare(entry) {
    sync.freshToken().then(function (token) {
      var f = el('form', { method: 'post', action: '/tanggapan/' + encodeURIComponent(entry.rid) + '/bagian/' + encodeURIComponent(entry.section) + '/banding', hidden: '' });
      [['_csrf', token], ['_entry', entry.key]].concat(entry.fields).forEach(function (pair) {
        f.appendChild(el('input', { type: 'hidden', name: pair[0], value: pair[1] }));
      });
      document.body.appendChild(f);
      f.submit();
    }, function () { ui.note = fmt('sessionEnded', { n: ui.pending }); render(); });
  }

  function onChoice(cmp) {
    var picked = cmp.querySelector('input[name="versi"]:checked');
    var key = cmp.getAttribute('data-entry');
    var back = cmp.getAttribute('data-section-url');
    if (!picked) return;
    store.get(key).then(function (entry) {
      if (!entry) { location.assign(back); return null; }
      if (picked.value === 'server') return store.remove(key).then(function () { location.assign(back); });
      // the operator has seen the server's version at this rev: the device's version goes on top of it
      return store.meta(user, entry.rid).then(function (meta) {
        meta = meta || { user: user, rid: entry.rid };
        meta.rev = Number(cmp.getAttribute('data-rev'));
        meta.at = Date.now();
        return store.setMeta(meta);
      }).then(function () {
        return store.patch(key, entry.v, { state: 'pending', problem: null });
      }).then(runSync).then(function () { return store.get(key); }).then(function (left) {
        if (!left || left.state === 'synced') location.assign(back);
      });
    });
  }

  // ---- start ------------------------------------------------------------------------------------
  function adoptPageRev() {
    if (!rid) return Promise.resolve();
    var rev = Number(box.getAttribute('data-rev'));
    var at = Number(box.getAttribute('data-rendered-at'));
    return Promise.all([store.meta(user, rid), store.list(user)]).then(function (r) {
      var meta = r[0];
      var queued = r[1].some(function (e) { return e.rid === rid && e.state !== 'synced'; });
      // a page newer than what the queue knows, with nothing queued: the server's rev is the base
      if (!meta || (!queued && at > (meta.at || 0))) return store.setMeta({ user: user, rid: rid, rev: rev, at: at, savedAt: meta && meta.savedAt });
    });
  }

  line.setAttribute('data-server-text', line.textContent.trim());
  try {
    var kept = sessionStorage.getItem('monev-note');
    if (kept) { ui.note = kept; sessionStorage.removeItem('monev-note'); }
  } catch (e) { /* no session storage: nothing to show */ }
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () { /* pages work without it */ });
  window.addEventListener('online', function () { render(); runSync(); });
  window.addEventListener('offline', render);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden' && form) capture(); });
  window.addEventListener('beforeunload', function (e) {
    if (!store.persistent && (dirty || ui.pending > 0)) { e.preventDefault(); e.returnValue = ''; }
  });
  setInterval(function () { if (navigator.onLine !== false && ui.pending > ui.blocked.length && !running) runSync(); }, 30000);

  // the handlers are there at once (a quick tap must not post the form natively); they act once the queue is read
  var started = store.ready().then(function () {
    if (!store.persistent) ui.note = M.unavailable;
    return adoptPageRev();
  }).then(function () { return form ? restore() : null; }).then(function () { begin(); }, function (err) { begin(); throw err; });
  function begin() { begun = true; touched = {}; }
  function whenStarted(work) {
    return function (event) {
      if (event.currentTarget.getAttribute('data-native') === '1') return;
      event.preventDefault();
      var target = event.currentTarget;
      var submitter = event.submitter;
      started.then(function () { work(submitter, target); }).then(null, report);
    };
  }
  if (form) {
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('submit', whenStarted(onSectionSubmit));
  }
  if (submitForm) submitForm.addEventListener('submit', whenStarted(onFinalSubmit));
  var compareForm = document.querySelector('form[data-compare-form]');
  if (compareForm) compareForm.addEventListener('submit', whenStarted(function (_s, target) { onChoice(target); }));
  started.then(function () {
    if (window.MonevOfflinePages) window.MonevOfflinePages.init(user, rid, box, M, fmt, size, hhmm);
    return refresh();
  }).then(function () {
    box.setAttribute('data-ready', '1'); // the device's queue is read and this section's unsent changes are back in its fields
    if (navigator.onLine !== false && ui.pending > ui.blocked.length) runSync();
  }).then(null, report);
})();
