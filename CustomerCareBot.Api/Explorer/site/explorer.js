// The run explorer: recent runs (GET /runs), one run's steps (GET /runs/{id}) and its Mermaid diagram
// (GET /runs/{id}/diagram). Everything the Api returns is put into the page as text (textContent,
// attribute values), never as HTML; the only markup inserted is the SVG that Mermaid renders (strict mode).
(() => {
  'use strict';

  const REFRESH_MS = 5000;
  const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
  const STATUSES = new Set(['queued', 'running', 'completed', 'failed', 'cancelled']);
  // The page lives at <api>/explorer/, so the Api's root is one level up (keeps working under a path base).
  const apiRoot = new URL('../', document.baseURI);

  const $ = (id) => document.getElementById(id);
  const el = {
    workflow: $('filter-workflow'), status: $('filter-status'), limit: $('filter-limit'),
    auto: $('auto-refresh'), refresh: $('refresh'), openForm: $('open-run'), openId: $('open-run-id'),
    runsBody: document.querySelector('#runs tbody'), runsEmpty: $('runs-empty'), runsError: $('runs-error'),
    runsUpdated: $('runs-updated'),
    runPanel: $('run-panel'), runId: $('run-id'), runJson: $('run-json'), closeRun: $('close-run'),
    runError: $('run-error'), summary: $('run-summary'),
    timelineBody: document.querySelector('#timeline tbody'), timelineEmpty: $('timeline-empty'),
    diagram: $('diagram'), diagramSource: $('diagram-source'),
    trigger: $('run-trigger'), globals: $('run-globals'), output: $('run-output'),
  };

  const state = { workflow: '', status: '', limit: '50', run: '' };
  let listRequest = null;
  let runRequest = null;
  let shownRun = null;       // the run document on screen
  let shownDiagram = null;   // the Mermaid text on screen
  let diagramCounter = 0;

  // ---------- helpers ----------

  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = String(value);
        else node.setAttribute(key, String(value));
      }
    }
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const safeStatus = (s) => (STATUSES.has(s) ? s : 'other');

  function badge(status) {
    const text = status ?? '–';
    return h('span', { class: `badge status-${safeStatus(status)}`, text });
  }

  function time(value) {
    if (!value) return null;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }

  function formatTime(value) {
    const d = time(value);
    if (!d) return '–';
    const sameDay = d.toDateString() === new Date().toDateString();
    return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
  }

  function formatMs(ms) {
    if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
    if (ms < 1) return `${ms.toFixed(2)} ms`;
    if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(2)} s`;
    return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
  }

  function between(from, to) {
    const a = time(from); const b = time(to);
    return a && b ? b - a : null;
  }

  function json(value) {
    if (value === undefined || value === null) return '–';
    return JSON.stringify(value, null, 2);
  }

  async function problemText(response) {
    try {
      const body = await response.json();
      if (body && (body.title || body.detail)) return [body.title, body.detail].filter(Boolean).join(': ');
    } catch { /* not JSON */ }
    return `${response.status} ${response.statusText}`;
  }

  // Outside Development the read endpoints want X-Operator-Key; the key stays in this browser's session only.
  const operatorKeyInput = $('operator-key');
  operatorKeyInput.value = sessionStorage.getItem('ccb-operator-key') ?? '';
  operatorKeyInput.addEventListener('change', () => sessionStorage.setItem('ccb-operator-key', operatorKeyInput.value));
  function authHeaders(extra) {
    const key = operatorKeyInput.value.trim();
    return key ? { ...extra, 'X-Operator-Key': key } : extra;
  }

  async function getJson(path, signal) {
    const response = await fetch(new URL(path, apiRoot), { signal, headers: authHeaders({ Accept: 'application/json' }), cache: 'no-store' });
    if (!response.ok) {
      const error = new Error(await problemText(response));
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  function showError(node, message) {
    node.textContent = message ?? '';
    node.hidden = !message;
  }

  // ---------- state in the address (#status=completed&run=...) ----------

  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    state.workflow = params.get('workflow') ?? '';
    state.status = STATUSES.has(params.get('status')) ? params.get('status') : '';
    state.limit = ['25', '50', '100', '200'].includes(params.get('limit')) ? params.get('limit') : '50';
    state.run = params.get('run') ?? '';
  }

  function writeHash(push) {
    const params = new URLSearchParams();
    for (const key of ['workflow', 'status', 'limit', 'run']) {
      if (state[key] && !(key === 'limit' && state[key] === '50')) params.set(key, state[key]);
    }
    const hash = params.toString();
    const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }

  function syncControls() {
    if (state.workflow && ![...el.workflow.options].some((o) => o.value === state.workflow)) {
      el.workflow.append(h('option', { value: state.workflow, text: state.workflow }));
    }
    el.workflow.value = state.workflow;
    el.status.value = state.status;
    el.limit.value = state.limit;
  }

  // ---------- the list ----------

  async function loadWorkflows() {
    try {
      const workflows = await getJson('workflows');
      for (const w of workflows) {
        if ([...el.workflow.options].some((o) => o.value === w.id)) continue;
        el.workflow.append(h('option', { value: w.id, text: w.name ? `${w.id} (${w.name})` : w.id }));
      }
      syncControls();
    } catch { /* the filter still works with 'all' */ }
  }

  async function refreshList() {
    listRequest?.abort();
    const controller = new AbortController();
    listRequest = controller;
    const query = new URLSearchParams({ limit: state.limit });
    if (state.workflow) query.set('workflowId', state.workflow);
    if (state.status) query.set('status', state.status);
    try {
      const runs = await getJson(`runs?${query}`, controller.signal);
      if (listRequest !== controller) return;
      renderList(runs);
      showError(el.runsError, null);
      el.runsUpdated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      if (error.name === 'AbortError') return;
      showError(el.runsError, `Could not load the runs: ${error.message}`);
    } finally {
      if (listRequest === controller) listRequest = null;
    }
  }

  function renderList(runs) {
    const rows = runs.map((run) => {
      const link = h('a', { href: `#${runHash(run.runId)}`, class: 'run-link', title: run.runId, text: shortId(run.runId) });
      const row = h('tr', { class: 'run-row', 'data-run-id': run.runId, 'data-status': safeStatus(run.status) },
        h('td', { class: 'created', title: run.createdAt ?? '', text: formatTime(run.createdAt) }),
        h('td', { class: 'id' }, link),
        h('td', { class: 'workflow', text: run.workflowId }),
        h('td', { class: 'status' }, badge(run.status)),
        h('td', { class: 'final-status', title: run.reason ?? '', text: run.finalStatus ?? '–' }),
        h('td', { class: 'took num', text: formatMs(between(run.createdAt, run.completedAt)) }));
      if (run.runId === state.run) row.classList.add('selected');
      return row;
    });
    el.runsBody.replaceChildren(...rows);
    el.runsEmpty.hidden = runs.length > 0;
  }

  function shortId(id) {
    return id && id.length > 20 ? `${id.slice(0, 8)}…${id.slice(-8)}` : id;
  }

  function runHash(runId) {
    const params = new URLSearchParams();
    for (const key of ['workflow', 'status']) if (state[key]) params.set(key, state[key]);
    if (state.limit !== '50') params.set('limit', state.limit);
    params.set('run', runId);
    return params.toString();
  }

  // ---------- one run ----------

  async function refreshRun() {
    const runId = state.run;
    if (!runId) return;
    runRequest?.abort();
    const controller = new AbortController();
    runRequest = controller;
    const id = encodeURIComponent(runId);
    try {
      const run = await getJson(`runs/${id}`, controller.signal);
      if (runRequest !== controller || state.run !== runId) return;
      showError(el.runError, null);
      renderRun(run);
      await refreshDiagram(id, controller.signal);
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error.status === 404) {
        clearRun();
        showError(el.runError, `Run ${runId} was not found (unknown id, or older than the retention).`);
      } else {
        showError(el.runError, `Could not load the run: ${error.message}`);
      }
    } finally {
      if (runRequest === controller) runRequest = null;
    }
  }

  function clearRun() {
    shownRun = null;
    shownDiagram = null;
    el.summary.replaceChildren();
    el.timelineBody.replaceChildren();
    el.timelineEmpty.hidden = true;
    el.diagram.replaceChildren();
    el.diagramSource.textContent = '';
    for (const pre of [el.trigger, el.globals, el.output]) pre.textContent = '';
  }

  function openRunPanel(runId) {
    el.runPanel.hidden = false;
    el.runId.textContent = runId;
    el.runJson.href = new URL(`runs/${encodeURIComponent(runId)}`, apiRoot).href;
    for (const row of el.runsBody.rows) row.classList.toggle('selected', row.dataset.runId === runId);
  }

  function renderRun(run) {
    shownRun = run;
    const fields = [
      ['Workflow', run.workflowId],
      ['Status', badge(run.status)],
      ['Final status', run.finalStatus],
      ['Reason', run.reason],
      ['Error', run.error],
      ['Created', formatTime(run.createdAt)],
      ['Started', formatTime(run.startedAt)],
      ['Completed', formatTime(run.completedAt)],
      ['Queued for', formatMs(between(run.createdAt, run.startedAt))],
      ['Ran for', formatMs(between(run.startedAt, run.completedAt))],
      ['Attempts', run.attempts],
    ];
    el.summary.replaceChildren(...fields
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .flatMap(([label, value]) => [
        h('dt', { text: label }),
        h('dd', { class: label === 'Error' ? 'error-text' : null, 'data-field': label.toLowerCase().replace(/ /g, '-') }, value),
      ]));

    renderTimeline(run);
    el.trigger.textContent = json(run.trigger);
    el.globals.textContent = json(run.globals);
    el.output.textContent = json(run.output);
  }

  function renderTimeline(run) {
    const steps = Array.isArray(run.steps) ? run.steps : [];
    const starts = steps.map((s) => time(s.startedAt)?.getTime() ?? null);
    const first = starts.filter((t) => t !== null).reduce((a, b) => Math.min(a, b), Infinity);
    const origin = time(run.startedAt)?.getTime() ?? (Number.isFinite(first) ? first : null);
    const offsets = starts.map((t) => (t !== null && origin !== null ? Math.max(0, t - origin) : null));
    const ends = steps.map((s, i) => (offsets[i] ?? 0) + (Number(s.durationMs) || 0));
    const runEnd = origin !== null && time(run.completedAt) ? time(run.completedAt).getTime() - origin : 0;
    const total = Math.max(1, runEnd, ...ends);

    const rows = steps.map((step, i) => {
      const duration = Number(step.durationMs);
      const offset = offsets[i];
      const bar = h('div', { class: `bar status-${stepStatus(step.status)}` });
      bar.style.left = `${((offset ?? 0) / total) * 100}%`;
      bar.style.width = `${Math.max(0, (Number.isFinite(duration) ? duration : 0) / total) * 100}%`;
      const track = h('div', { class: 'track', title: `starts at +${formatMs(offset)}, takes ${formatMs(duration)}` }, bar);
      const notes = h('td', { class: 'notes' },
        step.error ? h('div', { class: 'error-text', text: step.error }) : null,
        step.note ? h('div', { class: 'note', text: step.note }) : null);
      return h('tr', { class: 'step', 'data-step-id': step.id, 'data-status': stepStatus(step.status) },
        h('td', { class: 'num', text: i + 1 }),
        h('td', { class: 'name' }, h('span', { text: step.name ?? step.id }), h('small', { text: step.id })),
        h('td', { class: 'type', text: step.type }),
        h('td', { class: 'status' }, h('span', { class: `badge status-${stepStatus(step.status)}`, text: step.status ?? '–' })),
        h('td', { class: 'start num', text: offset === null ? '–' : `+${formatMs(offset)}` }),
        h('td', { class: 'duration' }, track, h('span', { class: 'duration-text', text: formatMs(duration) })),
        h('td', { class: 'branch', text: step.branch ?? '' }),
        notes);
    });
    el.timelineBody.replaceChildren(...rows);
    el.timelineEmpty.hidden = steps.length > 0;
  }

  const stepStatus = (s) => (['completed', 'failed', 'cancelled'].includes(s) ? s : 'other');

  async function refreshDiagram(id, signal) {
    let text;
    try {
      const response = await fetch(new URL(`runs/${id}/diagram`, apiRoot), { signal, headers: authHeaders({}), cache: 'no-store' });
      if (!response.ok) {
        showDiagramText(null, `The diagram is not available: ${await problemText(response)}`);
        shownDiagram = null;
        return;
      }
      text = await response.text();
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      showDiagramText(null, `The diagram could not be loaded: ${error.message}`);
      return;
    }
    if (text === shownDiagram) return;
    shownDiagram = text;
    el.diagramSource.textContent = text;
    await renderDiagram(text);
  }

  let mermaidReady = false;
  function mermaidApi() {
    const api = window.mermaid;
    if (!api || typeof api.render !== 'function') return null;
    if (!mermaidReady) {
      api.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        suppressErrorRendering: true,
        theme: 'default',
        flowchart: { htmlLabels: true, useMaxWidth: true },
      });
      mermaidReady = true;
    }
    return api;
  }

  async function renderDiagram(text) {
    const api = mermaidApi();
    if (!api) {
      showDiagramText(text, 'Mermaid could not be loaded; this is the diagram\'s text.');
      return;
    }
    const renderId = `diagram-svg-${++diagramCounter}`;
    try {
      const { svg, bindFunctions } = await api.render(renderId, text);
      if (text !== shownDiagram) return; // a newer diagram arrived meanwhile
      // Mermaid's own output, sanitised by it (securityLevel 'strict'); nothing from the Api goes in unescaped.
      el.diagram.innerHTML = svg;
      el.diagram.dataset.rendered = 'svg';
      bindFunctions?.(el.diagram);
    } catch (error) {
      document.getElementById(renderId)?.remove();
      document.getElementById(`d${renderId}`)?.remove();
      showDiagramText(text, `Mermaid could not draw the diagram (${error?.message ?? error}); this is its text.`);
    }
  }

  function showDiagramText(text, message) {
    el.diagram.dataset.rendered = 'text';
    el.diagram.replaceChildren(
      h('p', { class: 'muted', text: message }),
      text !== null ? h('pre', { class: 'diagram-text', text }) : null);
  }

  // ---------- wiring ----------

  function applyState() {
    syncControls();
    if (state.run) {
      if (shownRun?.runId !== state.run) {
        clearRun();
        showError(el.runError, null);
      }
      openRunPanel(state.run);
      refreshRun();
    } else {
      runRequest?.abort();
      el.runPanel.hidden = true;
      clearRun();
      for (const row of el.runsBody.rows) row.classList.remove('selected');
    }
  }

  function onFilterChange() {
    state.workflow = el.workflow.value;
    state.status = el.status.value;
    state.limit = el.limit.value;
    writeHash(false);
    refreshList();
  }

  for (const select of [el.workflow, el.status, el.limit]) select.addEventListener('change', onFilterChange);
  el.refresh.addEventListener('click', () => { refreshList(); refreshRun(); });
  el.runsBody.addEventListener('click', (event) => {
    const row = event.target.closest('tr.run-row');
    if (!row || event.target.closest('a')) return; // the link navigates by itself
    location.hash = runHash(row.dataset.runId);
  });
  el.closeRun.addEventListener('click', () => { state.run = ''; writeHash(true); applyState(); });
  el.openForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = el.openId.value.trim();
    if (!id) return;
    state.run = id;
    writeHash(true);
    applyState();
  });
  window.addEventListener('hashchange', () => { readHash(); applyState(); refreshList(); });

  let timer = null;
  function schedule() {
    clearInterval(timer);
    timer = null;
    if (!el.auto.checked) return;
    timer = setInterval(() => {
      if (document.hidden) return;
      refreshList();
      if (state.run && (!shownRun || !TERMINAL.has(shownRun.status))) refreshRun();
    }, REFRESH_MS);
  }
  el.auto.addEventListener('change', schedule);
  document.addEventListener('visibilitychange', () => { if (!document.hidden && el.auto.checked) refreshList(); });

  readHash();
  applyState();
  loadWorkflows();
  refreshList();
  schedule();
})();
