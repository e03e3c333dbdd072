// Draws the analytics charts with Chart.js (served from its webjar) from the JSON the portal prepares, and
// redraws them every minute. No inline script: the page only carries the data URL in data-src.
(function () {
  'use strict';

  var container = document.querySelector('.charts[data-src]');
  if (!container || typeof window.Chart === 'undefined') {
    return;
  }
  var charts = {};
  var colors = {
    hit: '#12b76a', miss: '#f04438', stale: '#f79009', bypass: '#98a2b3',
    ratio: '#1f5eff', offload: '#7a5af8', toClients: '#1f5eff', fromOrigin: '#f79009',
    s2: '#12b76a', s3: '#1f5eff', s4: '#f79009', s5: '#f04438'
  };

  // spanGaps false: a null (a bucket with nothing to compute a ratio from) is a gap, never a line drawn across it.
  function line(label, data, color, fill) {
    return { label: label, data: data, borderColor: color, backgroundColor: color, fill: fill || false,
      pointRadius: 0, borderWidth: 2, tension: 0.2, spanGaps: false };
  }

  function bar(label, data, color) {
    return { label: label, data: data, backgroundColor: color, stack: 'all' };
  }

  function draw(id, type, labels, datasets, extra) {
    var options = { animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: { x: { stacked: type === 'bar', ticks: { maxTicksLimit: 8 } }, y: { stacked: type === 'bar', beginAtZero: true } } };
    if (extra) {
      options.scales.y = Object.assign(options.scales.y, extra);
    }
    if (charts[id]) {
      charts[id].data.labels = labels;
      charts[id].data.datasets = datasets;
      charts[id].update();
      return;
    }
    var canvas = document.getElementById(id);
    if (canvas) {
      charts[id] = new window.Chart(canvas, { type: type, data: { labels: labels, datasets: datasets }, options: options });
    }
  }

  function render(d) {
    draw('chart-cache-status', 'bar', d.labels, [
      bar('Hits', d.hits, colors.hit), bar('Stale', d.stale, colors.stale),
      bar('Misses', d.misses, colors.miss), bar('Bypass', d.bypass, colors.bypass)]);
    draw('chart-ratios', 'line', d.labels, [
      line('Hit ratio %', d.hitRatio, colors.ratio), line('Origin offload %', d.originOffload, colors.offload)],
      { max: 100 });
    draw('chart-bandwidth', 'line', d.labels, [
      line('To clients (' + d.bandwidthUnit + ')', d.bandwidthToClients, colors.toClients),
      line('From origin (' + d.bandwidthUnit + ')', d.bandwidthFromOrigin, colors.fromOrigin)]);
    var unit = document.getElementById('bandwidth-unit');
    if (unit) {
      unit.textContent = d.bandwidthUnit;
    }
    draw('chart-error-rate', 'line', d.labels, [line('5xx %', d.errorRate, colors.s5)], { suggestedMax: 1 });
    draw('chart-status', 'bar', d.labels, [
      bar('2xx', d.status2xx, colors.s2), bar('3xx', d.status3xx, colors.s3),
      bar('4xx', d.status4xx, colors.s4), bar('5xx', d.status5xx, colors.s5)]);
    container.setAttribute('data-loaded', 'true');
  }

  function load() {
    fetch(container.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(render)
      .catch(function () {
        container.setAttribute('data-loaded', 'error');
      });
  }

  load();
  window.setInterval(load, 60000);
}());
