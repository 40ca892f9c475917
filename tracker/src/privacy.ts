/**
 * What must not leave the page. rrweb applies these rules itself, before an event is serialised:
 * the recorder only hands it the selectors and the input mask function below.
 */

/** Text and input values of these elements (and their descendants) are masked. */
export const MASK_ATTRIBUTE_SELECTOR = '[data-tandem-mask]';
/** These elements are recorded as an empty box of the same size, their content never read. */
export const BLOCK_ATTRIBUTE_SELECTOR = '[data-tandem-block]';

/**
 * Input types whose values go through {@link maskInputValue}. `select` is left out on purpose:
 * rrweb would then hide which option is selected even on unmasked forms.
 */
export const MASKABLE_INPUTS = {
  color: true,
  date: true,
  'datetime-local': true,
  email: true,
  month: true,
  number: true,
  range: true,
  search: true,
  tel: true,
  text: true,
  time: true,
  url: true,
  week: true,
  textarea: true,
  password: true,
} as const;

/** The part of `Element` the rule reads. */
export interface MaskableElement {
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  closest(selector: string): unknown;
}

/**
 * True if the value of `element` must not leave the page: a password input (also one a "show
 * password" toggle turned into text, which rrweb marks), a card field (`autocomplete="cc-…"`), or
 * an element matching `maskSelector` or inside one. A selector that cannot be evaluated masks.
 */
export function mustMaskInput(element: MaskableElement, maskSelector: string): boolean {
  if (element.getAttribute('type')?.toLowerCase() === 'password' || element.hasAttribute('data-rr-is-password')) {
    return true;
  }
  if (/(^|\s)cc-/i.test(element.getAttribute('autocomplete') ?? '')) {
    return true;
  }
  try {
    return element.closest(maskSelector) !== null;
  } catch {
    return true;
  }
}

/** rrweb's `maskInputFn`: the value itself, or one `*` per character. */
export function maskInputValue(text: string, element: MaskableElement, maskSelector: string, maskAll: boolean): string {
  return maskAll || mustMaskInput(element, maskSelector) ? '*'.repeat(text.length) : text;
}
