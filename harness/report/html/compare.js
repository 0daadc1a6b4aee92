// compare.js: draws compare.html from the model embedded in the page (the
// JSON script element with id compare-data, the same JSON as
// compare.json). Plain DOM, no framework, nothing fetched. No tag is
// written out in this file: it is pasted into the page's script element,
// which a closing tag or a comment opener would end or derail.
//
// Every text from the model goes into the page through textContent or an
// attribute value, never through innerHTML: values may hold anything.
//
// When done, the body element carries what a test can check without a debugger:
// data-state="ready", data-cases and data-targets (rows and columns
// actually drawn), data-differing, data-visible (rows the filters show) and
// data-errors (script errors seen on the page, 0 when all is well).
(function () {
  'use strict';

  const body = document.body;
  let errors = 0;
  function countError() {
    errors += 1;
    body.setAttribute('data-errors', String(errors));
  }
  window.addEventListener('error', countError);
  window.addEventListener('unhandledrejection', countError);
  body.setAttribute('data-errors', '0');

  // el('td', {className: 'x', title: 't', text: 'y'}, child, ...)
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null) continue;
        if (key === 'text') node.textContent = value;
        else if (key === 'className') node.className = value;
        else if (key === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
        else if (key === 'hidden') node.hidden = value;
        else node.setAttribute(key, String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function percent(same, compared) {
    if (!compared) return '–';
    const p = (100 * same) / compared;
    return (p === 100 ? '100' : p.toFixed(1)) + '%';
  }

  const GLYPH = {passed: '✓', failed: '✗', errored: '⚠', skipped: '–', absent: '·'};
  const VERDICT_TEXT = {
    passed: 'passed',
    failed: 'failed: the spec does not allow this answer',
    errored: 'errored: the target broke',
    skipped: 'not supported by the target',
    absent: 'not in the target’s profile',
  };
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

  function render(model) {
    const targets = model.targets;  // already in clustered order
    const names = targets.map((t) => t.name);
    const clusterOf = new Map(targets.map((t) => [t.name, t.cluster]));
    // A thick rule before the first member of each cluster but the first.
    const edge = new Set();
    for (let i = 1; i < targets.length; i++) {
      if (targets[i].cluster !== targets[i - 1].cluster) edge.add(targets[i].name);
    }
    const byName = new Map(targets.map((t) => [t.name, t]));

    // Facts.
    const facts = [
      `${model.counts.targets} implementations`,
      `${model.counts.cases} cases`,
      `${model.counts.differing} where they answer differently`,
      model.profile === null ? 'each judged against its own profile' : `profile ${model.profile}`,
      `run ${model.started}`,
      `${model.tool.name} ${model.tool.version}`,
    ];
    document.getElementById('facts').textContent = facts.join(' · ') + (model.interrupted ? ' · INTERRUPTED: partial results' : '');

    renderClusters(model, byName);
    renderAgreement(model, edge);
    renderThemes(model);
    renderLegend();
    const matrix = renderMatrix(model, names, edge, clusterOf);
    body.setAttribute('data-targets', String(matrix.targetColumns));
    body.setAttribute('data-cases', String(matrix.rows.length));
    body.setAttribute('data-differing', String(matrix.rows.filter((r) => r.c.differs).length));
    return matrix;
  }

  function renderClusters(model, byName) {
    const threshold = 100 * (1 - model.cluster_threshold);
    document.getElementById('clusters-intro').textContent =
      `Targets in one cluster agree, pair by pair, on at least ${threshold.toFixed(1)}% of the cases both answer ` +
      '(the same value, or the same exception class). “=” joins targets that answer identically on every case. ' +
      'The matrix below orders its columns the same way.';
    const box = document.getElementById('clusters');
    const identical = model.identical;
    model.clusters.forEach((cluster, k) => {
      // "ref = ref-adapter · musl": identical groups joined by "=".
      const parts = [];
      const seen = new Set();
      for (const name of cluster.targets) {
        if (seen.has(name)) continue;
        const group = identical.find((g) => g.includes(name)) || [name];
        const inCluster = group.filter((n) => cluster.targets.includes(n));
        inCluster.forEach((n) => seen.add(n));
        parts.push(inCluster.join(' = '));
      }
      const low = cluster.lowest;
      const why = low
        ? `every pair agrees on at least ${percent(low.same, low.compared)} of the cases both answer ` +
          `(lowest: ${low.a} and ${low.b}, ${low.same} of ${low.compared})`
        : 'no other target within the threshold';
      const list = el('ul');
      for (const name of cluster.targets) {
        const t = byName.get(name);
        list.append(el('li', null, el('span', {className: 'mono', text: t.name}), ' ',
          el('span', {className: 'muted', text:
            `${t.implementation} ${t.version} · profile ${t.profile} · answers ${t.answered} · ` +
            `${t.passed} ✓ ${t.failed} ✗ ${t.skipped} – ${t.errored} ⚠`})));
      }
      box.append(el('div', {className: 'cluster' + (low ? '' : ' single'), 'data-cluster': k},
        el('h3', {text: `Cluster ${k + 1}`}),
        el('div', {className: 'members', text: parts.join(' · ')}),
        el('div', {className: 'why', text: why}),
        list));
    });
  }

  function renderAgreement(model, edge) {
    const a = model.agreement;
    const table = el('table');
    const head = el('tr', null, el('th'));
    for (const name of a.targets) head.append(el('th', {text: name, className: edge.has(name) ? 'cluster-edge' : null}));
    table.append(el('thead', null, head));
    const tbody = el('tbody');
    a.targets.forEach((rowName, i) => {
      const tr = el('tr', null, el('th', {text: rowName}));
      a.targets.forEach((colName, j) => {
        const same = a.same[i][j], compared = a.compared[i][j];
        const cls = [i === j ? 'self' : '', edge.has(colName) ? 'cluster-edge' : ''].join(' ').trim();
        const td = el('td', {
          text: i === j ? String(compared) : percent(same, compared),
          className: cls || null,
          title: i === j ? `${rowName} answers ${compared} cases`
                         : `${rowName} and ${colName}: ${same} of ${compared} common cases alike`,
        });
        // Shade from white (80% alike or less) to blue (all alike): the
        // differences that matter are between 90 and 100 percent.
        if (i !== j && compared) {
          const f = Math.min(1, Math.max(0, (same / compared - 0.8) / 0.2));
          td.style.background = `rgba(0, 114, 178, ${(0.03 + 0.42 * f * f).toFixed(3)})`;
        }
        tr.append(td);
      });
      tbody.append(tr);
    });
    table.append(tbody);
    document.getElementById('agreement').append(table);
  }

  let reveal = () => {};  // set by the matrix: shows one case

  function renderThemes(model) {
    const box = document.getElementById('themes');
    if (!model.themes.length) {
      box.append(el('p', {className: 'empty', text: 'No disagreement: the targets answer every case they share alike.'}));
      return;
    }
    for (const theme of model.themes) {
      const n = theme.cases.length;
      const details = el('details', {'data-theme': theme.theme},
        el('summary', null, el('span', {className: 'theme-name', text: theme.theme}), ' ',
          el('span', {className: 'muted', text: `${n} case${n === 1 ? '' : 's'} · ${theme.ops.join(', ')} · ` +
            `${theme.patterns.length} pattern${theme.patterns.length === 1 ? '' : 's'}`})));
      for (const pattern of theme.patterns) {
        const sides = el('div');
        pattern.sides.forEach((side, s) => {
          sides.append(el('span', {className: 'side'}, el('span', {className: 'letter', text: LETTERS[s] || '?'}), side.join(', ')));
        });
        const links = el('div', {className: 'case-links'});
        for (const id of pattern.cases) {
          links.append(el('button', {type: 'button', text: id, on: {click: () => reveal(id)}}));
        }
        details.append(el('div', {className: 'pattern'}, sides, links));
      }
      box.append(details);
    }
  }

  function renderLegend() {
    const legend = document.getElementById('legend');
    for (const v of ['passed', 'failed', 'errored', 'skipped', 'absent']) {
      legend.append(el('span', {className: v},
        el('span', {className: 'sample ' + v},
          el('span', {className: 'glyph', text: GLYPH[v]})), ' ', VERDICT_TEXT[v]));
    }
    legend.append(el('span', null, el('span', {className: 'group', text: 'A'}),
      'the answer group, on rows where targets differ (A: the most common answer)'));
  }

  function renderMatrix(model, names, edge, clusterOf) {
    const table = document.getElementById('matrix');
    const columns = names.length + 1;

    // Header: the clusters, then the target names.
    const clusterRow = el('tr', {className: 'clusters'}, el('th', {className: 'corner', rowspan: 2, text: 'case'}));
    for (let i = 0; i < names.length;) {
      let j = i;
      while (j < names.length && clusterOf.get(names[j]) === clusterOf.get(names[i])) j++;
      clusterRow.append(el('th', {colspan: j - i, className: i ? 'cluster-edge' : null,
        text: `cluster ${clusterOf.get(names[i]) + 1}`}));
      i = j;
    }
    const nameRow = el('tr', {className: 'names'});
    for (const t of model.targets) {
      nameRow.append(el('th', {text: t.name, className: edge.has(t.name) ? 'cluster-edge' : null,
        title: `${t.implementation} ${t.version}, profile ${t.profile}`, 'data-target': t.name}));
    }
    table.append(el('thead', null, clusterRow, nameRow));

    // One tbody per area, with a header row that folds it.
    const areaSelect = document.getElementById('f-area');
    const groups = new Map();
    for (const a of model.areas) {
      areaSelect.append(el('option', {value: a.area, text: `${a.area} (${a.differing}/${a.cases})`}));
      const toggle = el('button', {type: 'button', className: 'link', 'aria-expanded': 'true'});
      const count = el('span', {className: 'muted'});
      const head = el('tr', {className: 'area-head'}, el('th', {colspan: columns}, toggle, count));
      const tbody = el('tbody', {'data-area': a.area}, head);
      const group = {area: a, tbody, toggle, count, open: true, rows: []};
      toggle.addEventListener('click', () => {
        group.open = !group.open;
        apply();
      });
      groups.set(a.area, group);
      table.append(tbody);
    }

    const rows = [];
    for (const c of model.cases) {
      const idButton = el('button', {type: 'button', className: 'link', text: c.id, title: c.call,
        'aria-expanded': 'false'});
      const tr = el('tr', {className: 'case' + (c.differs ? ' differs' : ''), 'data-id': c.id},
        el('th', {className: 'case-id', scope: 'row'}, idButton));
      // Answer-group letters only where they tell something.
      const letter = new Map();
      if (c.differs) c.groups.forEach((g, k) => g.forEach((n) => letter.set(n, LETTERS[k] || '?')));
      let bad = false;
      for (const name of names) {
        const r = c.results[name];
        const cls = edge.has(name) ? ' cluster-edge' : '';
        if (!r) {
          tr.append(el('td', {className: 'absent' + cls, title: `${name}: ${VERDICT_TEXT.absent}`, text: GLYPH.absent}));
          continue;
        }
        const answer = c.answers[r.answer];
        if (r.verdict === 'failed' || r.verdict === 'errored') bad = true;
        const title = `${name}: ${answer.full}` + (r.label ? ` (${r.label})` : '') + ` [${r.verdict}]`;
        tr.append(el('td', {className: r.verdict + cls, title},
          el('span', {className: 'glyph', text: GLYPH[r.verdict] || '?'}),
          letter.has(name) ? el('span', {className: 'group', text: letter.get(name)}) : null,
          r.verdict === 'skipped' ? 'n/a' : answer.short));
      }
      const row = {c, tr, bad, idButton, detail: null, group: groups.get(c.area),
        search: (c.id + '\n' + c.call).toLowerCase()};
      idButton.addEventListener('click', () => toggleDetail(row));
      row.group.rows.push(row);
      row.group.tbody.append(tr);
      rows.push(row);
    }

    function toggleDetail(row, open) {
      const want = open === undefined ? !row.detail || row.detail.hidden : open;
      if (want && !row.detail) {
        row.detail = el('tr', {className: 'detail', 'data-detail-for': row.c.id},
          el('td', {colspan: columns}, detailBox(row.c, names)));
        row.tr.after(row.detail);
      }
      if (row.detail) row.detail.hidden = !want || row.tr.hidden;
      row.tr.classList.toggle('open', want);
      row.idButton.setAttribute('aria-expanded', String(want));
      if (want) {
        // The address names the open case, to share it. A browser that
        // refuses history changes on a file:// page loses only that.
        try {
          history.replaceState(null, '', '#case=' + encodeURIComponent(row.c.id));
        } catch (e) { /* not worth an error */ }
      }
    }

    // Filters.
    const fArea = areaSelect, fDiff = document.getElementById('f-diff'), fBad = document.getElementById('f-bad');
    const fSearch = document.getElementById('f-search'), fCount = document.getElementById('f-count');
    const fCollapse = document.getElementById('f-collapse');
    function apply() {
      const area = fArea.value, onlyDiff = fDiff.checked, onlyBad = fBad.checked;
      const needle = fSearch.value.trim().toLowerCase();
      let visible = 0;
      for (const group of groups.values()) {
        let shown = 0, match = 0;
        for (const row of group.rows) {
          const ok = (!area || group.area.area === area) && (!onlyDiff || row.c.differs) && (!onlyBad || row.bad) &&
                     (!needle || row.search.includes(needle));
          if (ok) match++;
          row.tr.hidden = !(ok && group.open);
          if (row.detail) row.detail.hidden = row.tr.hidden || !row.tr.classList.contains('open');
          if (!row.tr.hidden) shown++;
        }
        visible += shown;
        group.tbody.hidden = match === 0;
        group.toggle.textContent = (group.open ? '▾ ' : '▸ ') + group.area.area;
        group.toggle.setAttribute('aria-expanded', String(group.open));
        group.count.textContent = `${match} of ${group.area.cases} cases match · ${group.area.differing} differ`;
      }
      fCount.textContent = `${visible} of ${rows.length} cases shown`;
      body.setAttribute('data-visible', String(visible));
      const anyOpen = [...groups.values()].some((g) => g.open);
      fCollapse.textContent = anyOpen ? 'collapse all areas' : 'expand all areas';
    }
    for (const input of [fArea, fDiff, fBad]) input.addEventListener('change', apply);
    fSearch.addEventListener('input', apply);
    fCollapse.addEventListener('click', () => {
      const anyOpen = [...groups.values()].some((g) => g.open);
      for (const g of groups.values()) g.open = !anyOpen;
      apply();
    });

    // Shows one case whatever the filters said: clears them just enough.
    reveal = (id) => {
      const row = rows.find((r) => r.c.id === id);
      if (!row) return false;
      fArea.value = '';
      fBad.checked = false;
      if (!row.c.differs) fDiff.checked = false;
      fSearch.value = '';
      row.group.open = true;
      apply();
      toggleDetail(row, true);
      row.tr.scrollIntoView({block: 'center'});
      return true;
    };

    // With nothing to compare (one target, or all alike) "only where they
    // differ" would show an empty table: start with every case instead.
    if (!rows.some((r) => r.c.differs)) fDiff.checked = false;
    apply();
    return {rows, targetColumns: nameRow.children.length, reveal};
  }

  // The expanded case: citation, call, what the spec accepts, and every
  // target's full answer, grouped by answer.
  function detailBox(c, names) {
    const box = el('div', {className: 'detail-box'});
    box.append(el('h4', {text: 'Document'}),
      el('blockquote', {text: c.source.quote}),
      el('div', {className: 'muted'}, `${c.source.doc} · versions ${c.versions} · `, el('span', {className: 'mono', text: c.location})));
    if (c.statements) box.append(el('div', {className: 'muted'}, 'statements: ', el('span', {className: 'mono', text: c.statements.join(', ')})));

    box.append(el('h4', {text: 'Call'}));
    const lines = (c.setup || []).concat([c.call]);
    box.append(el('pre', {text: lines.join('\n')}));
    if (c.elapsed) box.append(el('div', {className: 'muted', text: `must take ${c.elapsed.min}–${c.elapsed.max} s`}));

    box.append(el('h4', {text: c.implementation_defined ? 'Accepted (implementation-defined)' : 'Expected'}));
    if (c.implementation_defined) box.append(el('div', {text: c.reason}));
    const accepted = el('ul');
    for (const a of c.accept) {
      accepted.append(el('li', null, el('span', {className: 'mono', text: a.text}),
        a.label ? el('span', {className: 'muted', text: `  (${a.label})`}) : null));
    }
    box.append(accepted);
    if (c.note) box.append(el('div', {className: 'muted'}, 'Note: ', c.note));
    if (c.tags) box.append(el('div', {className: 'muted', text: 'tags: ' + c.tags.join(', ')}));

    box.append(el('h4', {text: 'Answers'}));
    const table = el('table', null, el('thead', null, el('tr', null,
      el('th', {text: 'target'}), el('th', {text: 'group'}), el('th', {text: 'verdict'}), el('th', {text: 'answer'}),
      el('th', {text: 'label'}), el('th', {text: 'ms'}))));
    const tbody = el('tbody');
    const groupOf = new Map();
    c.groups.forEach((g, k) => g.forEach((n) => groupOf.set(n, k)));
    // Grouped by answer (A first), then the targets without one.
    const ordered = names.slice().sort((x, y) => (groupOf.has(x) ? groupOf.get(x) : 1e9) - (groupOf.has(y) ? groupOf.get(y) : 1e9));
    for (const name of ordered) {
      const r = c.results[name];
      if (!r) {
        tbody.append(el('tr', null, el('td', {className: 'mono', text: name}), el('td'),
          el('td', {className: 'v absent'}, el('span', {className: 'glyph', text: GLYPH.absent}), 'not in profile'),
          el('td'), el('td'), el('td')));
        continue;
      }
      const answer = c.answers[r.answer];
      tbody.append(el('tr', null,
        el('td', {className: 'mono', text: name}),
        el('td', {text: groupOf.has(name) ? LETTERS[groupOf.get(name)] || '?' : ''}),
        el('td', {className: 'v ' + r.verdict}, el('span', {className: 'glyph', text: GLYPH[r.verdict] || '?'}), r.verdict),
        el('td', {className: 'answer', text: answer.full + (r.detail ? `\n(${r.detail})` : '')}),
        el('td', {text: r.label || ''}),
        el('td', {className: 'mono', text: (r.seconds * 1000).toFixed(3)})));
    }
    table.append(tbody);
    box.append(table);
    return box;
  }

  try {
    const began = performance.now();
    const model = JSON.parse(document.getElementById('compare-data').textContent);
    const matrix = render(model);
    // #case=<id> opens that case (the page sets it when a case is opened,
    // so the address can be shared).
    const m = /^#case=(.*)$/.exec(location.hash);
    if (m) {
      const id = decodeURIComponent(m[1]);
      body.setAttribute('data-revealed', matrix.reveal(id) ? id : '');
    }
    body.setAttribute('data-render-ms', String(Math.round(performance.now() - began)));
    body.setAttribute('data-state', 'ready');
  } catch (e) {
    countError();
    body.setAttribute('data-state', 'failed');
    document.querySelector('main').prepend(el('p', {className: 'noscript', text: 'The report could not be drawn: ' + e}));
  }
})();
