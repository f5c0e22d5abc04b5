/*
 * Report charts, drawn from the accessible data table next to each chart (progressive
 * enhancement: without JavaScript, or if chart.js fails to load, the tables are the report).
 *
 *   <figure class="chart" data-chart="bar|hbar|stacked" data-max="100" data-palette="grades" data-by="row">
 *     <figcaption>…</figcaption>
 *     <div class="chart-canvas"></div>                     ← the canvas goes here
 *     <table class="chart-data">                          ← the data source
 *       <thead><tr><th>…</th><th data-series>Series A</th>…</tr></thead>
 *       <tbody><tr><th scope="row">Label</th><td data-value="12.5">12,5</td>…</tr></tbody>
 *
 * Columns marked data-series become datasets; each body row is one label; `data-value` is the raw
 * number ('' = no value). The canvas is aria-hidden: the table is what assistive technology reads.
 * No animation, and charts are resized before printing so they fit the A4 column.
 */
(function () {
  'use strict';

  var PALETTES = {
    buckets: ['#8c959f', '#d4a72c', '#2f6fb0', '#7a5195', '#c0392b', '#1e7b46'],
    grades: ['#1e7b46', '#2f6fb0', '#d4a72c', '#c0392b', '#6e7781', '#8c959f'],
    basis: ['#9ecae1', '#2f6fb0', '#0b5d3b'],
    standard: ['#0b5d3b', '#2f6fb0', '#d4a72c', '#c0392b', '#7a5195', '#1e7b46']
  };

  function numberOf(cell) {
    if (!cell) return null;
    var raw = cell.getAttribute('data-value');
    if (raw === null || raw === '') return null;
    var n = Number(raw);
    return isFinite(n) ? n : null;
  }

  function readTable(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return null;
    var series = [];
    for (var i = 0; i < head.cells.length; i++) {
      if (head.cells[i].hasAttribute('data-series')) series.push({ index: i, label: head.cells[i].textContent.trim(), data: [] });
    }
    var labels = [];
    for (var r = 0; r < body.rows.length; r++) {
      var row = body.rows[r];
      var th = row.querySelector('th');
      labels.push(th ? th.textContent.trim() : '');
      for (var s = 0; s < series.length; s++) series[s].data.push(numberOf(row.cells[series[s].index]));
    }
    return series.length && labels.length ? { labels: labels, series: series } : null;
  }

  function heightFor(kind, rows, seriesCount) {
    if (kind === 'bar') return 240;
    var perRow = kind === 'hbar' && seriesCount > 1 ? 14 * seriesCount + 10 : 28;
    return Math.max(150, rows * perRow + 60);
  }

  function draw(figure) {
    var kind = figure.getAttribute('data-chart');
    var table = figure.querySelector('table.chart-data');
    var holder = figure.querySelector('.chart-canvas');
    var data = table && holder && readTable(table);
    if (!data) return null;
    var palette = PALETTES[figure.getAttribute('data-palette')] || PALETTES.standard;
    var byRow = figure.getAttribute('data-by') === 'row' && data.series.length === 1;
    var max = figure.hasAttribute('data-max') ? Number(figure.getAttribute('data-max')) : undefined;
    var horizontal = kind === 'hbar' || kind === 'stacked';
    var stacked = kind === 'stacked';
    var datasets = data.series.map(function (s, i) {
      return {
        label: s.label,
        data: s.data,
        backgroundColor: byRow ? data.labels.map(function (_, k) { return palette[k % palette.length]; }) : palette[i % palette.length],
        borderWidth: 0
      };
    });
    holder.style.height = heightFor(kind, data.labels.length, data.series.length) + 'px';
    var canvas = document.createElement('canvas');
    canvas.setAttribute('aria-hidden', 'true');
    holder.appendChild(canvas);
    figure.classList.add('has-chart');
    // Scores have a maximum (0-100); counts get whole-number ticks only.
    var valueAxis = { beginAtZero: true, stacked: stacked, max: stacked ? undefined : max, ticks: max === undefined ? { precision: 0 } : {} };
    var labelAxis = { stacked: stacked, ticks: { autoSkip: false } };
    return new window.Chart(canvas, {
      type: 'bar',
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: 'id-ID',
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: data.series.length > 1, position: 'bottom' } },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
      }
    });
  }

  function start() {
    var buttons = document.querySelectorAll('.js-print');
    for (var b = 0; b < buttons.length; b++) {
      buttons[b].hidden = false;
      buttons[b].addEventListener('click', function () { window.print(); });
    }
    if (!window.Chart) return;
    var charts = [];
    var figures = document.querySelectorAll('figure.chart[data-chart]');
    for (var i = 0; i < figures.length; i++) {
      try {
        var chart = draw(figures[i]);
        if (chart) charts.push(chart);
      } catch (err) {
        // A chart that cannot be drawn leaves its table, which holds the same figures.
      }
    }
    var resizeAll = function () { for (var c = 0; c < charts.length; c++) charts[c].resize(); };
    window.addEventListener('beforeprint', resizeAll);
    if (window.matchMedia) {
      var print = window.matchMedia('print');
      if (print.addEventListener) print.addEventListener('change', function (e) { if (e.matches) resizeAll(); });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
