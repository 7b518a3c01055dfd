// The demo pages' language switcher: the five shipped languages, or the browser's own
// (nothing given: the widget reads navigator.languages). Kept in the address as ?locale=xx so a
// reload or a shared link keeps it. The widget is mounted again in the chosen language; a
// review's answers survive that (they are a draft in localStorage), as does a quiz attempt.
const LANGUAGES = [['', 'Browser default'], ['en', 'English'], ['es', 'Español'], ['de', 'Deutsch'], ['ja', '日本語'], ['ar', 'العربية']];

/** Adds the picker to `into`; calls `onChange(locale)` when it changes. Returns the current
 *  locale (undefined for the browser's). */
export function languagePicker(into, onChange) {
  const label = document.createElement('label');
  label.className = 'demo-picker';
  label.append('Language: ');
  const select = document.createElement('select');
  select.dataset.testid = 'locale-picker';
  for (const [tag, name] of LANGUAGES) {
    const option = new Option(name, tag);
    if (tag) option.lang = tag;
    select.append(option);
  }
  // A locale the widget does not ship (say ?locale=fr) is still passed on: a rubric may carry
  // its own French, while the widget's words fall back to English.
  const given = new URLSearchParams(location.search).get('locale') || undefined;
  select.value = given || '';
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    if (select.value) url.searchParams.set('locale', select.value);
    else url.searchParams.delete('locale');
    history.replaceState(null, '', url);
    onChange(select.value || undefined);
  });
  label.append(select);
  into.append(label);
  return given;
}
