// Reads the live-log stream (NDJSON) and shows the newest records first, keeping at most 500 rows so a long
// session does not grow the page without bound. Text only (textContent): records come from clients' requests.
(function () {
  var table = document.getElementById('live-logs');
  if (!table || !window.fetch || !window.TextDecoder) {
    return;
  }
  var body = table.querySelector('tbody');
  var status = document.getElementById('live-status');
  var MAX_ROWS = 500;

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    row.appendChild(td);
  }

  function show(record) {
    var row = document.createElement('tr');
    cell(row, record.time);
    cell(row, record.client);
    cell(row, record.method + ' ' + record.url);
    cell(row, record.status);
    cell(row, record.cacheStatus);
    cell(row, record.bytes);
    cell(row, record.originMillis);
    cell(row, record.edge);
    cell(row, record.rule);
    body.insertBefore(row, body.firstChild);
    while (body.rows.length > MAX_ROWS) {
      body.deleteRow(body.rows.length - 1);
    }
  }

  function line(text) {
    if (!text.trim()) {
      return;
    }
    var value = JSON.parse(text);
    if (value.stream) {
      var s = value.stream;
      if (s.maxPerSecond !== undefined) {
        status.textContent = 'Watching, at most ' + s.maxPerSecond + ' records per second.';
      } else if (s.capped || s.dropped) {
        status.textContent = 'Skipped ' + (s.capped || 0) + ' records over the rate and ' + (s.dropped || 0)
          + ' the page read too slowly (of ' + s.matched + ' matching).';
      }
      return;
    }
    show(value);
  }

  fetch(table.getAttribute('data-src'), {credentials: 'same-origin'}).then(function (response) {
    if (!response.ok) {
      status.textContent = response.status === 400 ? 'A filter is not valid: check the values above.'
        : 'The stream could not be opened (' + response.status + ').';
      return;
    }
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var pending = '';
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          status.textContent = 'The stream ended. Reload to watch again.';
          return;
        }
        pending += decoder.decode(chunk.value, {stream: true});
        var nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
          line(pending.substring(0, nl));
          pending = pending.substring(nl + 1);
        }
        return pump();
      });
    }
    return pump();
  }).catch(function () {
    status.textContent = 'The stream was interrupted. Reload to watch again.';
  });
})();
