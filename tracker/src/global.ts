/** Entry of the script-tag build: exposes exactly one global, `window.Tandem`. */

import { Tandem } from './index';
import type { TandemApi } from './types';

declare global {
  interface Window {
    Tandem?: TandemApi;
  }
}

// loaded twice (two snippets): the first copy stays in charge
if (typeof window !== 'undefined' && window.Tandem === undefined) {
  window.Tandem = Tandem;
}
