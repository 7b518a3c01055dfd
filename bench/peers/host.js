// Host page that enters the review widget in the peer benchmark (/work/shared/bench-peers, its
// README "Adding a contender"; scripts/bench-peers.sh runs it). Like any portal it loads the
// release build and calls the public mount API, `mountReview(element, config)`. It reads the
// benchmark's library-independent rubric (`?rubric=/rubrics/rubric-20.neutral.json`), turns it
// into this widget's rubric and task formats (docs/rubric-format.md; the choices and where they
// differ from the neutral rubric are in README.md next to this file), and implements the page
// contract:
//   - readiness: `window.__benchFormReady()` (and `data-form-ready` on #app) once the last
//     criterion is in the DOM;
//   - controls: `window.__benchAdapter.element(action)` finds the widget's own controls (they
//     carry no `data-qid` and their inputs no `value`; in shadow mode they are in a shadow root);
//   - answers: `window.__benchState()` resolves, once the coalesced `rubric-change` of the last
//     change has come (300 ms later), to that event's answers as the benchmark's typed values;
//   - `window.__benchWasmMemoryBytes()`: the wasm linear memory.
// Query options: `markdown` (render the response texts as markdown, the widget's normal
// behaviour, instead of verbatim as every contender of the benchmark shows them); `shadow`
// (mount inside an open shadow root with widget.css linked in it, as the <rubric-review>
// element does).
const params = new URLSearchParams(location.search);
const rubricUrl = params.get('rubric') || '/rubrics/rubric-20.neutral.json';
const options = { markdown: params.has('markdown'), shadow: params.has('shadow') };

// The rubric is asked for first, while the module and the wasm load (index.html preloads
// both): the module is imported, not a static import, so this runs as soon as this file has
// arrived rather than once the whole module graph has.
const rubricLoad = fetch(rubricUrl).then((r) => {
  if (!r.ok) throw new Error(`${rubricUrl}: HTTP ${r.status}`);
  return r.json();
});
// The wasm compiles while the glue module loads, not after it: `init` takes the module.
const compiled = WebAssembly.compileStreaming(fetch(new URL('rubric-widget_bg.wasm', import.meta.url)));
const { default: init, mountReview } = await import('./rubric-widget.js');
const [wasm, neutral] = await Promise.all([
  compiled.then((module) => init({ module_or_path: module })),
  rubricLoad,
]);
window.__benchWasmMemoryBytes = () => wasm.memory.buffer.byteLength;

const { rubric, task, qids, lastCriterion } = convert(neutral, options);

// ------------------------------------------------------------------ mount
// An async module may run before the page is parsed (it was ahead of the data here, always).
if (document.readyState === 'loading') await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
const app = document.getElementById('app');
let scope = app;
let target = app;
if (options.shadow) {
  scope = app.attachShadow({ mode: 'open' });
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = new URL('widget.css', import.meta.url).href;
  target = document.createElement('div');
  scope.append(css, target);
}

let answers = {};
// Bubbling and composed: it leaves the shadow root too. `detail` is {answers: {...}}.
app.addEventListener('rubric-change', (e) => { answers = e.detail.answers; });
app.addEventListener('rubric-config-error', (e) => {
  console.error(`rubric widget refused the converted documents: ${JSON.stringify(e.detail).slice(0, 2000)}`);
});

const lastSelector = `fieldset[data-criterion="${CSS.escape(lastCriterion)}"]`;
const observer = new MutationObserver(() => { if (scope.querySelector(lastSelector)) ready(); });
observer.observe(scope, { childList: true, subtree: true });
function ready() {
  observer.disconnect();
  app.setAttribute('data-form-ready', '');
  window.__benchFormReady?.();
}

window.__benchMount = mountReview(target, {
  rubricJson: JSON.stringify(rubric),
  taskJson: JSON.stringify(task),
  annotator: 'bench',
  locale: 'en',
});
if (scope.querySelector(lastSelector)) ready();

// ------------------------------------------------------------------ contract
// The widget tells its host of changes once per burst, at most 250 ms after the last one
// (docs/promises.md, P5), so the answers are read after that long (the harness awaits a promise).
window.__benchState = async () => {
  await new Promise((r) => setTimeout(r, 300));
  const out = {};
  for (const [qid, q] of qids) {
    const a = answers[q.criterion];
    if (!a) continue;
    switch (a.type) {
      case 'rating': case 'single_choice': case 'text': out[qid] = a.value; break;
      case 'pairwise': if (a.value != null) out[qid] = a.value; break;
      case 'multi_choice': out[qid] = [...a.values]; break;
      case 'ranking': out[qid] = a.order.flat(); break;
      case 'checklist': if (q.item in a.items) out[qid] = a.items[q.item] === 'yes'; break;
      default: break;
    }
  }
  return out;
};

window.__benchAdapter = {
  // A ranking moves by its "move up" button (a click), not by ArrowUp on the row.
  rankByClick: true,
  element(action) {
    const q = qids.get(action.qid);
    if (!q) return null;
    const field = scope.querySelector(`fieldset[data-criterion="${CSS.escape(q.criterion)}"]`);
    if (!field) return null;
    if (action.op === 'type') return field.querySelector('textarea');
    if (action.op === 'rank') {
      return field.querySelector(`li[data-response="${CSS.escape(String(action.value))}"] button[id$="-up"]`);
    }
    // Choices are found by the option's place: the widget's inputs carry no value attribute.
    const slot = q.values.findIndex((v) => v === action.value);
    if (slot < 0) return null;
    if (q.item != null) {
      const row = field.querySelectorAll('.rw-check-item')[q.itemIndex];
      return row ? row.querySelectorAll('input[type=radio]')[slot] ?? null : null;
    }
    return field.querySelectorAll('input.rw-card-input')[slot] ?? null;
  },
};

