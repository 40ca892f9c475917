/**
 * Runs an agent's `control` frame on the page, with nothing more than the page's own JavaScript
 * could do: events on the node the agent pointed at (by its rrweb mirror id), scrolling, setting
 * a field's value, keys, and visits within the page's own origin. File inputs are never touched.
 * Returns why a command was not run, or null.
 */

import type { ControlFrame } from './assist-frames';

export type NodeLookup = (id: number) => Node | null;

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export function runControl(command: ControlFrame, lookup: NodeLookup): string | null {
  switch (command.action) {
    case 'click':
      return click(command, lookup);
    case 'scroll':
      return scroll(command, lookup);
    case 'input':
      return input(command, lookup);
    case 'key':
      return key(command.key ?? '');
    case 'visit':
      return visit(command.url ?? '');
  }
}

function element(command: ControlFrame, lookup: NodeLookup): Element | null {
  if (command.node !== undefined) {
    const node = lookup(command.node);
    return node === null ? null : node instanceof Element ? node : node.parentElement;
  }
  return command.x !== undefined && command.y !== undefined ? document.elementFromPoint(command.x, command.y) : null;
}

function isFileInput(target: Element): boolean {
  return target instanceof HTMLInputElement && target.type === 'file';
}

function click(command: ControlFrame, lookup: NodeLookup): string | null {
  const target = element(command, lookup);
  if (target === null) {
    return 'no such node on the page';
  }
  const labelled = target.closest('label')?.control;
  if (isFileInput(target) || (labelled != null && isFileInput(labelled))) {
    return 'file inputs are left to the user';
  }
  const box = target.getBoundingClientRect();
  const at = { clientX: command.x ?? box.left + box.width / 2, clientY: command.y ?? box.top + box.height / 2 };
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) {
    const Event = type.startsWith('pointer') && typeof PointerEvent === 'function' ? PointerEvent : MouseEvent;
    target.dispatchEvent(new Event(type, { bubbles: true, cancelable: true, composed: true, view: window, button: 0, ...at }));
  }
  if (target instanceof HTMLElement) {
    target.focus({ preventScroll: true });
    target.click();
  } else {
    target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, view: window, ...at }));
  }
  return null;
}

function scroll(command: ControlFrame, lookup: NodeLookup): string | null {
  const x = command.x ?? 0;
  const y = command.y ?? 0;
  const target = command.node === undefined ? null : element(command, lookup);
  if (target === null || target === document.documentElement || target === document.body) {
    window.scrollTo(x, y);
  } else {
    target.scrollTo(x, y);
  }
  return null;
}

function input(command: ControlFrame, lookup: NodeLookup): string | null {
  const target = element(command, lookup);
  if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) {
    return 'not a form field';
  }
  if (isFileInput(target)) {
    return 'file inputs are left to the user';
  }
  if (target.disabled || ('readOnly' in target && target.readOnly)) {
    return 'the field does not take input';
  }
  setValue(target, command.text ?? '');
  target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  target.dispatchEvent(new Event('change', { bubbles: true }));
  return null;
}

/** Through the prototype's setter, so frameworks that track a field's value see the change. */
function setValue(field: Field, value: string): void {
  const prototype = Object.getPrototypeOf(field) as object;
  const setter = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
  if (setter) {
    setter.call(field, value);
  } else {
    field.value = value;
  }
}

function key(name: string): string | null {
  const target = (document.activeElement as HTMLElement | null) ?? document.body;
  const init = { key: name, bubbles: true, cancelable: true, composed: true };
  const proceed = target.dispatchEvent(new KeyboardEvent('keydown', init));
  // synthetic key events do nothing by themselves; do what the browser would for the usual keys
  if (proceed && name === 'Enter' && target instanceof HTMLInputElement && target.form !== null) {
    if (typeof target.form.requestSubmit === 'function') {
      target.form.requestSubmit();
    } else {
      target.form.submit();
    }
  } else if (proceed && name === 'Tab') {
    moveFocus(target);
  }
  target.dispatchEvent(new KeyboardEvent('keyup', init));
  return null;
}

const FOCUSABLE = 'a[href],button,input,select,textarea,[tabindex]:not([tabindex="-1"])';

function moveFocus(from: Element): void {
  const all = Array.from(document.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hasAttribute('disabled'));
  const next = all[(all.indexOf(from as HTMLElement) + 1) % Math.max(1, all.length)];
  next?.focus();
}

function visit(url: string): string | null {
  let target: URL;
  try {
    target = new URL(url, location.href);
  } catch {
    return 'not a URL';
  }
  if (target.origin !== location.origin) {
    return 'only pages of this site can be visited';
  }
  location.assign(target.href);
  return null;
}
