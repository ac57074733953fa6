/**
 * The controls the settings table describes: each element with data-setting="name" in the page
 * gets the select, slider or checkbox of that setting. A change calls `onChange(name, value)`;
 * `show(settings)` puts values back (after a reset, or a link was opened).
 */
import { SETTINGS, type Setting, type SettingName, type Settings } from '../settings.js';
import { html } from './dom.js';

export class Controls {
  readonly #inputs = new Map<SettingName, HTMLInputElement | HTMLSelectElement>();
  readonly #shown = new Map<SettingName, HTMLElement>();

  constructor(root: ParentNode, onChange: <K extends SettingName>(name: K, value: Settings[K]) => void) {
    for (const slot of root.querySelectorAll<HTMLElement>('[data-setting]')) {
      const name = slot.dataset.setting as SettingName;
      const spec = SETTINGS[name] as Setting<unknown>;
      const id = `setting-${name}`;
      const control = spec.control;
      if (control.kind === 'select') {
        const select = html('select', { id, name }, ...control.options.map(([value, label]) => html('option', { value }, label)));
        select.addEventListener('change', () => onChange(name, spec.codec.parse(select.value) as Settings[typeof name]));
        slot.append(html('label', { for: id }, spec.label), select);
        this.#inputs.set(name, select);
      } else if (control.kind === 'slider') {
        const value = html('span', { class: 'value' });
        const input = html('input', { id, name, type: 'range', min: control.min, max: control.max, step: control.step });
        input.addEventListener('input', () => {
          value.textContent = `${input.value}${control.unit ?? ''}`;
          onChange(name, Number(input.value) as Settings[typeof name]);
        });
        slot.append(html('label', { for: id }, `${spec.label}: `, value), input);
        this.#inputs.set(name, input);
        this.#shown.set(name, value);
      } else if (control.kind === 'checkbox') {
        const input = html('input', { id, name, type: 'checkbox' });
        input.addEventListener('change', () => onChange(name, input.checked as Settings[typeof name]));
        slot.append(html('label', { class: 'checkbox' }, input, ` ${spec.label}`));
        this.#inputs.set(name, input);
      }
    }
  }

  show(settings: Settings): void {
    for (const [name, input] of this.#inputs) {
      const spec = SETTINGS[name] as Setting<unknown>;
      const value = settings[name];
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = value as boolean;
      else input.value = spec.codec.format(value);
      const shown = this.#shown.get(name);
      if (shown) shown.textContent = `${input.value}${spec.control.kind === 'slider' ? (spec.control.unit ?? '') : ''}`;
    }
  }
}
