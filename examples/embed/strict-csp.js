// Counts Content-Security-Policy violations (there must be none) and logs widget events.
const out = document.getElementById('violations');
const seen = [];
document.addEventListener('securitypolicyviolation', (e) => {
  seen.push(`${e.violatedDirective} ${e.blockedURI}`);
  out.textContent = String(seen.length);
  out.title = seen.join('\n');
});
const log = document.getElementById('log');
for (const name of ['rubric-submit', 'rubric-delivered', 'rubric-quiz-result']) {
  document.addEventListener(name, (e) => {
    const li = document.createElement('li');
    li.dataset.event = name;
    li.textContent = `${e.target.id} ${name}`;
    log.append(li);
  });
}