// ------------------------------------------------------------------ conversion
/**
 * The neutral rubric as this widget's rubric and task. Returns them, `qids` (benchmark qid →
 * {criterion, values: option values in display order, item?: checklist item id, itemIndex?})
 * and the id of the last criterion (readiness).
 */
function convert(model, { markdown }) {
  const ops = { '<=': 'lte', '<': 'lt', '>=': 'gte', '>': 'gt', '==': 'equals', '!=': 'not_equals' };
  // Verbatim, as the other contenders show it: one `~~~` fenced block (the texts use only ```
  // fences inside, which do not close it).
  const show = (text) => (markdown ? text : `~~~\n${text.replace(/\n$/, '')}\n~~~`);
  const criteria = [];
  const qids = new Map();
  const crit = new Map(); // benchmark qid → criterion id (conditions)

  // The task's responses are the ranking's candidates (the ranking criterion ranks the task's
  // responses); a candidate whose label is the title of a display item of the first block gets
  // that text, the others a placeholder (the benchmark shows no text for them).
  const allItems = model.blocks.flatMap((b) => b.items);
  const ranking = allItems.find((i) => i.kind === 'ranking');
  const firstDisplays = model.blocks[0].items.filter((i) => i.kind === 'display');
  const responses = (ranking ? ranking.options : firstDisplays.map((d) => ({ value: d.qid, label: d.title })))
    .map((o) => {
      const d = firstDisplays.find((x) => x.title === o.label);
      return { id: String(o.value), label: o.label, content: d ? show(d.text) : `(${o.label}: its text is not part of this benchmark.)` };
    });
  const idOf = (title) => responses.find((r) => r.label === title)?.id;
  const pair = firstDisplays.map((d) => idOf(d.title)).filter(Boolean);

  model.blocks.forEach((block, bi) => {
    const items = block.items.filter((i) => i.kind !== 'display');
    // A block's heading, and from the second block on its own two response texts, go into the
    // description of its first criterion (the task holds the first block's texts).
    let lead = '';
    if (block.title) lead += `### ${block.title}\n\n`;
    if (bi > 0) {
      for (const d of block.items.filter((i) => i.kind === 'display')) lead += `**${d.title}**\n\n${show(d.text)}\n\n`;
    }
    let checklist = null;
    items.forEach((it, k) => {
      const base = { id: it.qid, title: it.title };
      const description = [k === 0 ? lead.trim() : '', it.description || ''].filter(Boolean).join('\n\n');
      if (description) base.description = description;
      if (it.required) base.required = true;
      if (it.visibleIf) {
        const op = ops[it.visibleIf.op];
        if (!op) throw new Error(`${it.qid}: condition operator ${it.visibleIf.op}`);
        base.visible_if = { criterion: crit.get(it.visibleIf.qid) ?? it.visibleIf.qid, [op]: it.visibleIf.value };
      }
      const values = (it.options || []).map((o) => o.value);
      if (it.kind !== 'yesno') checklist = null;
      switch (it.kind) {
        case 'likert':
          criteria.push({ ...base, type: 'rating',
            levels: it.options.map((o) => ({ value: o.value, label: o.label.replace(/^\s*-?\d+\s*[–-]\s*/, ''), descriptor: o.descriptor || '' })) });
          break;
        case 'pairwise':
          criteria.push({ ...base, type: 'pairwise', ...(pair.length === 2 ? { responses: pair } : {}),
            scale: it.options.map((o) => ({ value: o.value, label: o.label })) });
          break;
        case 'single':
          criteria.push({ ...base, type: 'single_choice', options: it.options.map((o) => ({ value: String(o.value), label: o.label })) });
          break;
        case 'multi':
          criteria.push({ ...base, type: 'multi_choice', options: it.options.map((o) => ({ value: String(o.value), label: o.label })) });
          break;
        case 'ranking':
          criteria.push({ ...base, type: 'ranking' });
          break;
        case 'text':
          criteria.push({ ...base, type: 'text', ...(it.minLength > 0 ? { min_length: it.minLength } : {}) });
          break;
        case 'yesno': {
          // Consecutive yes/no questions are the items of one checklist (yes / no, no N/A).
          if (!checklist) {
            checklist = { id: `${block.id ? `${block.id}_` : ''}checklist${k}`, type: 'checklist', title: 'Checklist', allow_na: false, items: [] };
            if (k === 0 && lead) checklist.description = lead.trim();
            criteria.push(checklist);
          }
          if (it.required) checklist.required = true;
          const item = String(it.id || it.qid);
          checklist.items.push({ id: item, label: it.title.replace(/^Checklist:\s*/, '') });
          qids.set(it.qid, { criterion: checklist.id, item, itemIndex: checklist.items.length - 1, values });
          crit.set(it.qid, checklist.id);
          return;
        }
        default:
          throw new Error(`${it.qid}: kind ${it.kind}`);
      }
      qids.set(it.qid, { criterion: it.qid, values });
      crit.set(it.qid, it.qid);
    });
  });
  const rubric = {
    schema_version: '1.0', id: model.id, version: '1', title: model.title, language: 'en',
    ...(model.description ? { instructions: model.description } : {}),
    criteria,
  };
  const task = {
    schema_version: '1.0', id: `${model.id}-task`, language: 'en',
    prompt: 'The reviewed prompt is not part of this benchmark: review the responses below.',
    responses,
  };
  return { rubric, task, qids, lastCriterion: criteria.at(-1).id };
}
