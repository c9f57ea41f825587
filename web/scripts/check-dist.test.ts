import { describe, expect, it } from 'vitest';
import { checkIndexHtml } from './check-dist.mjs';

const good = `<!doctype html><html><head>
<script type="module" crossorigin src="/assets/index-DpzuuavG.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-Bog3VM6A.css">
</head><body><div id="root"></div></body></html>`;

describe('check-dist', () => {
  it('accepts external hashed module scripts and stylesheets', () => {
    expect(checkIndexHtml(good)).toEqual([]);
  });

  it.each([
    ['an inline script', good.replace('</head>', '<script>window.x=1</script></head>')],
    ['an inline style element', good.replace('</head>', '<style>body{}</style></head>')],
    ['a style attribute', good.replace('<div id="root">', '<div id="root" style="color:red">')],
    ['an event handler attribute', good.replace('<body>', '<body onload="go()">')],
    ['an unhashed script', good.replace('/assets/index-DpzuuavG.js', '/src/main.tsx')],
    ['a classic script', good.replace('type="module" ', '')],
    ['an unhashed stylesheet', good.replace('/assets/index-Bog3VM6A.css', '/app.css')],
  ])('rejects %s', (_label, html) => {
    expect(checkIndexHtml(html)).not.toEqual([]);
  });
});
