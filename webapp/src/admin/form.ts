/**
 * Labelled form fields and the API's validation messages shown next to the field they concern:
 * the problem+json's `field` picks the field; the control is marked invalid, described by the
 * message, and focused. A problem about no known field is shown at the top of the form.
 */

import { h } from '../dom';
import { ApiProblem, messageOf } from './http';

export interface Field {
  /** The API's name for it (`privacy.preJoinBufferSeconds`). */
  readonly name: string;
  /** The label and control (or fieldset) to put in a form. */
  readonly element: HTMLElement;
  /** What gets focus and `aria-invalid` when the API refuses this field. */
  readonly focusTarget: HTMLElement;
  readonly error: HTMLElement;
}

export interface TextField extends Field {
  readonly control: HTMLInputElement | HTMLTextAreaElement;
}

export interface ChoiceField extends Field {
  /** The values whose boxes are ticked. */
  values(): string[];
  /** Ticks exactly these. */
  set(values: readonly string[]): void;
}

export interface CheckboxField extends Field {
  readonly control: HTMLInputElement;
}

function errorFor(id: string): HTMLElement {
  return h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
}

type TextAttributes = Record<string, string | boolean | undefined>;

/** A text input (or a textarea with `multiline`), its label, an optional hint and its error line. */
export function textField(id: string, name: string, label: string, attributes: TextAttributes = {}, hint = '', multiline = false): TextField {
  const error = errorFor(id);
  const hintElement = hint === '' ? null : h('p', { id: `${id}-hint`, class: 'field-hint' }, hint);
  const describedBy = [hintElement ? `${id}-hint` : '', `${id}-error`].filter((part) => part !== '').join(' ');
  const common = { id, name, 'aria-describedby': describedBy, ...attributes };
  const control = multiline ? h('textarea', { rows: 3, ...common }) : h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...common });
  const element = h('div', { class: 'field', 'data-field': name }, h('label', { for: id }, label), control, hintElement, error);
  return { name, element, focusTarget: control, error, control };
}

/** One checkbox with its label. */
export function checkboxField(id: string, name: string, label: string, checked: boolean): CheckboxField {
  const error = errorFor(id);
  const control = h('input', { type: 'checkbox', id, name, checked, 'aria-describedby': `${id}-error` });
  const element = h('div', { class: 'field checkbox', 'data-field': name }, h('label', { for: id }, control, ` ${label}`), error);
  return { name, element, focusTarget: control, error, control };
}

/** A group of checkboxes in a fieldset (roles, projects). */
export function choiceField(id: string, name: string, legend: string, options: readonly { value: string; label: string }[], checked: readonly string[]): ChoiceField {
  const error = errorFor(id);
  const boxes = options.map((option, index) =>
    h('input', { type: 'checkbox', id: `${id}-${index}`, name, value: option.value, checked: checked.includes(option.value) }),
  );
  const element = h(
    'fieldset',
    { class: 'field choices', 'data-field': name, 'aria-describedby': `${id}-error` },
    h('legend', {}, legend),
    options.length === 0 ? h('p', { class: 'field-hint' }, 'None to choose from yet.') : null,
    ...boxes.map((box, index) => h('label', { for: box.id, class: 'choice' }, box, ` ${options[index]?.label ?? ''}`)),
    error,
  );
  return {
    name,
    element,
    focusTarget: boxes[0] ?? element,
    error,
    values: () => boxes.filter((box) => box.checked).map((box) => box.value),
    set: (values) => boxes.forEach((box) => (box.checked = values.includes(box.value))),
  };
}

/** The fields of one form and where its messages go. */
export class FormMessages {
  readonly general: HTMLElement;

  constructor(private readonly fields: readonly Field[]) {
    this.general = h('p', { class: 'form-error', role: 'alert', hidden: true });
  }

  clear(): void {
    this.general.hidden = true;
    this.general.textContent = '';
    for (const field of this.fields) {
      field.error.hidden = true;
      field.error.textContent = '';
      field.focusTarget.removeAttribute('aria-invalid');
    }
  }

  /** Shows a failure next to its field (by the problem's `field`, or the field it is nested in), else at the top. */
  show(reason: unknown): void {
    this.clear();
    const message = messageOf(reason);
    const name = reason instanceof ApiProblem ? reason.field : null;
    const field = name === null ? undefined : this.fields.find((f) => f.name === name) ?? this.fields.find((f) => name.startsWith(`${f.name}.`));
    if (!field) {
      this.general.textContent = message;
      this.general.hidden = false;
      return;
    }
    field.error.textContent = message;
    field.error.hidden = false;
    field.error.setAttribute('role', 'alert');
    field.focusTarget.setAttribute('aria-invalid', 'true');
    field.focusTarget.focus();
  }
}

/** A whole number if the text is one, else the text itself, so the API's message says what is wrong with it. */
export function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Lines or commas of a textarea, trimmed, without blanks. */
export function list(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Runs a form's submit: the button is disabled meanwhile, and a failure is shown by `messages`. */
export function onSubmit(form: HTMLFormElement, messages: FormMessages, action: () => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((button) => (button.disabled = true));
    messages.clear();
    action()
      .catch((reason: unknown) => messages.show(reason))
      .finally(() => buttons.forEach((button) => (button.disabled = false)));
  });
}
