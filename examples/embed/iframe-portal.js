// Points the iframe at the widget page, allowing this origin as its parent, configures it once
// it is ready, and logs what it sends back.
const frame = document.getElementById('frame');
const widgetOrigin = location.origin; // here the widget is served by the same receiver
frame.src = new URL(`../../embed/frame.html?parent=${encodeURIComponent(location.origin)}`, location.href).href;
const log = document.getElementById('log');

window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.origin !== widgetOrigin) return;
  const m = e.data;
  if (m?.protocol !== 'rubric-widget') return;
  const li = document.createElement('li');
  li.dataset.type = m.type;
  if (m.name) li.dataset.event = m.name;
  li.textContent = m.type === 'event' ? `${m.name} ${m.detail?.submission_id ?? ''}` : m.type;
  log.append(li);
  if (m.type === 'ready') {
    frame.contentWindow.postMessage({
      protocol: 'rubric-widget', version: 1, type: 'mount', mode: 'review',
      config: {
        rubricSrc: new URL('../rubrics/pairwise-preference.json', location.href).href,
        taskSrc: new URL('../tasks/pairwise-preference.json', location.href).href,
        endpoint: new URL('../../api/submissions', location.href).href,
        annotator: 'iframe-ann',
      },
    }, widgetOrigin);
  }
});
