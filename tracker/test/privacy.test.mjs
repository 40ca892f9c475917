import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASKABLE_INPUTS, maskInputValue, mustMaskInput } from '../dist/units/privacy.mjs';

/** A stand-in element: attributes, and ancestors' attributes for `closest('[attr]')`. */
function element(attributes = {}, ancestors = []) {
  const chain = [attributes, ...ancestors];
  return {
    getAttribute: (name) => (name in attributes ? attributes[name] : null),
    hasAttribute: (name) => name in attributes,
    closest(selector) {
      const names = selector.split(',').map((part) => {
        const match = /^\s*\[([\w-]+)\]\s*$/.exec(part);
        if (!match) throw new SyntaxError(`unsupported selector ${part}`);
        return match[1];
      });
      return chain.find((attrs) => names.some((name) => name in attrs)) ?? null;
    },
  };
}

const MASK = '[data-tandem-mask]';

test('passwords are always masked, also after a show-password toggle', () => {
  assert.equal(mustMaskInput(element({ type: 'password' }), MASK), true);
  assert.equal(mustMaskInput(element({ type: 'PASSWORD' }), MASK), true);
  assert.equal(mustMaskInput(element({ type: 'text', 'data-rr-is-password': 'true' }), MASK), true);
});

test('card fields are masked by their autocomplete token', () => {
  assert.equal(mustMaskInput(element({ autocomplete: 'cc-number' }), MASK), true);
  assert.equal(mustMaskInput(element({ autocomplete: 'billing cc-csc' }), MASK), true);
  assert.equal(mustMaskInput(element({ autocomplete: 'email' }), MASK), false);
});

test('data-tandem-mask on the element or an ancestor masks', () => {
  assert.equal(mustMaskInput(element({ 'data-tandem-mask': '' }), MASK), true);
  assert.equal(mustMaskInput(element({ type: 'text' }, [{}, { 'data-tandem-mask': '' }]), MASK), true);
  assert.equal(mustMaskInput(element({ type: 'text' }, [{}, {}]), MASK), false);
  assert.equal(mustMaskInput(element({ 'data-secret': '' }), `${MASK}, [data-secret]`), true);
});

test('a selector that cannot be evaluated masks rather than leaks', () => {
  assert.equal(mustMaskInput(element({ type: 'text' }), ':::'), true);
});

test('masking keeps the length, nothing else', () => {
  assert.equal(maskInputValue('4242 4242', element({ 'data-tandem-mask': '' }), MASK, false), '*********');
  assert.equal(maskInputValue('Ada', element({ type: 'text' }), MASK, false), 'Ada');
  assert.equal(maskInputValue('Ada', element({ type: 'text' }), MASK, true), '***');
});

test('every text-like input type goes through the mask function, select does not', () => {
  for (const type of ['text', 'email', 'tel', 'number', 'search', 'url', 'password', 'textarea', 'date']) {
    assert.equal(MASKABLE_INPUTS[type], true, type);
  }
  assert.equal('select' in MASKABLE_INPUTS, false);
});
