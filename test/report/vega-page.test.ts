import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, renderVegaPage, scriptJson } from '../../src/report/vega-page.js';
import { runBrowserTests, openLocalPage } from './browser.js';

const barSpec = (values: object[]) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
});

function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

describe('scriptJson', () => {
  it.each([
    ['</script><script>alert(1)</script>', '"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"'],
    ['<!--', '"\\u003c!--"'],
    ['a\u2028b', '"a\\u2028b"'],
  ])('writes %j so it cannot end the script element', (input, expected) => {
    expect(scriptJson(input)).toBe(expected);
  });

  it('parses back to the same value for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const text = scriptJson(v);
      expect(text).not.toMatch(/<\/script/i);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
    }));
  });
});

describe('escapeHtml', () => {
  it.each([
    ['<b>"Nguyễn" & \'Trần\'</b>', '&lt;b&gt;&quot;Nguyễn&quot; &amp; &#39;Trần&#39;&lt;/b&gt;'],
    ['plain', 'plain'],
  ])('escapes %j', (input, expected) => expect(escapeHtml(input)).toBe(expected));
});

describe('renderVegaPage', () => {
  const html = renderVegaPage({
    title: 'T <x>',
    sections: [{ heading: 'Bars', spec: barSpec([{ k: '</script>', v: 1 }]) }, { heading: 'Text', html: '<p id="p">hi</p>' }],
    data: { note: '</script><b>' },
  });

  it('inlines the three Vega bundles, the data and the page script, and nothing else', () => {
    const scripts = scriptsOf(html);
    expect(scripts).toHaveLength(5);
    expect(scripts[0]).toContain('vega');
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link\b/);
  });

  it('allows exactly its own scripts by hash, forbids eval and every fetch', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    for (const s of scriptsOf(html)) {
      expect(csp).toContain(`'sha256-${createHash('sha256').update(s).digest('base64')}'`);
    }
  });

  it('escapes the title and keeps data from closing the script element', () => {
    expect(html).toContain('<title>T &lt;x&gt;</title>');
    const scripts = scriptsOf(html);
    expect(scripts[3]).toContain('\\u003c/script>');
  });
});

describe.skipIf(!runBrowserTests)('renderVegaPage in headless Chromium', () => {
  it('draws every chart with no console error and no network request under its CSP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-vega-page-'));
    const file = join(dir, 'page.html');
    writeFileSync(file, renderVegaPage({
      title: 'two charts',
      sections: [
        { heading: 'A', spec: barSpec([{ k: 'a', v: 1 }, { k: 'b', v: 3 }]) },
        { heading: 'B', id: 'second', spec: { ...barSpec([{ k: 'x', v: 2 }]), transform: [{ calculate: 'datum.v * 2', as: 'w' }] } },
      ],
      data: { n: 7 },
      script: 'document.getElementById("second").dataset.n = String(window.KHOP_DATA.n + Object.keys(window.KHOP_VIEWS).length);',
    }));
    const opened = await openLocalPage(file);
    try {
      await opened.page.waitForSelector('body[data-charts]', { timeout: 20_000 });
      expect(await opened.page.getAttribute('body', 'data-charts')).toBe('drawn');
      expect(await opened.page.locator('#chart-0 svg .mark-rect path').count()).toBe(2);
      expect(await opened.page.locator('#second svg').count()).toBe(1);
      expect(await opened.page.getAttribute('#second', 'data-n')).toBe('9');
      expect(opened.consoleErrors).toEqual([]);
      expect(opened.networkRequests).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
