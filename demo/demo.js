// The demo page: a host page like any portal's. It picks a bundled example (or takes
// ?rubric=URL&task=URL&tasks=URL,URL&annotator=ID&endpoint=URL&timeout_ms=N&outbox_namespace=NS from its own address), mounts
// the review widget through its JavaScript API, and shows the events the widget emits.
// Submissions go to the reference receiver that serves this page (api/submissions), unless
// ?endpoint= says otherwise (empty: the page keeps them). Each example is a queue of three
// tasks.

import { languagePicker } from './language.js';

const EXAMPLES = ['helpful-honest-harmless', 'pairwise-preference', 'code-review', 'content-moderation'];
const params = new URLSearchParams(location.search);
const custom = params.has('rubric') && params.has('task');
const picker = document.querySelector('[data-testid="example-picker"]');
const output = document.querySelector('[data-testid="submission-json"]');
const log = document.querySelector('[data-testid="event-log"]');
const host = document.getElementById('review');
let handle;
let locale = languagePicker(document.querySelector('.demo-head'), (l) => { locale = l; mount(picker.value); });

const annotator = params.get('annotator') || 'demo-reviewer';
// An example's queue: its three tasks.
const queue = (example) => [1, 2, 3].map((n) => `examples/tasks/${example}${n > 1 ? `-${n}` : ''}.json`);
// As a portal's queue does, a reload goes on from the task the reviewer was on (kept for this
// tab), not from the first, which they may have submitted already; after the last, from the
// first again.
const placeKey = (example) => `demo-queue:${example}:${annotator}`;
const startAt = (example) => {
  const n = Number(sessionStorage.getItem(placeKey(example)));
  return Number.isInteger(n) && n > 0 && n < 3 ? n : 0;
};
let place = { example: '', start: 0, open: 0 };

const documents = (example) => ({
  rubricSrc: custom ? params.get('rubric') : `examples/rubrics/${example}.json`,
  taskSrc: custom ? params.get('task') : queue(example)[startAt(example)],
});

function mount(example) {
  handle?.unmount();
  output.textContent = 'Nothing submitted yet.';
  const start = startAt(example);
  place = { example, start, open: start };
  handle = window.wasmBindings.mountReview(host, {
    ...documents(example),
    // A reviewer's day is a queue: after each submit, "Next task" opens the next one.
    tasks: params.has('tasks') ? params.get('tasks').split(',')
      : custom ? undefined : queue(example).slice(place.start + 1),
    // Resumed at its second task, the queue says "Task 2 of 3", not "Task 1 of 2".
    queueStart: custom || params.has('tasks') ? undefined : place.start + 1,
    annotator,
    endpoint: params.has('endpoint') ? params.get('endpoint') : 'api/submissions',
    timeoutMs: Number(params.get('timeout_ms')) || undefined,
    outboxNamespace: params.get('outbox_namespace') || undefined,
    imageOrigins: [location.origin],
    locale,
  });
}

host.addEventListener('rubric-submit', (e) => {
  output.textContent = JSON.stringify(e.detail, null, 2);
  if (!custom && !params.has('tasks')) sessionStorage.setItem(placeKey(place.example), String(place.open + 1));
});
host.addEventListener('rubric-task-open', (e) => { place.open = e.detail.position - 1; });
for (const name of ['rubric-submit', 'rubric-delivered', 'rubric-failed', 'rubric-auth-needed', 'rubric-task-open', 'rubric-queue-empty']) {
  host.addEventListener(name, (e) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${name} ${e.detail.submission_id ?? e.detail.task_id ?? ''}`;
    log.prepend(item);
  });
}

if (custom) {
  picker.closest('label').hidden = true;
} else {
  // ?example= names one by its file name or the start of it (?example=pairwise); the rubric
  // the picker shows is kept in the address, so a reload or a shared link opens it again.
  const wanted = (params.get('example') || '').toLowerCase();
  const found = EXAMPLES.find((e) => e === wanted) ?? (wanted && EXAMPLES.find((e) => e.startsWith(wanted)));
  if (wanted && !found) console.warn(`demo: no example "${wanted}"; the examples are ${EXAMPLES.join(', ')}`);
  picker.value = found || EXAMPLES[0];
  picker.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('example', picker.value);
    history.replaceState(null, '', url);
    mount(picker.value);
  });
}

// As a portal would: the first rubric and task download while the wasm does (Trunk preloads
// the wasm), and the widget's own fetch of each is served from the preload.
for (const url of Object.values(documents(picker.value))) {
  const link = document.createElement('link');
  Object.assign(link, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href: url });
  document.head.append(link);
}

function start() { mount(picker.value); }
if (window.wasmBindings) start(); else addEventListener('TrunkApplicationStarted', start, { once: true });
