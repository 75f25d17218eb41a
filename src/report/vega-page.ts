/**
 * One self-contained HTML page of Vega-Lite charts: it opens from disk with no network at all.
 *
 * The browser bundles of vega, vega-lite and vega-embed are read from the installed packages
 * (their `build/*.min.js`, found beside each package's resolved entry point) and inlined in
 * `<script>` tags, the data is inlined as JSON, and a Content-Security-Policy forbids every fetch.
 * The policy allows no `eval`: Vega compiles expressions with `new Function` by default, so the
 * page asks vega-embed for Vega's CSP mode, `ast: true` with `expr: vega.expressionInterpreter`
 * (vega.github.io/vega/usage/interpreter/). Scripts are allowed by their SHA-256 hash rather than
 * 'unsafe-inline', so nothing but the scripts written here can run (CSP Level 2, §4.2.4).
 * Styles need 'unsafe-inline': vega-embed injects a `<style>` and the SVG renderer sets style
 * attributes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { KhopError } from '../errors.js';

/** A part of the page: a heading, then optional HTML, then an optional Vega-Lite chart. */
export interface VegaPageSection {
  heading: string;
  /** Trusted HTML written by khớp (escape user values with `escapeHtml`). */
  html?: string;
  /** A Vega-Lite spec with its data inlined (`data: { values: [...] }`). */
  spec?: object;
  /** The chart's element id, `chart-<n>` by default; the page's script may look views up by it. */
  id?: string;
}

export interface VegaPageOptions {
  title: string;
  /** Trusted HTML shown under the title. */
  intro?: string;
  sections: VegaPageSection[];
  /** Extra JSON values made available to `script` as `window.KHOP_DATA`. */
  data?: unknown;
  /**
   * Plain JavaScript run after every chart has been embedded. `window.KHOP_VIEWS` maps each
   * chart id to its Vega view.
   */
  script?: string;
  /** Extra CSS appended to the page's style sheet. */
  css?: string;
}

const BUNDLES = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

const require = createRequire(import.meta.url);
let bundleCache: string[] | undefined;

/** The three browser bundles, read once per process from the installed packages. */
export function vegaBundles(): string[] {
  if (bundleCache !== undefined) return bundleCache;
  bundleCache = BUNDLES.map(([pkg, file]) => {
    let url: URL;
    try {
      url = new URL(file, pathToFileURL(require.resolve(pkg)));
    } catch {
      throw new KhopError('INTERNAL', `the package ${pkg} is not installed; the HTML report needs it`);
    }
    try {
      return readFileSync(url, 'utf8');
    } catch {
      throw new KhopError('FILE_NOT_FOUND', `the browser bundle of ${pkg} is missing`, { file: url.pathname });
    }
  });
  return bundleCache;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * JSON that is safe inside a `<script>` element: `<` is written as `\u003c`, so no `</script`
 * or `<!--` can end or change the element, and U+2028/U+2029 are escaped for old parsers.
 */
export function scriptJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null')
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const PAGE_CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1b1f24}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{margin:8px 0}.note{color:#57606a;font-size:13px}
`;

/** Renders the complete HTML document. */
export function renderVegaPage(options: VegaPageOptions): string {
  const charts: { id: string; spec: object }[] = [];
  const body: string[] = [`<h1>${escapeHtml(options.title)}</h1>`];
  if (options.intro !== undefined) body.push(`<div class="intro">${options.intro}</div>`);
  options.sections.forEach((section, i) => {
    body.push(`<section><h2>${escapeHtml(section.heading)}</h2>`);
    if (section.html !== undefined) body.push(section.html);
    if (section.spec !== undefined) {
      const id = section.id ?? `chart-${i}`;
      charts.push({ id, spec: section.spec });
      body.push(`<div class="chart" id="${escapeHtml(id)}"></div>`);
    }
    body.push('</section>');
  });

  const dataScript = `window.KHOP_CHARTS=${scriptJson(charts)};window.KHOP_DATA=${scriptJson(options.data ?? null)};`;
  const mainScript = embedScript(options.script ?? '');
  const scripts = [...vegaBundles(), dataScript, mainScript];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${PAGE_CSS}${options.css ?? ''}</style>`,
    '</head><body>',
    ...body,
    ...scripts.map((s) => `<script>${s}</script>`),
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * Embeds every chart in order, then runs the page's own script. `document.body.dataset.charts`
 * becomes `drawn` (or `failed`) so a test can wait for it.
 */
function embedScript(userScript: string): string {
  // The user script is wrapped in a function so its `const`s stay local; it is khớp's own code.
  return `(async function(){
  "use strict";
  var views = {};
  window.KHOP_VIEWS = views;
  try {
    for (var i = 0; i < window.KHOP_CHARTS.length; i++) {
      var c = window.KHOP_CHARTS[i];
      var result = await vegaEmbed("#" + c.id, c.spec, {
        actions: false, renderer: "svg", ast: true, expr: vega.expressionInterpreter
      });
      views[c.id] = result.view;
    }
    document.body.dataset.charts = "drawn";
  } catch (e) {
    document.body.dataset.charts = "failed";
    console.error("chart failed: " + (e && e.message ? e.message : e));
  }
  (function(){${userScript.replace(/<\/(script)/gi, '<\\/$1')}
  })();
})();`;
}
