// The report page's script, as plain browser JavaScript (no build step, no dependencies).
// It renders the findings table with filters, sorting, paging and expandable rows, from the
// embedded payload (standalone file) or from the API (service). Every value is written with
// textContent, never as HTML. Kept free of template literals so it can live in this string.
export const CLIENT_JS = String.raw`(function () {
  'use strict';
  var STATUSES = ['PASS', 'FAIL', 'ERROR', 'MUTED'];
  var SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'];
  var config = JSON.parse(document.getElementById('orgscan-config').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var form = $('filters'), table = $('findings-table'), tbody = table.tBodies[0];
  var statusLine = $('table-status'), pageInfo = $('page-info'), prevBtn = $('prev-page'), nextBtn = $('next-page');
  var state = { sort: null, dir: 1, page: 0, pageSize: 50, expanded: {} };
  var all = null, view = null, haystack = null, tagDict = [];
  var cursors = [null], serviceItems = [], serviceNext = null, loading = false;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmtUsd(v) { return v === null || v === undefined ? '' : '$' + Number(v).toFixed(2); }
  function say(text) { statusLine.textContent = text; }

  // ---- standalone payload: gzip + base64 columnar JSON
  function inflate(b64) {
    var bin = atob(b64.trim()), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  function untemplate(t, id, account, region) {
    if (t.charAt(0) === '\u0004') return t.slice(1);
    return t.split('\u0003').join(region).split('\u0002').join(account).split('\u0001').join(id);
  }
  function decode(p) {
    tagDict = p.d.tag;
    var rows = new Array(p.n), c = p.c, d = p.d;
    for (var i = 0; i < p.n; i++) {
      var id = c.id[i], account = d.account[c.account[i]], region = d.region[c.region[i]];
      rows[i] = {
        checkId: d.check[c.check[i]], status: STATUSES[c.status[i]], severity: SEVERITIES[c.sev[i]],
        accountId: account, region: region, resourceType: d.rtype[c.rtype[i]], resourceId: id,
        resourceArn: c.arn[i] < 0 ? null : untemplate(d.arn[c.arn[i]], id, account, region),
        message: untemplate(d.msg[c.msg[i]], id, account, region),
        estimatedMonthlyCostUsd: c.cost[i], firstSeenAt: c.fs[i] < 0 ? null : d.fs[c.fs[i]],
        errorCode: c.err[i] < 0 ? null : d.err[c.err[i]],
        // Parsed only when a row is expanded.
        _ev: d.ev[c.ev[i]], _tags: c.tags[i], _rem: d.rem[c.rem[i]], _fw: d.fw[c.fw[i]],
        _muted: c.muted[i] < 0 ? null : d.muted[c.muted[i]]
      };
    }
    return rows;
  }
  function tagsOf(pairs) {
    var t = {};
    for (var j = 0; j + 1 < pairs.length; j += 2) t[tagDict[pairs[j]]] = tagDict[pairs[j + 1]];
    return t;
  }
  function tagText(f) {
    if (!f._tags) return '';
    var out = '';
    for (var j = 0; j < f._tags.length; j++) out += tagDict[f._tags[j]] + ' ';
    return out;
  }
  function lazy(f, key, raw) { if (f[key] === undefined) f[key] = raw === null ? null : JSON.parse(raw); return f[key]; }
  function details(f) {
    return {
      evidence: f.evidence !== undefined ? f.evidence : lazy(f, 'evidence', f._ev),
      tags: f.tags !== undefined ? f.tags : (f.tags = tagsOf(f._tags)),
      remediation: f.remediation !== undefined ? f.remediation : lazy(f, 'remediation', f._rem),
      frameworks: f.frameworks !== undefined ? f.frameworks : lazy(f, 'frameworks', f._fw),
      mutedBy: f.mutedBy !== undefined ? f.mutedBy : lazy(f, 'mutedBy', f._muted)
    };
  }

  // ---- filters
  function filters() {
    return {
      status: form.elements.status.value, severity: form.elements.severity.value, checkId: form.elements.checkId.value,
      accountId: form.elements.accountId.value, region: form.elements.region.value,
      q: form.elements.q.value.trim().toLowerCase()
    };
  }
  function matches(f, flt, i) {
    if (flt.status && f.status !== flt.status) return false;
    if (flt.severity && f.severity !== flt.severity) return false;
    if (flt.checkId && f.checkId !== flt.checkId) return false;
    if (flt.accountId && f.accountId !== flt.accountId) return false;
    if (flt.region && f.region !== flt.region) return false;
    if (flt.q) {
      if (!haystack[i]) haystack[i] = (f.resourceId + '\n' + f.message + '\n' + (f.resourceArn || '') + '\n' + f.checkId + '\n' + tagText(f)).toLowerCase();
      if (haystack[i].indexOf(flt.q) < 0) return false;
    }
    return true;
  }
  var SEV_RANK = { informational: 0, low: 1, medium: 2, high: 3, critical: 4 };
  var STATUS_RANK = { FAIL: 0, ERROR: 1, MUTED: 2, PASS: 3 };
  function sortKey(f, key) {
    switch (key) {
      case 'severity': return SEV_RANK[f.severity];
      case 'status': return STATUS_RANK[f.status];
      case 'estimatedMonthlyCostUsd': return f.estimatedMonthlyCostUsd === null ? -1 : f.estimatedMonthlyCostUsd;
      default: return f[key] === null ? '' : f[key];
    }
  }
  function sortRows(rows) {
    if (!state.sort) return rows;
    var key = state.sort, dir = state.dir;
    return rows.sort(function (a, b) {
      var x = sortKey(a, key), y = sortKey(b, key);
      return x < y ? -dir : x > y ? dir : 0;
    });
  }
  function applyStandalone() {
    var flt = filters(), out = [];
    for (var i = 0; i < all.length; i++) if (matches(all[i], flt, i)) out.push(all[i]);
    view = sortRows(out);
    state.page = 0;
    render();
  }

  // ---- service: the API pages with an opaque cursor
  function query(cursor) {
    var flt = filters(), params = new URLSearchParams();
    ['status', 'severity', 'checkId', 'accountId', 'region'].forEach(function (k) { if (flt[k]) params.set(k, flt[k]); });
    if (flt.q) params.set('resourceId', form.elements.q.value.trim());
    params.set('limit', String(state.pageSize));
    if (cursor) params.set('cursor', cursor);
    return config.apiBase + '/scans/' + encodeURIComponent(config.scanId) + '/findings?' + params.toString();
  }
  // The API accepts the session cookie of a browser signed in at /login (a same-origin fetch sends
  // it). Without one, or behind a proxy setup, a bearer token: taken once from the URL fragment
  // (#token=…, never sent to a server), or pasted into the token form, and kept for this tab only.
  var TOKEN_KEY = 'orgscan-token';
  function getToken() { try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }
  function setToken(t) { try { sessionStorage.setItem(TOKEN_KEY, t); } catch (e) { /* storage disabled */ } }
  var fragToken = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (fragToken) { setToken(decodeURIComponent(fragToken[1])); history.replaceState(null, '', location.pathname + location.search); }
  var tokenForm = $('token-form'), signinLink = $('signin-link');
  if (signinLink) signinLink.setAttribute('href', config.apiBase + '/login?next=' + encodeURIComponent(location.pathname + location.search));
  if (tokenForm) tokenForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var v = tokenForm.elements.token.value.trim();
    if (v) { setToken(v); tokenForm.elements.token.value = ''; tokenForm.hidden = true; applyService(); }
  });
  var requestSeq = 0;
  function loadServicePage(page) {
    // Only the newest request may render: a slow answer to an older filter is dropped.
    var seq = ++requestSeq;
    loading = true;
    say('Loading findings…');
    var headers = { accept: 'application/json' }, t = getToken();
    if (t) headers.authorization = 'Bearer ' + t;
    return fetch(query(cursors[page]), { credentials: 'same-origin', headers: headers })
      .then(function (res) {
        if (res.status === 401 || res.status === 403) { if (tokenForm) tokenForm.hidden = false; throw new Error('not authorized to read findings (HTTP ' + res.status + '); sign in again or enter an API token with the reader role'); }
        if (!res.ok) throw new Error('the findings API answered HTTP ' + res.status);
        return res.json();
      })
      .then(function (body) {
        if (seq !== requestSeq) return;
        loading = false;
        state.page = page;
        serviceItems = body.items;
        serviceNext = body.nextCursor;
        cursors[page + 1] = body.nextCursor;
        view = sortRows(serviceItems.slice());
        render();
        document.documentElement.setAttribute('data-findings-loaded', String(serviceItems.length));
      })
      .catch(function (err) { if (seq !== requestSeq) return; loading = false; say('Could not load findings: ' + err.message); });
  }
  function applyService() { cursors = [null]; loadServicePage(0); }
  function apply() { state.expanded = {}; if (config.mode === 'service') applyService(); else applyStandalone(); }

  // ---- rendering
  function badge(cls, text) { return el('span', { 'class': 'badge ' + cls }, text); }
  function cell(tr, child, cls) {
    var td = el('td', cls ? { 'class': cls } : null);
    if (child instanceof Node) td.appendChild(child); else if (child !== undefined && child !== null) td.textContent = String(child);
    tr.appendChild(td);
    return td;
  }
  function detailRow(f, id) {
    var x = details(f), tr = el('tr', { 'class': 'detail', id: id }), td = el('td', { colspan: '10' }), dl = el('dl');
    function item(label, value) { if (value === null || value === undefined || value === '') return; dl.appendChild(el('dt', null, label)); var dd = el('dd'); if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value); dl.appendChild(dd); }
    item('Check', (config.checkTitles[f.checkId] || f.checkId) + ' (' + f.checkId + ')');
    item('Message', f.message);
    item('Resource type', f.resourceType);
    item('Resource ARN', f.resourceArn ? el('code', null, f.resourceArn) : null);
    item('First seen', f.firstSeenAt);
    item('Error code', f.errorCode);
    if (x.mutedBy) item('Muted by', 'rule ' + x.mutedBy.ruleId + ': ' + x.mutedBy.reason + ' (expires ' + x.mutedBy.expires + (x.mutedBy.owner ? ', owner ' + x.mutedBy.owner : '') + ')');
    var tagKeys = x.tags ? Object.keys(x.tags) : [];
    if (tagKeys.length) item('Tags', tagKeys.map(function (k) { return k + '=' + x.tags[k]; }).join(', '));
    item('Evidence', el('pre', null, JSON.stringify(x.evidence, null, 2)));
    if (x.remediation) {
      var rem = el('div');
      rem.appendChild(el('p', null, x.remediation.text));
      if (/^https?:\/\//i.test(x.remediation.url || '')) rem.appendChild(el('a', { href: x.remediation.url, rel: 'noopener noreferrer', target: '_blank' }, x.remediation.url));
      item('Remediation', rem);
    }
    var fw = x.frameworks ? Object.keys(x.frameworks) : [];
    if (fw.length) {
      var ul = el('ul');
      fw.forEach(function (k) { var v = x.frameworks[k]; ul.appendChild(el('li', null, k + ': ' + (Array.isArray(v) ? v.join(', ') : v))); });
      item('Frameworks', ul);
    }
    td.appendChild(dl);
    tr.appendChild(td);
    return tr;
  }
  function render() {
    var total = view.length, start, rows;
    if (config.mode === 'service') { rows = view; start = state.page * state.pageSize; }
    else {
      var pages = Math.max(1, Math.ceil(total / state.pageSize));
      if (state.page >= pages) state.page = pages - 1;
      start = state.page * state.pageSize;
      rows = view.slice(start, start + state.pageSize);
    }
    var frag = document.createDocumentFragment();
    rows.forEach(function (f, n) {
      var key = start + n, detailId = 'finding-detail-' + key, open = !!state.expanded[key];
      var tr = el('tr', { 'class': 'finding', 'data-index': String(key) });
      var btn = el('button', { type: 'button', 'class': 'expand', 'aria-expanded': String(open), 'aria-controls': detailId, 'aria-label': 'Details of ' + f.resourceId }, open ? '−' : '+');
      btn.addEventListener('click', function () { state.expanded[key] = !state.expanded[key]; render(); var b = tbody.querySelector('tr[data-index="' + key + '"] button.expand'); if (b) b.focus(); });
      cell(tr, btn);
      cell(tr, badge('s-' + f.status, f.status));
      cell(tr, badge('v-' + f.severity, f.severity));
      cell(tr, el('span', { title: config.checkTitles[f.checkId] || f.checkId }, f.checkId));
      cell(tr, f.accountId);
      cell(tr, f.region);
      cell(tr, f.resourceId, 'res');
      cell(tr, f.message, 'msg');
      cell(tr, fmtUsd(f.estimatedMonthlyCostUsd), 'num');
      cell(tr, f.firstSeenAt ? f.firstSeenAt.slice(0, 10) : '');
      frag.appendChild(tr);
      if (open) frag.appendChild(detailRow(f, detailId));
    });
    tbody.textContent = '';
    tbody.appendChild(frag);
    if (config.mode === 'service') {
      pageInfo.textContent = 'Page ' + (state.page + 1);
      prevBtn.disabled = state.page === 0 || loading;
      nextBtn.disabled = !serviceNext || loading;
      say(rows.length ? 'Showing findings ' + (start + 1) + '–' + (start + rows.length) + (serviceNext ? ' (more on the next pages)' : '') : 'No findings match the filters.');
    } else {
      var pageCount = Math.max(1, Math.ceil(total / state.pageSize));
      pageInfo.textContent = 'Page ' + (state.page + 1) + ' of ' + pageCount;
      prevBtn.disabled = state.page === 0;
      nextBtn.disabled = state.page >= pageCount - 1;
      say(total ? 'Showing ' + (start + 1) + '–' + (start + rows.length) + ' of ' + total.toLocaleString('en-US') + ' findings' + (total !== all.length ? ' (filtered from ' + all.length.toLocaleString('en-US') + ')' : '') : 'No findings match the filters.');
    }
  }

  // ---- wiring
  function onSort(key, th) {
    if (state.sort === key) state.dir = -state.dir; else { state.sort = key; state.dir = key === 'severity' || key === 'estimatedMonthlyCostUsd' ? -1 : 1; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { if (c.hasAttribute('aria-sort')) c.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', state.dir === 1 ? 'ascending' : 'descending');
    state.expanded = {};
    view = sortRows(view);
    if (config.mode !== 'service') state.page = 0;
    render();
  }
  Array.prototype.forEach.call(table.querySelectorAll('th button.sort'), function (b) {
    b.addEventListener('click', function () { onSort(b.getAttribute('data-sort'), b.parentNode); });
  });
  var debounce = null;
  form.addEventListener('change', function (e) {
    // The search box already applied on input; its change event (on blur) would collapse rows.
    if (e.target.name === 'q') return;
    if (e.target.name === 'pageSize') state.pageSize = +e.target.value;
    apply();
  });
  form.addEventListener('input', function (e) { if (e.target.name !== 'q') return; clearTimeout(debounce); debounce = setTimeout(apply, 200); });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(debounce); apply(); });
  form.addEventListener('reset', function () { setTimeout(function () { state.pageSize = +form.elements.pageSize.value; apply(); }, 0); });
  prevBtn.addEventListener('click', function () {
    state.expanded = {};
    if (config.mode === 'service') loadServicePage(state.page - 1); else { state.page--; render(); }
  });
  nextBtn.addEventListener('click', function () {
    state.expanded = {};
    if (config.mode === 'service') loadServicePage(state.page + 1); else { state.page++; render(); }
  });
  state.pageSize = +form.elements.pageSize.value;

  form.hidden = false;
  table.hidden = false;
  $('pager').hidden = false;
  if (config.mode === 'service') { applyService(); return; }
  say('Loading findings…');
  var data = $('orgscan-data');
  inflate(data.textContent).then(function (p) {
    all = decode(p);
    haystack = new Array(all.length);
    document.documentElement.setAttribute('data-findings-loaded', String(all.length));
    applyStandalone();
  }).catch(function (err) { say('Could not read the embedded findings: ' + err.message); });
})();
`;
