// The report demo page: the agreement report over what the receiver that serves the page has
// stored for a bundled rubric (?rubric=URL&submissions=URL override both; the picker's last
// choice opens files instead). ?rater=ID shows one rater's own figures, as a trainee sees them.
import { languagePicker } from './language.js';

const params = new URLSearchParams(location.search);
const host = document.getElementById('report');
const picker = document.querySelector('[data-testid="report-picker"]');
if (params.has('example')) picker.value = params.get('example');

let locale = languagePicker(document.querySelector('.demo-head'), (l) => {
  locale = l;
  start();
});
picker.addEventListener('change', () => {
  params.delete('rubric');
  params.delete('submissions');
  start();
});

function start() {
  window.reportHandle?.unmount();
  const example = picker.value;
  const config = { locale, rater: params.get('rater') || undefined };
  if (params.has('rubric') || example) {
    config.rubricSrc = params.get('rubric') || `../examples/rubrics/${example}.json`;
    config.submissionsSrc = params.get('submissions')
      || `../api/submissions?format=jsonl&limit=10000&rubric_id=${encodeURIComponent(picker.selectedOptions[0].dataset.id)}`;
  }
  window.reportHandle = window.wasmBindings.mountReport(host, config);
}
if (window.wasmBindings) start(); else addEventListener('TrunkApplicationStarted', start, { once: true });
