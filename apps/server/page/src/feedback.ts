/** What the page says of its work: status lines, and errors in words. */
import { byId, el } from './dom.js';
import { describeError } from './server.js';

/** A status line: words, a spinner while busy, and a progress bar once the work reports how far it is. */
export function setStatus(id: string, text: string, busy = false, done?: { done: number; total: number }): void {
  const s = byId(id);
  const bar = done ? el('progress', { max: done.total, value: done.done, 'aria-label': text }) : '';
  s.replaceChildren(busy && !done ? el('span', { class: 'spinner', 'aria-hidden': 'true' }) : '', bar, text);
  s.classList.toggle('busy', busy);
}

/** An error under the run bar: what failed, the headline, the lines under it. */
export function showError(error: unknown, context: string): void {
  const { headline, lines } = describeError(error);
  const box = byId('error');
  box.replaceChildren(
    el('strong', { text: `${context} failed` }),
    el('p', { class: 'message', text: headline }),
    lines.length ? el('ul', { class: 'problem-lines' }, ...lines.map((l) => el('li', { text: l }))) : '',
  );
  box.hidden = false;
}
