/*
 * Monev offline queue: sending (issue 15). Sends one account's queued changes (offline-store.js)
 * with the routes the pages use themselves, in order per response: section saves, then files,
 * then the submission. Each save carries the rev it builds on and its own save id, the
 * submission its submissionId, every change the time it was made on this device (clientAt):
 *   save    POST /tanggapan/:id/bagian/:section (urlencoded, Accept: JSON)  → {rev, errors, savedAt}
 *   file    POST /api/tanggapan/:id/bukti (multipart: path, clientAt, file) → {rev}
 *   submit  POST /api/tanggapan/:id/kirim (JSON: submissionId, rev, clientAt) → {state, selfScore}
 * A changed response (409) stops that response's queue and waits for the operator; a refusal
 * (400/404/413/415/422) is kept with its reason; no network, 5xx or an ended session stop the run
 * and keep everything. Nothing is removed here except what the server has acknowledged.
 */
(function (root) {
  'use strict';
  var store = root.MonevStore;
  var CONFLICTS = [409.1, 409.2, 409.3, 409.7, 409.9, 409.11];

  function Sync(user, token) {
    this.user = user;
    this.token = token || '';
  }

  /** The session's CSRF token, and a check that the signed-in account is still the queue's. */
  Sync.prototype.freshToken = function () {
    var self = this;
    return fetch('/api/offline/sesi', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      if (res.status === 401) throw Object.assign(new Error('auth'), { kind: 'auth' });
      return res.json();
    }).then(function (body) {
      if (body.user !== self.user) throw Object.assign(new Error('auth'), { kind: 'auth' });
      self.token = body.csrf;
      return self.token;
    });
  };

  Sync.prototype.request = function (entry, rev) {
    var base = '/tanggapan/' + encodeURIComponent(entry.rid);
    var headers = { Accept: 'application/json' };
    if (entry.kind === 'save') {
      var body = new URLSearchParams();
      entry.fields.forEach(function (f) { body.append(f[0], f[1]); });
      body.set('_csrf', this.token);
      body.set('rev', String(rev));
      body.set('_action', 'save');
      body.set('_clientAt', entry.clientAt);
      body.set('_saveId', entry.saveId);
      return fetch(base + '/bagian/' + encodeURIComponent(entry.section), { method: 'POST', body: body, headers: headers, credentials: 'same-origin' });
    }
    if (entry.kind === 'file') {
      var data = new FormData();
      data.append('path', entry.path); // before the file: the server reads it to place the file
      data.append('clientAt', entry.clientAt);
      data.append('file', entry.file, entry.name);
      return fetch('/api' + base + '/bukti?_csrf=' + encodeURIComponent(this.token), { method: 'POST', body: data, headers: headers, credentials: 'same-origin' });
    }
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = this.token;
    return fetch('/api' + base + '/kirim', {
      method: 'POST', headers: headers, credentials: 'same-origin',
      body: JSON.stringify({ submissionId: entry.submissionId, rev: rev, clientAt: entry.clientAt }),
    });
  };

  /** Sends one entry: {kind: 'ok'|'conflict'|'refused'|'offline'|'auth'|'retry', body}. */
  Sync.prototype.send = function (entry, rev, retried) {
    var self = this;
    return this.request(entry, rev).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        var s = res.status;
        if (s >= 200 && s < 300) return { kind: 'ok', body: body };
        if (s === 401) return { kind: 'auth', body: body };
        if (s === 403 && body.code === 403.2 && !retried) return self.freshToken().then(function () { return self.send(entry, rev, true); });
        if (s === 409 && CONFLICTS.indexOf(body.code) >= 0) return { kind: 'conflict', body: body };
        if (s >= 500 || s === 429) return { kind: 'retry', body: body };
        return { kind: 'refused', body: body };
      });
    }, function () { return { kind: 'offline', body: {} }; }).catch(function (err) {
      return { kind: err && err.kind === 'auth' ? 'auth' : 'offline', body: {} };
    });
  };

  /** What an acknowledged entry means for the response's meta (its rev, when it was saved). */
  function acknowledge(meta, entry, rev, body) {
    if (entry.kind !== 'file' || body.rev === rev + 1) meta.rev = body.rev; // a file's rev is adopted only if nobody else wrote meanwhile
    var at = Date.parse(body.savedAt || body.submittedAt || '') || Date.now();
    meta.at = at;
    meta.savedAt = at;
    if (entry.kind === 'submit') meta.submitted = { at: at, selfScore: body.selfScore || null, state: body.state };
    return meta;
  }

  /**
   * One run over the account's queue. Resolves with {sent, errors: [{rid, section, errors}],
   * submitted: [{rid, ...}], stop: null|'offline'|'auth'|'retry'}.
   */
  Sync.prototype.run = function () {
    var self = this;
    var result = { sent: 0, errors: [], submitted: [], stop: null };
    if (root.navigator && root.navigator.onLine === false) { result.stop = 'offline'; return Promise.resolve(result); }
    var blocked = {};
    return store.list(this.user).then(function (all) {
      return all.reduce(function (chain, entry) {
        return chain.then(function () {
          if (result.stop || blocked[entry.rid] || entry.state === 'synced') return null;
          if (entry.state !== 'pending') { if (entry.state === 'conflict') blocked[entry.rid] = true; return null; }
          return store.meta(self.user, entry.rid).then(function (meta) {
            meta = meta || { user: self.user, rid: entry.rid, rev: entry.rev };
            var rev = meta.rev;
            return self.send(entry, rev).then(function (r) {
              if (r.kind === 'ok') {
                result.sent += 1;
                acknowledge(meta, entry, rev, r.body);
                if (entry.kind === 'save' && r.body.errors && r.body.errors.length) result.errors.push({ rid: entry.rid, section: entry.section, errors: r.body.errors });
                if (entry.kind === 'submit') result.submitted.push({ rid: entry.rid, body: r.body });
                var done = entry.kind === 'save'
                  ? store.patch(entry.key, entry.v, { state: 'synced', rev: meta.rev, problem: null })
                  : store.remove(entry.key, entry.v);
                return Promise.all([store.setMeta(meta), done]);
              }
              if (r.kind === 'conflict' || r.kind === 'refused') {
                if (r.kind === 'conflict') blocked[entry.rid] = true;
                return store.patch(entry.key, entry.v, { state: r.kind, problem: { code: r.body.code || 0, message: r.body.message || '' } });
              }
              result.stop = r.kind;
              return null;
            });
          });
        });
      }, Promise.resolve());
    }).then(function () { return result; });
  };

  root.MonevSync = Sync;
})(typeof self !== 'undefined' ? self : this);
