/**
 * The site's look for what the tracker shows: colours, font, corner radius and where the prompts
 * sit. Each value becomes a CSS custom property set inside the tracker's shadow roots, where the
 * page's own CSS cannot reach (nor can a `--tandem-…` property the page sets on its root: the
 * panels declare every one of them themselves).
 */

export type PromptPosition = 'top' | 'bottom' | 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface TandemTheme {
  /** Background of the prompts. */
  background?: string;
  /** Text of the prompts. */
  text?: string;
  /** The Accept button. */
  accent?: string;
  accentText?: string;
  /** Decline and Stop. */
  button?: string;
  buttonText?: string;
  /** The banner shown while an agent controls, draws or records. */
  banner?: string;
  bannerText?: string;
  /** The ring around what has keyboard focus. */
  focus?: string;
  /** A CSS font-family. */
  font?: string;
  /** A CSS length, e.g. `15px`. */
  fontSize?: string;
  /** Corner radius of the prompts and the call panel, a CSS length. */
  radius?: string;
  /** Where the prompts and banners sit. Default `top` (centred). */
  position?: PromptPosition;
}

export interface ResolvedTheme {
  /** Custom property (`--tandem-…`) → value. */
  readonly properties: Readonly<Record<string, string>>;
  readonly position: PromptPosition;
}

/** Theme key → the custom property it sets and the CSS property its value must suit. */
const PROPERTIES: Readonly<Record<Exclude<keyof TandemTheme, 'position'>, readonly [string, string]>> = {
  background: ['--tandem-bg', 'color'],
  text: ['--tandem-fg', 'color'],
  accent: ['--tandem-accent', 'color'],
  accentText: ['--tandem-accent-fg', 'color'],
  button: ['--tandem-button', 'color'],
  buttonText: ['--tandem-button-fg', 'color'],
  banner: ['--tandem-banner', 'color'],
  bannerText: ['--tandem-banner-fg', 'color'],
  focus: ['--tandem-focus', 'color'],
  font: ['--tandem-font', 'font-family'],
  fontSize: ['--tandem-font-size', 'font-size'],
  radius: ['--tandem-radius', 'border-radius'],
};

const POSITIONS: readonly PromptPosition[] = ['top', 'bottom', 'top-left', 'top-right', 'bottom-left', 'bottom-right'];

export const DEFAULT_THEME: ResolvedTheme = { properties: {}, position: 'top' };

/** Does `value` suit CSS `property`? */
export type CssCheck = (property: string, value: string) => boolean;

export function browserCssCheck(property: string, value: string): boolean {
  return typeof CSS === 'undefined' || typeof CSS.supports !== 'function' || CSS.supports(property, value);
}

/** The `theme` option: what suits its CSS property is kept; everything else is a note. */
export function resolveTheme(input: unknown, valid: CssCheck, notes: string[]): ResolvedTheme {
  if (input === undefined || input === null) {
    return DEFAULT_THEME;
  }
  if (typeof input !== 'object') {
    notes.push("'theme' must be an object and was ignored");
    return DEFAULT_THEME;
  }
  const properties: Record<string, string> = {};
  let position: PromptPosition = 'top';
  for (const [key, value] of Object.entries(input)) {
    const target = Object.prototype.hasOwnProperty.call(PROPERTIES, key) ? PROPERTIES[key as keyof typeof PROPERTIES] : undefined;
    if (key === 'position') {
      if (POSITIONS.includes(value as PromptPosition)) {
        position = value as PromptPosition;
      } else {
        notes.push(`theme.position must be one of ${POSITIONS.join(', ')}; 'top' is used`);
      }
    } else if (target === undefined) {
      notes.push(`theme.${key} is not a theme option and was ignored`);
    } else if (typeof value === 'string' && value.length <= 200 && valid(target[1], value)) {
      properties[target[0]] = value;
    } else {
      notes.push(`theme.${key} is not a valid CSS ${target[1]} and was ignored`);
    }
  }
  return { properties, position };
}
