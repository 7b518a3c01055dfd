// The quiz demo page: mounts the bundled calibration quiz (or ?quiz=URL) for a trainee
// (?trainee=ID), sends results to the receiver that serves the page (?endpoint= overrides;
// empty keeps them in the page), and logs the widget's events.
import { languagePicker } from './language.js';

const params = new URLSearchParams(location.search);
const host = document.getElementById('quiz');
const log = document.querySelector('[data-testid="event-log"]');

// Each answered item is a `rubric-submit` (the trainee's answers to that item); the attempt's
// result comes once, at the end.
for (const name of ['rubric-submit', 'rubric-quiz-result', 'rubric-delivered', 'rubric-failed', 'rubric-auth-needed']) {
  host.addEventListener(name, (e) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${name} ${e.detail.task_id || e.detail.result_id || e.detail.submission_id}`;
    log.prepend(item);
  });
}

let locale = languagePicker(document.querySelector('.demo-head'), (l) => {
  locale = l;
  window.quizHandle?.unmount();
  start();
});

function start() {
  window.quizHandle = window.wasmBindings.mountQuiz(host, {
    quizSrc: params.get('quiz') || '../examples/quizzes/helpful-honest-harmless.json',
    trainee: params.get('trainee') || 'demo-trainee',
    endpoint: params.has('endpoint') ? params.get('endpoint') : '../api/quiz-results',
    timeoutMs: Number(params.get('timeout_ms')) || undefined,
    imageOrigins: [location.origin],
    locale,
  });
}
if (window.wasmBindings) start(); else addEventListener('TrunkApplicationStarted', start, { once: true });
