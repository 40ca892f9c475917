/**
 * What the prompt and the call panel share: the strings in the user's language (chosen when they
 * are shown, so a page that switches its language is followed), the site's theme, and the agent's
 * name put in as text.
 */

import { pickLanguage, splitAgent, stringsFor } from './strings';
import type { TandemStrings } from './strings';
import { DEFAULT_THEME } from './theme';
import type { ResolvedTheme } from './theme';

export interface Ui {
  /** The `language` option, or undefined to follow the page. */
  readonly language: string | undefined;
  readonly strings: Partial<TandemStrings>;
  readonly theme: ResolvedTheme;
}

export const DEFAULT_UI: Ui = { language: undefined, strings: {}, theme: DEFAULT_THEME };

/** The language tag to show (the option, else the page's `lang`, else the browser's) and its strings. */
export function uiText(ui: Ui): { lang: string; text: TandemStrings } {
  const lang =
    ui.language ??
    pickLanguage([document.documentElement.lang, ...(navigator.languages ?? []), navigator.language]);
  return { lang, text: stringsFor(pickLanguage([lang]), ui.strings) };
}

/** Sets the theme's custom properties on `element`, inside a shadow root: they override the defaults there. */
export function applyTheme(element: HTMLElement, theme: ResolvedTheme): void {
  for (const [property, value] of Object.entries(theme.properties)) {
    element.style.setProperty(property, value);
  }
}

/** Fills `element` with `template`, the agent's name in place of `{agent}`, as text only. */
export function withAgent(element: HTMLElement, template: string, agentName: string): HTMLElement {
  const [before, after] = splitAgent(template);
  element.append(before);
  if (after !== undefined) {
    const name = document.createElement('b');
    name.textContent = agentName;
    element.append(name, after);
  }
  return element;
}
