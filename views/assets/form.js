/*
 * Monev questionnaire enhancements (the page works without this file):
 *  - shows/hides conditional parts live: elements with data-visible-if hold a JSON-Schema
 *    condition on the whole answer document, evaluated here on the current field values with
 *    the same subset as server/render/condition.ts (a test runs both against Ajv);
 *  - shows only the chosen object alternative ([data-alt-group]);
 *  - moves focus to the error summary so screen readers announce it; a link of the summary (or a
 *    link from another page, by its #fragment) focuses its field and shows the field's title and
 *    error message above it (GOV.UK error summary pattern).
 * No inline script anywhere: this file is loaded with <script src defer>.
 */
(function () {
  'use strict';
  var MAX_DEPTH = 32;
  var FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function eq(a, b) {
    if (a === b) return true;
    if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every(function (x, i) { return eq(x, b[i]); });
    if (isObj(a) && isObj(b)) {
      var ka = Object.keys(a);
      return ka.length === Object.keys(b).length && ka.every(function (k) { return has(b, k) && eq(a[k], b[k]); });
    }
    return false;
  }

  function typeOk(t, v) {
    switch (t) {
      case 'null': return v === null;
      case 'boolean': return typeof v === 'boolean';
      case 'string': return typeof v === 'string';
      case 'number': return typeof v === 'number' && isFinite(v);
      case 'integer': return typeof v === 'number' && Math.floor(v) === v && isFinite(v);
      case 'array': return Array.isArray(v);
      case 'object': return isObj(v);
      default: return true;
    }
  }

  function matches(s, v, depth) {
    if (s === true || s === undefined) return true;
    if (s === false) return false;
    if (!isObj(s) || depth > MAX_DEPTH) return true;
    var d = depth + 1, k;
    if (s.type !== undefined && ![].concat(s.type).some(function (t) { return typeOk(t, v); })) return false;
    if (has(s, 'const') && !eq(s.const, v)) return false;
    if (Array.isArray(s.enum) && !s.enum.some(function (e) { return eq(e, v); })) return false;
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) return false;
      if (typeof s.maximum === 'number' && v > s.maximum) return false;
      if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) return false;
      if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) return false;
    }
    if (typeof v === 'string') {
      var len = Array.from(v).length;
      if (typeof s.minLength === 'number' && len < s.minLength) return false;
      if (typeof s.maxLength === 'number' && len > s.maxLength) return false;
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) return false;
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) return false;
      if (s.contains !== undefined && !v.some(function (x) { return matches(s.contains, x, d); })) return false;
      if (isObj(s.items) && !v.every(function (x) { return matches(s.items, x, d); })) return false;
    }
    if (isObj(v)) {
      if (Array.isArray(s.required) && !s.required.every(function (r) { return typeof r === 'string' && has(v, r); })) return false;
      if (isObj(s.properties)) {
        for (k in s.properties) if (has(s.properties, k) && has(v, k) && !matches(s.properties[k], v[k], d)) return false;
      }
    }
    if (s.not !== undefined && matches(s.not, v, d)) return false;
    if (Array.isArray(s.allOf) && !s.allOf.every(function (x) { return matches(x, v, d); })) return false;
    if (Array.isArray(s.anyOf) && !s.anyOf.some(function (x) { return matches(x, v, d); })) return false;
    if (Array.isArray(s.oneOf) && s.oneOf.filter(function (x) { return matches(x, v, d); }).length !== 1) return false;
    return true;
  }

  // ---- current answers from the fields (names: see server/render/paths.ts) ----
  function unescapeSeg(s) {
    var h = s.indexOf('~2') === 0 ? '_' + s.slice(2) : s;
    return h.replace(/~1/g, '.').replace(/~0/g, '~');
  }

  function num(s) {
    var t = s.replace(/\s+/g, '');
    if (/^[+-]?\d+,\d+$/.test(t)) t = t.replace(',', '.');
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : undefined;
  }

  function typed(el) {
    var v = el.value.trim(), t = el.getAttribute('data-t'), g;
    // choices carry their type on the group (one attribute per question, not per option)
    if (t === null && (el.type === 'radio' || el.type === 'checkbox') && (g = el.closest('[data-t]'))) t = g.getAttribute('data-t');
    if (v === '') return undefined;
    if (t === 'n') { var n = num(v); return n === undefined ? v : n; }
    if (t === 'j' || t === 'json') { try { return JSON.parse(v); } catch (e) { return v; } }
    if (t === 'a') { var m = num(v); if (m !== undefined) return m; if (v === 'true' || v === 'false') return v === 'true'; }
    return v;
  }

  function put(doc, segs, val, multi) {
    var cur = doc, i, k;
    for (i = 0; i < segs.length - 1; i++) {
      k = segs[i];
      if (FORBIDDEN.indexOf(k) >= 0) return;
      if (!isObj(cur[k])) cur[k] = {};
      cur = cur[k];
    }
    k = segs[segs.length - 1];
    if (FORBIDDEN.indexOf(k) >= 0) return;
    if (multi) (Array.isArray(cur[k]) ? cur[k] : (cur[k] = [])).push(val);
    else cur[k] = val;
  }

  // objects whose keys are all row indices become arrays
  function arrays(v) {
    if (!isObj(v)) return v;
    var keys = Object.keys(v), out;
    keys.forEach(function (k) { v[k] = arrays(v[k]); });
    if (keys.length === 0 || !keys.every(function (k) { return /^\d+$/.test(k); })) return v;
    out = [];
    keys.forEach(function (k) { out[Number(k)] = v[k]; });
    return out;
  }

  // answers of the sections not on this page (section-by-section filling), for conditions on them
  function context(form) {
    var holder = form.querySelector ? form.querySelector('[data-fm-context]') : null;
    if (!holder) return {};
    try { var c = JSON.parse(holder.getAttribute('data-fm-context')); return isObj(c) ? c : {}; } catch (e) { return {}; }
  }

  function collect(form) {
    var doc = context(form), els = form.elements, i, el, parts, val;
    for (i = 0; i < els.length; i++) {
      el = els[i];
      if (!el.name || el.disabled || /^(file|submit|button|reset)$/.test(el.type)) continue;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) continue;
      if (el.closest('[data-alt][hidden]') || el.closest('[data-visible-if][hidden]')) continue; // ignored like on the server
      parts = el.name === '~root' ? ['~root'] : el.name.split('.');
      if (/^~(rows|alt|extra|file)$/.test(parts[parts.length - 1])) continue;
      parts = parts.filter(function (p) { return !/^~a\d+$/.test(p); }).map(unescapeSeg);
      val = typed(el);
      if (val !== undefined) put(doc, parts, val, el.type === 'checkbox');
    }
    doc = arrays(doc);
    return has(doc, '~root') ? doc['~root'] : doc;
  }

  function condition(node) {
    if (node._fmCond === undefined) {
      try { node._fmCond = JSON.parse(node.getAttribute('data-visible-if')); } catch (e) { node._fmCond = true; }
    }
    return node._fmCond;
  }

  function syncAlternatives(root) {
    var groups = root.querySelectorAll('[data-alt-group]');
    Array.prototype.forEach.call(groups, function (g) {
      var sel = g.querySelector('input[data-alt-select]:checked');
      // nothing chosen yet: all stay visible (as the server renders them)
      Array.prototype.forEach.call(g.children, function (c) {
        if (c.hasAttribute('data-alt')) c.hidden = sel !== null && c.getAttribute('data-alt') !== sel.value;
      });
    });
  }

  function update(form) {
    syncAlternatives(form);
    var nodes = form.querySelectorAll('[data-visible-if]');
    // a part may depend on another conditional part: repeat until nothing changes
    for (var pass = 0; pass < 5; pass++) {
      var doc = collect(form), changed = false;
      for (var i = 0; i < nodes.length; i++) {
        var hide = !matches(condition(nodes[i]), doc, 0);
        if (nodes[i].hidden !== hide) { nodes[i].hidden = hide; changed = true; }
      }
      if (!changed) break;
    }
  }

  function init() {
    var roots = document.querySelectorAll('[data-fm]');
    Array.prototype.forEach.call(roots, function (root) {
      var form = root.closest('form');
      if (!form || form._fmBound) return;
      form._fmBound = true;
      var handler = function () { update(form); };
      form.addEventListener('change', handler);
      form.addEventListener('input', handler);
      update(form);
    });
    if (!focusField(location.hash.slice(1))) {
      var summary = document.querySelector('[data-fm-summary]');
      if (summary) summary.focus();
    }
    document.addEventListener('click', function (e) {
      var link = e.target && e.target.closest ? e.target.closest('.fm-summary a[href^="#"]') : null;
      if (link && focusField(link.getAttribute('href').slice(1))) e.preventDefault();
    });
  }

  // the question's input gets the focus; its title (label or legend), hint and message are scrolled into view above it
  function focusField(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.closest('form')) return false;
    var input = /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) ? target : target.querySelector('input, select, textarea');
    if (!input) return false;
    var field = input.closest('.fm-field') || input;
    var title = field.querySelector('legend, .fm-label') || field;
    title.scrollIntoView();
    input.focus({ preventScroll: true });
    return true;
  }

  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
  }
  if (typeof module === 'object' && module.exports) module.exports = { matches: matches, collect: collect, num: num };
})();
