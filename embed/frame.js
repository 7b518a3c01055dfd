// The iframe mode (protocol "rubric-widget", version 1; documented in CONTRACT.md).
//
// The portal loads  embed/frame.html?parent=https://portal.example  in an iframe (one or more
// `parent` parameters: the origins allowed to configure it). This page:
//  - announces {protocol, version, type: "ready"} to each allowed origin (the browser delivers
//    it only if the parent really is that origin);
//  - accepts messages only from window.parent and only from an allowed origin:
//      {type: "mount", mode: "review" | "quiz", config}  config as for the custom elements:
//        rubricSrc/taskSrc/quizSrc or rubric/task/quiz (objects), endpoint, annotator,
//        trainee, theme, timeoutMs, imageOrigins, outboxNamespace, queueStart
//      {type: "reset"}, {type: "setAuthToken", token}
//    anything else, or another protocol version, is ignored (a version mismatch is answered
//    with {type: "error"});
//  - forwards every widget event as {type: "event", name, detail} to the exact origin that
//    configured it, never "*".
import './rubric-embed.js';

const PROTOCOL = 'rubric-widget';
const VERSION = 1;
const EVENTS = ['rubric-change', 'rubric-submit', 'rubric-delivered', 'rubric-failed', 'rubric-auth-needed',
  'rubric-config-error', 'rubric-quiz-result', 'rubric-task-open', 'rubric-queue-empty'];
const allowed = new URLSearchParams(location.search).getAll('parent').filter((o) => {
  try { return new URL(o).origin === o; } catch { return false; }
});
const slot = document.getElementById('widget');
let widget;
let portal;

function send(message, origin) {
  window.parent.postMessage({ protocol: PROTOCOL, version: VERSION, ...message }, origin);
}

function mount(mode, config) {
  widget?.remove();
  widget = document.createElement(mode === 'quiz' ? 'rubric-quiz' : 'rubric-review');
  const attrs = { rubricSrc: 'rubric-src', taskSrc: 'task-src', quizSrc: 'quiz-src', endpoint: 'endpoint',
    annotator: 'annotator', trainee: 'trainee', theme: 'theme', locale: 'locale', timeoutMs: 'timeout-ms',
    outboxNamespace: 'outbox-namespace', queueStart: 'queue-start' };
  for (const [field, attr] of Object.entries(attrs)) {
    if (config[field] !== undefined && config[field] !== null) widget.setAttribute(attr, String(config[field]));
  }
  if (Array.isArray(config.imageOrigins)) widget.setAttribute('image-origins', config.imageOrigins.join(' '));
  for (const doc of ['rubric', 'task', 'quiz']) if (config[doc]) widget[doc] = config[doc];
  // A queue crosses the frame as a list; a `nextTask` function cannot (postMessage copies data
  // only): the parent mounts again, or lists more tasks, when `rubric-queue-empty` comes.
  if (Array.isArray(config.tasks) && widget.localName === 'rubric-review') widget.tasks = config.tasks;
  for (const name of EVENTS) {
    widget.addEventListener(name, (e) => send({ type: 'event', name, detail: e.detail }, portal));
  }
  slot.replaceChildren(widget);
}

window.addEventListener('message', (e) => {
  if (e.source !== window.parent || !allowed.includes(e.origin)) return;
  const m = e.data;
  if (!m || typeof m !== 'object' || m.protocol !== PROTOCOL) return;
  if (m.version !== VERSION) {
    send({ type: 'error', message: `protocol version ${m.version} is not supported; this frame speaks ${VERSION}` }, e.origin);
    return;
  }
  if (m.type === 'mount' && m.config && typeof m.config === 'object') {
    portal = e.origin;
    mount(m.mode, m.config);
  } else if (m.type === 'reset') {
    widget?.reset();
  } else if (m.type === 'setAuthToken') {
    widget?.setAuthToken(typeof m.token === 'string' ? m.token : null);
  }
});

for (const origin of allowed) send({ type: 'ready' }, origin);
