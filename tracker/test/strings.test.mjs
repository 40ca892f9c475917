// What the user is shown: the language picked from the page, the site's strings and theme over the
// built-in ones, and the agent's name kept apart from the text around it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILT_IN, MAX_STRING_LENGTH, pickLanguage, resolveLanguage, resolveStrings, splitAgent, stringsFor } from '../dist/units/strings.mjs';
import { resolveTheme } from '../dist/units/theme.mjs';
import { resolveOptions } from '../dist/units/options.mjs';

test('six languages are built in, each with every string and the agent in every sentence that names one', () => {
  assert.deepEqual(Object.keys(BUILT_IN).sort(), ['de', 'en', 'es', 'fr', 'ja', 'pt']);
  const keys = Object.keys(BUILT_IN.en).sort();
  for (const [language, strings] of Object.entries(BUILT_IN)) {
    assert.deepEqual(Object.keys(strings).sort(), keys, language);
    for (const key of keys) {
      assert.equal(strings[key].includes('{agent}'), BUILT_IN.en[key].includes('{agent}'), `${language}.${key}`);
      assert.ok(language === 'en' || key === 'mute' || strings[key] !== BUILT_IN.en[key], `${language}.${key} is translated`);
    }
  }
});

test('the language is the first candidate built in, by its primary subtag, else English', () => {
  assert.equal(pickLanguage(['de']), 'de');
  assert.equal(pickLanguage(['pt-BR', 'en']), 'pt');
  assert.equal(pickLanguage(['DE_at']), 'de');
  assert.equal(pickLanguage(['', undefined, null, 'it', 'fr-CA', 'de']), 'fr');
  assert.equal(pickLanguage(['ja-JP']), 'ja');
  assert.equal(pickLanguage(['it', 'nl']), 'en');
  assert.equal(pickLanguage([]), 'en');
  assert.equal(pickLanguage(['__proto__', 'constructor']), 'en');
});

test("the site's strings go over the language's, and the rest stays built in", () => {
  const strings = stringsFor('de', { accept: 'Ja, gern' });
  assert.equal(strings.accept, 'Ja, gern');
  assert.equal(strings.decline, 'Ablehnen');
  assert.equal(stringsFor('xx', {}).accept, 'Accept', 'an unknown language falls back to English');
});

test('the agent goes between the two halves of a template, as text, not into it', () => {
  assert.deepEqual(splitAgent('{agent} asks to draw'), ['', ' asks to draw']);
  assert.deepEqual(splitAgent('Ask from {agent}!'), ['Ask from ', '!']);
  assert.deepEqual(splitAgent('Someone asks'), ['Someone asks']);
  // only the first {agent} is the name; the template is never parsed further
  assert.deepEqual(splitAgent('{agent} and {agent}'), ['', ' and {agent}']);
});

test('strings: known keys with text are kept (cut to the limit); the rest is a note', () => {
  const notes = [];
  const own = resolveStrings({ accept: 'OK', decline: '', stop: 42, hello: 'hi', askControl: 'x'.repeat(MAX_STRING_LENGTH + 5) }, notes);
  assert.deepEqual(Object.keys(own).sort(), ['accept', 'askControl']);
  assert.equal(own.askControl.length, MAX_STRING_LENGTH);
  assert.equal(notes.length, 4, notes.join('\n'));
  assert.deepEqual(resolveStrings(undefined, notes), {});
  assert.deepEqual(resolveStrings('Accept', notes), {});
  assert.equal(notes.length, 5);
});

test('language: a language tag, or undefined (with a note) for anything else', () => {
  const notes = [];
  assert.equal(resolveLanguage('pt-BR', notes), 'pt-BR');
  assert.equal(resolveLanguage(undefined, notes), undefined);
  assert.equal(resolveLanguage('', notes), undefined);
  assert.deepEqual(notes, []);
  assert.equal(resolveLanguage('<script>', notes), undefined);
  assert.equal(resolveLanguage(7, notes), undefined);
  assert.equal(notes.length, 2);
});

test('theme: values that suit their CSS property become custom properties; the rest is a note', () => {
  const notes = [];
  const checked = [];
  const css = (property, value) => {
    checked.push([property, value]);
    return !value.includes(';');
  };
  const theme = resolveTheme({ accent: '#0a7', font: 'Georgia, serif', radius: '0', position: 'bottom-left', background: 'red;x:y', sparkle: 'yes', text: 3 }, css, notes);
  assert.deepEqual(theme, {
    properties: { '--tandem-accent': '#0a7', '--tandem-font': 'Georgia, serif', '--tandem-radius': '0' },
    position: 'bottom-left',
  });
  assert.deepEqual(checked.slice(0, 3), [['color', '#0a7'], ['font-family', 'Georgia, serif'], ['border-radius', '0']]);
  assert.equal(notes.length, 3, notes.join('\n'));
  assert.equal(resolveTheme({ position: 'middle' }, css, notes).position, 'top');
  assert.equal(notes.length, 4);
  assert.deepEqual(resolveTheme(undefined, css, notes), { properties: {}, position: 'top' });
});

test('options carry the language, strings and theme, and never fail over them', () => {
  const options = resolveOptions(
    { server: 'https://x.test', projectKey: 'k', language: 'de', strings: { accept: 'Los' }, theme: { accent: 'teal', nope: 1 } },
    undefined,
    () => true,
    () => true,
  );
  assert.deepEqual(options.ui, { language: 'de', strings: { accept: 'Los' }, theme: { properties: { '--tandem-accent': 'teal' }, position: 'top' } });
  assert.equal(options.notes.length, 1);
  const plain = resolveOptions({ server: 'https://x.test', projectKey: 'k' }, undefined, () => true, () => true);
  assert.deepEqual(plain.ui, { language: undefined, strings: {}, theme: { properties: {}, position: 'top' } });
});
