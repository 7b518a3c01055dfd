// Layout checks shared by the Chromium suite (Playwright) and the cross-browser suite
// (tests/xbrowser): page functions, evaluated in the page, so every engine runs the same one.

/** Every checklist item (`.rw-check-item`, in the document and in open shadow roots) whose
 * choices are not on the question's row: a description of each, none when all are one row. */
export function checklistItemsOffTheirRow() {
  const roots = [document, ...[...document.querySelectorAll('*')].map((e) => e.shadowRoot).filter(Boolean)];
  const off = [];
  for (const root of roots) {
    for (const item of root.querySelectorAll('.rw-check-item')) {
      const q = item.querySelector('legend').getBoundingClientRect();
      const c = item.querySelector('.rw-check-choices').getBoundingClientRect();
      // One row: the choices start within the question's first line and sit beside it.
      const beside = Math.abs(c.top - q.top) < 6 && (c.left >= q.right - 1 || c.right <= q.left + 1);
      if (!beside || q.height === 0) {
        off.push(`"${item.querySelector('legend').textContent}": question at ${Math.round(q.left)},${Math.round(q.top)} ` +
          `${Math.round(q.width)}x${Math.round(q.height)}, choices at ${Math.round(c.left)},${Math.round(c.top)}`);
      }
    }
  }
  return off;
}
