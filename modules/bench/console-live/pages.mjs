// The pages the live scenario puts in front of the tracker, each with the documented two-line
// snippet pointing at the node; served from an origin of their own (see live.mjs).

/** The snippet: the node's tracker, started with the bench project's key. */
function snippet(node, key) {
  return `<script src="${node}/tracker.js"></script>\n<script>Tandem.start({ server: ${JSON.stringify(node)}, projectKey: ${JSON.stringify(key)} });</script>`;
}

/** A small deterministic generator, so every run measures the same page. */
function words(seed) {
  const vocabulary = ('request response server client session token header payload stream buffer replay agent page ' +
    'event snapshot mutation node element attribute style layout render frame batch socket origin limit').split(' ');
  let state = seed;
  return (count) => {
    const out = [];
    for (let i = 0; i < count; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out.push(vocabulary[state % vocabulary.length]);
    }
    return out.join(' ');
  };
}

/**
 * A documentation page of about `bytes` of HTML: a sidebar of links, sections of prose and code,
 * and a large reference table, as the documentation pages had.
 */
export function largePage(node, key, bytes = 1024 * 1024) {
  const text = words(7);
  const nav = Array.from({ length: 300 }, (_, i) => `<li><a href="#s${i}">${text(3)}</a></li>`).join('\n');
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes * 0.55; i++) {
    const part = `<section id="s${i}"><h2>${text(4)}</h2><p>${text(60)}</p><p>${text(45)}</p>` +
      `<pre><code>${text(12)}\n  ${text(10)}\n  ${text(8)}</code></pre><ul><li>${text(8)}</li><li>${text(9)}</li></ul></section>`;
    parts.push(part);
    size += part.length;
  }
  const rows = [];
  for (let i = 0; size < bytes; i++) {
    const row = `<tr><td><code>opt${i}</code></td><td>${text(2)}</td><td>${i * 7 % 1000}</td><td>${text(10)}</td></tr>`;
    rows.push(row);
    size += row.length;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reference (bench)</title>
<style>body{font:14px/1.5 sans-serif;margin:0;display:flex}nav{width:260px;height:100vh;overflow:auto;position:sticky;top:0;background:#f4f4f6}
main{flex:1;padding:0 24px}table{border-collapse:collapse}td{border:1px solid #ddd;padding:2px 6px}pre{background:#f6f8fa;padding:8px}</style>
${snippet(node, key)}</head><body><nav><ul>${nav}</ul></nav><main><h1>Reference</h1>${parts.join('\n')}
<table><thead><tr><th>option</th><th>kind</th><th>default</th><th>meaning</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
</main></body></html>`;
}

/**
 * A page whose script changes `perSecond` text nodes a second (every 10 ms, round the grid),
 * and counts the changes it made in `window.__changes`; without the tracker if `key` is null.
 */
export function mutatingPage(node, key, perSecond = 1000) {
  const cells = Array.from({ length: 1000 }, (_, i) => `<span class="c">${i}</span>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Busy page (bench)</title>
<style>.c{display:inline-block;width:48px;font:11px monospace}</style>
${key === null ? '' : snippet(node, key)}</head><body><div id="grid">${cells}</div>
<script>
  // as many changes as the time since the start asks for, so timers that slip do not lower the rate
  window.__changes = 0;
  const cells = document.querySelectorAll('#grid .c');
  const started = performance.now();
  let next = 0;
  setInterval(() => {
    const due = Math.floor(((performance.now() - started) * ${perSecond}) / 1000);
    while (window.__changes < due) {
      cells[next].textContent = String(window.__changes++);
      next = (next + 1) % cells.length;
    }
  }, 10);
</script></body></html>`;
}
