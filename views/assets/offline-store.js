/*
 * Monev offline store (issue 15), shared by the form pages (fill.js) and the service worker
 * (sw.js, importScripts): the queue of changes made on this device and not yet on the server,
 * per account, in IndexedDB.
 *   queue  one entry per pending change, key "user|response|kind|part":
 *          save   the fields of one section (a newer save of the section replaces it),
 *          file   one evidence file (a Blob, within the question's limits),
 *          submit the final submission (its submissionId, so a repeat is stored once);
 *          state  'pending' | 'conflict' | 'refused' (the last two wait for the operator), or
 *                 'synced': a section as last sent, with the rev it made (restored into an
 *                 older offline copy of the page, so a stale copy never shows older answers).
 *   meta   per account and response: the rev the queue builds on (from the server), last save.
 *   marks  responses kept "tersedia offline" on this device, with the space their pages take.
 * Without IndexedDB (some private modes) the same API keeps everything in memory for the page.
 * Errors are rejected, never swallowed: QuotaExceededError (storage full) and QueueFull.
 */
(function (root) {
  'use strict';
  var DB_NAME = 'monev-offline';
  var LIMITS = { entries: 300, bytes: 60 * 1024 * 1024 };
  var RANK = { save: 0, file: 1, submit: 2 };
  var dbPromise = null;

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = root.indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var db = request.result;
          db.createObjectStore('queue', { keyPath: 'key' }).createIndex('user', 'user');
          db.createObjectStore('meta', { keyPath: 'key' }).createIndex('user', 'user');
          db.createObjectStore('marks', { keyPath: 'key' }).createIndex('user', 'user');
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
        request.onblocked = function () { reject(new Error('blocked')); };
      });
      dbPromise.catch(function () { dbPromise = null; });
    }
    return dbPromise;
  }

  /** Runs `work(stores)` in one transaction; resolves with its result once the transaction commits. */
  function run(names, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(names, mode);
        var stores = {};
        names.forEach(function (n) { stores[n] = tx.objectStore(n); });
        var result;
        Promise.resolve(work(stores)).then(function (r) { result = r; }, function (e) { try { tx.abort(); } catch (x) { /* already done */ } reject(e); });
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error || new Error('aborted')); };
      });
    });
  }

  function byUser(store, user) {
    return promised(store.index('user').getAll(user));
  }

  function order(a, b) {
    return a.rid === b.rid ? (RANK[a.kind] - RANK[b.kind]) || (a.seq - b.seq) : (a.seq < b.seq ? -1 : 1);
  }

  function entryBytes(e) {
    return (e.file && e.file.size) || JSON.stringify(e.fields || []).length;
  }

  function queueFull(n, bytes) {
    var err = new Error('QueueFull');
    err.name = 'QueueFull';
    err.count = n;
    err.bytes = bytes;
    return err;
  }

  var idb = {
    persistent: true,
    put: function (entry) {
      return run(['queue'], 'readwrite', function (s) {
        return byUser(s.queue, entry.user).then(function (all) {
          var others = all.filter(function (e) { return e.key !== entry.key; });
          var bytes = others.reduce(function (sum, e) { return sum + entryBytes(e); }, 0) + entryBytes(entry);
          if (others.length + 1 > LIMITS.entries || bytes > LIMITS.bytes) throw queueFull(others.length, bytes);
          return promised(s.queue.put(entry));
        });
      });
    },
    get: function (key) { return run(['queue'], 'readonly', function (s) { return promised(s.queue.get(key)); }); },
    /** Removes the entry only if it is still the version that was sent (a newer edit stays queued). */
    remove: function (key, version) {
      return run(['queue'], 'readwrite', function (s) {
        return promised(s.queue.get(key)).then(function (e) {
          if (e && (version === undefined || e.v === version)) return promised(s.queue.delete(key)).then(function () { return true; });
          return false;
        });
      });
    },
    /** Changes the entry only if it is still the version that was sent (a newer edit is left alone). */
    patch: function (key, version, fields) {
      return run(['queue'], 'readwrite', function (s) {
        return promised(s.queue.get(key)).then(function (e) {
          if (!e || e.v !== version) return false;
          Object.keys(fields).forEach(function (k) { e[k] = fields[k]; });
          return promised(s.queue.put(e)).then(function () { return true; });
        });
      });
    },
    list: function (user) {
      return run(['queue'], 'readonly', function (s) { return byUser(s.queue, user); }).then(function (all) { return all.sort(order); });
    },
    meta: function (user, rid) { return run(['meta'], 'readonly', function (s) { return promised(s.meta.get(user + '|' + rid)); }); },
    setMeta: function (m) { m.key = m.user + '|' + m.rid; return run(['meta'], 'readwrite', function (s) { return promised(s.meta.put(m)); }); },
    marks: function (user) { return run(['marks'], 'readonly', function (s) { return byUser(s.marks, user); }); },
    setMark: function (m) { m.key = m.user + '|' + m.rid; return run(['marks'], 'readwrite', function (s) { return promised(s.marks.put(m)); }); },
    unmark: function (user, rid) { return run(['marks'], 'readwrite', function (s) { return promised(s.marks.delete(user + '|' + rid)); }); },
    /** Everything of one account on this device: queue, meta, marks and its cached pages. */
    clearUser: function (user) {
      var stores = ['queue', 'meta', 'marks'];
      return run(stores, 'readwrite', function (s) {
        return Promise.all(stores.map(function (n) {
          return promised(s[n].index('user').getAllKeys(user)).then(function (keys) {
            return Promise.all(keys.map(function (k) { return promised(s[n].delete(k)); }));
          });
        }));
      }).then(function () { return root.caches ? root.caches.delete(cacheName(user)) : false; });
    },
    /** A sign-out that could not reach the server (offline): its token, sent when the network returns. */
    setPendingLogout: function (token) {
      return run(['meta'], 'readwrite', function (s) { return promised(s.meta.put({ key: '~logout', user: '~', token: token })); });
    },
    takePendingLogout: function () {
      return run(['meta'], 'readwrite', function (s) {
        return promised(s.meta.get('~logout')).then(function (m) { return m ? promised(s.meta.delete('~logout')).then(function () { return m.token; }) : null; });
      });
    },
  };

  /** The same API in memory (no IndexedDB): nothing survives the page, which says so. */
  function memoryStore() {
    var q = {}, meta = {};
    function values(o, user) { return Object.keys(o).map(function (k) { return o[k]; }).filter(function (e) { return e.user === user; }); }
    return {
      persistent: false,
      put: function (e) {
        var others = values(q, e.user).filter(function (x) { return x.key !== e.key; });
        var bytes = others.reduce(function (sum, x) { return sum + entryBytes(x); }, 0) + entryBytes(e);
        if (others.length + 1 > LIMITS.entries || bytes > LIMITS.bytes) return Promise.reject(queueFull(others.length, bytes));
        q[e.key] = e;
        return Promise.resolve();
      },
      get: function (key) { return Promise.resolve(q[key]); },
      remove: function (key, version) {
        var e = q[key];
        if (e && (version === undefined || e.v === version)) { delete q[key]; return Promise.resolve(true); }
        return Promise.resolve(false);
      },
      patch: function (key, version, fields) {
        var e = q[key];
        if (!e || e.v !== version) return Promise.resolve(false);
        Object.keys(fields).forEach(function (k) { e[k] = fields[k]; });
        return Promise.resolve(true);
      },
      list: function (user) { return Promise.resolve(values(q, user).sort(order)); },
      meta: function (user, rid) { return Promise.resolve(meta[user + '|' + rid]); },
      setMeta: function (m) { meta[m.user + '|' + m.rid] = m; return Promise.resolve(); },
      marks: function () { return Promise.resolve([]); },
      setMark: function () { return Promise.reject(new Error('no storage')); },
      unmark: function () { return Promise.resolve(); },
      clearUser: function (user) { values(q, user).forEach(function (e) { delete q[e.key]; }); return Promise.resolve(); },
      setPendingLogout: function () { return Promise.resolve(); },
      takePendingLogout: function () { return Promise.resolve(null); },
    };
  }

  /** The Cache Storage name of one account's offline pages. */
  function cacheName(user) { return 'monev-u-' + user; }

  var store = root.indexedDB ? idb : memoryStore();
  store.cacheName = cacheName;
  store.key = function (user, rid, kind, part) { return [user, rid, kind, part].join('|'); };
  /** Changes not on the server yet ('synced' entries are the last sent state of a section, kept for stale offline pages). */
  store.pendingCount = function (user) {
    return store.list(user).then(function (all) { return all.filter(function (e) { return e.state !== 'synced'; }).length; });
  };
  /** Falls back to memory when IndexedDB turns out unusable (opening fails). */
  store.ready = function () {
    if (!root.indexedDB) return Promise.resolve(store);
    return openDb().then(function () { return store; }, function () {
      var mem = memoryStore();
      Object.keys(mem).forEach(function (k) { store[k] = mem[k]; });
      return store;
    });
  };
  root.MonevStore = store;
})(typeof self !== 'undefined' ? self : this);
