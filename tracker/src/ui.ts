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

/**
 * The built-in look of the prompts and the support code: every custom property the theme sets,
 * declared on a panel's outermost element inside its shadow root, so none of the page's (inherited
 * through the host) gets in.
 */
export const THEME_DEFAULTS =
  '--tandem-bg:#fff;--tandem-fg:#111;--tandem-accent:#2563eb;--tandem-accent-fg:#fff;--tandem-button:#e5e7eb;--tandem-button-fg:#111;' +
  '--tandem-banner:#b91c1c;--tandem-banner-fg:#fff;--tandem-focus:#1d4ed8;--tandem-font:system-ui,sans-serif;--tandem-font-size:14px;--tandem-radius:10px;';

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
