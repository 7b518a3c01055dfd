// The designer demo page: mounts the designer with the bundled rubrics and the demo quiz as
// templates; a share link's fragment (#rubric=…) opens that rubric.
import { languagePicker } from './language.js';

const examples = [
  ['Helpful, honest, harmless', 'helpful-honest-harmless'],
  ['Pairwise preference', 'pairwise-preference'],
  ['Code patch review', 'code-review'],
  ['Content moderation', 'content-moderation'],
];
// A new language mounts the designer again: it starts over from the share link or the first
// template, and offers the text being edited back (it was kept on the device as it unmounted).
let locale = languagePicker(document.querySelector('.demo-head'), (l) => {
  locale = l;
  window.designerHandle?.unmount();
  start();
});

function start() {
  window.designerHandle = window.wasmBindings.mountDesigner(document.getElementById('designer'), {
    templates: [
      ...examples.map(([name, file]) => ({ name, src: `../examples/rubrics/${file}.json` })),
      { name: 'Calibration quiz (helpful, honest, harmless)', src: '../examples/quizzes/helpful-honest-harmless.json' },
    ],
    shared: location.hash,
    imageOrigins: [location.origin],
    locale,
  });
}
if (window.wasmBindings) start(); else addEventListener('TrunkApplicationStarted', start, { once: true });
