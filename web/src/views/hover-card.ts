/**
 * The card that shows a weight or a bias where the pointer is, with a field to edit it: type a
 * number and press Enter. It stays while the pointer is on the link or on the card, or while its
 * field has the focus.
 */
import { formatNumber, html } from './dom.js';

const GRACE_MS = 300;

export class HoverCard {
  readonly element = html('div', { class: 'hover-card', role: 'dialog', hidden: true });
  readonly #title = html('span', { class: 'title' });
  readonly #input = html('input', { type: 'text', inputmode: 'decimal', spellcheck: 'false', 'aria-label': 'value' });
  readonly #error = html('span', { class: 'error' });
  #commit: ((value: number) => void) | null = null;
  #read: (() => number) | null = null;
  #hideTimer = 0;

  constructor(host: HTMLElement) {
    this.element.append(this.#title, this.#input, this.#error);
    host.append(this.element);
    this.element.addEventListener('pointerenter', () => window.clearTimeout(this.#hideTimer));
    this.element.addEventListener('pointerleave', () => this.scheduleHide());
    this.#input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.hide();
      if (event.key !== 'Enter') return;
      const value = Number(this.#input.value.replace('−', '-'));
      if (this.#input.value.trim() === '' || !Number.isFinite(value)) {
        this.#error.textContent = 'not a number';
        return;
      }
      this.#error.textContent = '';
      this.#commit?.(value);
      this.refresh(true);
    });
    this.#input.addEventListener('blur', () => this.scheduleHide());
  }

  /** Shows `label` with the value `read()` gives at (x, y) in the host's coordinates. */
  show(x: number, y: number, label: string, read: () => number, commit: (value: number) => void): void {
    window.clearTimeout(this.#hideTimer);
    if (document.activeElement === this.#input && !this.element.hidden) return;
    this.#title.textContent = label;
    this.#read = read;
    this.#commit = commit;
    this.#error.textContent = '';
    this.element.style.left = `${x + 12}px`;
    this.element.style.top = `${y + 12}px`;
    this.element.hidden = false;
    this.refresh(true);
  }

  /** Puts the caret in the field (a click on the link). */
  focus(): void {
    this.#input.focus();
    this.#input.select();
  }

  /** Shows the current value, unless the user is typing one. */
  refresh(force = false): void {
    if (this.element.hidden || !this.#read || (!force && document.activeElement === this.#input)) return;
    this.#input.value = formatNumber(this.#read());
  }

  scheduleHide(): void {
    window.clearTimeout(this.#hideTimer);
    this.#hideTimer = window.setTimeout(() => {
      if (document.activeElement !== this.#input && !this.element.matches(':hover')) this.hide();
    }, GRACE_MS);
  }

  hide(): void {
    this.element.hidden = true;
    this.#read = null;
    this.#commit = null;
    if (document.activeElement === this.#input) this.#input.blur();
  }
}
