// Logs every event of every widget on the page: which widget, which event, which id.
const log = document.getElementById('log');
const names = ['rubric-change', 'rubric-submit', 'rubric-delivered', 'rubric-failed', 'rubric-auth-needed', 'rubric-config-error'];
for (const name of names) {
  document.addEventListener(name, (e) => {
    const li = document.createElement('li');
    li.dataset.event = name;
    li.dataset.widget = e.target.id;
    li.textContent = `${e.target.id} ${name} ${e.detail?.submission_id ?? ''}`;
    log.append(li);
  });
}
