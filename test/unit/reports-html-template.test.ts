// The html tagged template: every interpolation escaped unless it is SafeHtml, and the contexts
// where escaping is not enough (script, style, comments, unquoted or event-handler attributes,
// URL attributes, attribute-name positions) refused or sanitised.
import { describe, expect, it } from 'vitest';
import { base64Script, html, inlineScript, inlineStyle, joinHtml, jsonScript, SafeHtml, sanitizeUrl } from '../../reports/html/template.js';

const s = (v: SafeHtml) => v.toString();

describe('html: text', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
  ])('escapes %s', (raw, escaped) => {
    expect(s(html`<p>${raw}</p>`)).toBe(`<p>${escaped}</p>`);
    expect(s(html`<p title="${raw}"></p>`)).toBe(`<p title="${escaped}"></p>`);
    expect(s(html`<p title='${raw}'></p>`)).toBe(`<p title='${escaped}'></p>`);
  });

  it('escapes markup in a string, so it shows as text', () => {
    expect(s(html`<td>${'<script>alert(1)</script>'}</td>`)).toBe('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(s(html`<td>${'&lt;'}</td>`)).toBe('<td>&amp;lt;</td>'); // already-escaped text is still text
  });

  it('never trusts a plain string, even one built from SafeHtml', () => {
    const markup = html`<b>x</b>`;
    expect(s(html`<p>${markup.toString()}</p>`)).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>');
    expect(s(html`<p>${String(markup)}</p>`)).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>');
  });

  it('cannot be forged: SafeHtml has no public constructor, and a fake template is refused', () => {
    expect(() => new (SafeHtml as unknown as new (t: unknown, h: string) => SafeHtml)(Symbol('SafeHtml'), '<b>')).toThrow(TypeError);
    const fake = Object.assign(['<p>', '</p>'], {}) as unknown as TemplateStringsArray;
    expect(() => html(fake, 'x')).toThrow(/tagged template/);
  });

  it('nests SafeHtml as it is, without escaping it twice', () => {
    const inner = html`<em>${'a<b'}</em>`;
    const outer = html`<p>${inner} and ${html`<strong>${inner}</strong>`}</p>`;
    expect(s(outer)).toBe('<p><em>a&lt;b</em> and <strong><em>a&lt;b</em></strong></p>');
  });

  it('joins arrays, escaping their strings and keeping their markup', () => {
    const items = ['a&b', '<c>'].map((v) => html`<li>${v}</li>`);
    expect(s(html`<ul>${items}</ul>`)).toBe('<ul><li>a&amp;b</li><li>&lt;c&gt;</li></ul>');
    expect(s(html`<p>${['x<', html`<br>`, 'y', [html`<i>z</i>`, '>']]}</p>`)).toBe('<p>x&lt;<br>y<i>z</i>&gt;</p>');
    expect(s(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('renders numbers, and nothing for false, null and undefined', () => {
    expect(s(html`<td>${0}</td><td>${12.5}</td><td>${10n}</td>`)).toBe('<td>0</td><td>12.5</td><td>10</td>');
    expect(s(html`<p>${false}${null}${undefined}</p>`)).toBe('<p></p>');
    const flag = false as boolean;
    expect(s(html`<p>${flag && html`<b>shown</b>`}</p>`)).toBe('<p></p>');
  });

  it('refuses values that would print as [object Object] or true', () => {
    expect(() => html`<p>${{ a: 1 } as never}</p>`).toThrow(/cannot interpolate \[object Object\]/);
    expect(() => html`<p>${true as never}</p>`).toThrow(/cannot interpolate true/);
  });

  it('escapes text in <title> and <textarea>, whose content is text', () => {
    expect(s(html`<title>${'</title><script>'}</title>`)).toBe('<title>&lt;/title&gt;&lt;script&gt;</title>');
  });
});

describe('html: attributes', () => {
  it('keeps a quoted attribute value inside its quotes', () => {
    const evil = '"><img src=x onerror="alert(1)">';
    const out = s(html`<option value="${evil}">x</option>`);
    expect(out).toBe('<option value="&quot;&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">x</option>');
    expect(s(html`<span title='${"' onmouseover='x"}'></span>`)).toBe(`<span title='&#39; onmouseover=&#39;x'></span>`);
  });

  it('refuses unquoted attribute values', () => {
    expect(() => html`<td class=${'x onclick=alert(1)'}></td>`).toThrow(/unquoted value of the attribute class of <td>/);
    expect(() => html`<td class = ${'x'}></td>`).toThrow(/unquoted/);
  });

  it('refuses any value in an event-handler attribute', () => {
    expect(() => html`<button onclick="${'alert(1)'}"></button>`).toThrow(/event-handler attribute onclick/);
    expect(() => html`<button ONCLICK="go(${html`x`})"></button>`).toThrow(/event-handler/);
  });

  it('lets only markup stand where an attribute name goes', () => {
    expect(() => html`<input ${'autofocus onfocus=alert(1)'}>`).toThrow(/cannot stand in a tag/);
    expect(s(html`<input id="t"${html` autofocus`}${false}${''}>`)).toBe('<input id="t" autofocus>');
  });

  it('sanitises the start of URL attributes and leaves http(s) and relative links alone', () => {
    expect(s(html`<a href="${'javascript:alert(1)'}">x</a>`)).toBe('<a href="about:invalid">x</a>');
    expect(s(html`<a href="${' JaVa\tScRiPt:alert(1)'}">x</a>`)).toBe('<a href="about:invalid">x</a>');
    expect(s(html`<img src="${'data:image/svg+xml,<svg onload=alert(1)>'}">`)).toBe('<img src="about:invalid">');
    expect(s(html`<form action="${'vbscript:x'}"></form>`)).toBe('<form action="about:invalid"></form>');
    expect(s(html`<a href="${'https://docs.aws.amazon.com/x?a=1&b=2'}">x</a>`)).toBe('<a href="https://docs.aws.amazon.com/x?a=1&amp;b=2">x</a>');
    expect(s(html`<a href="${'/report?next=a:b'}">x</a>`)).toBe('<a href="/report?next=a:b">x</a>');
    expect(s(html`<form action="${''}/logout"></form>`)).toBe('<form action="/logout"></form>');
    // Later in the value the scheme is already fixed by the template's own text.
    expect(s(html`<a href="/scans/${'javascript:x'}">x</a>`)).toBe('<a href="/scans/javascript:x">x</a>');
    expect(s(html`<a data-sort="${'javascript:x'}">x</a>`)).toBe('<a data-sort="javascript:x">x</a>');
  });

  it('tracks the context across several interpolations in one value', () => {
    expect(s(html`<a href="${'/a'}${'javascript:x'}">x</a>`)).toBe('<a href="/ajavascript:x">x</a>');
    expect(s(html`<p class="${'a'} ${'b'}">${'<'}</p>`)).toBe('<p class="a b">&lt;</p>');
  });

  it('sanitizeUrl: only http(s) schemes survive', () => {
    expect(sanitizeUrl('HTTPS://x')).toBe('HTTPS://x');
    expect(sanitizeUrl('http://x')).toBe('http://x');
    expect(sanitizeUrl('mailto:a@b')).toBe('about:invalid');
    expect(sanitizeUrl('#frag')).toBe('#frag');
    expect(sanitizeUrl('path/with:colon-after-slash')).toBe('path/with:colon-after-slash');
  });
});

describe('html: raw-text elements', () => {
  it('refuses interpolation inside <script>, <style> and comments', () => {
    expect(() => html`<script>var x = ${'1'};</script>`).toThrow(/inside <script>/);
    expect(() => html`<script type="application/json">${html`{}`}</script>`).toThrow(/inside <script>/);
    expect(() => html`<style>p{color:${'red'}}</style>`).toThrow(/inside <style>/);
    expect(() => html`<!-- ${'x'} -->`).toThrow(/comment/);
    // After the element ends, text is text again.
    expect(s(html`<script>1</script><p>${'<'}</p><style>p{}</style>${'>'}`)).toBe('<script>1</script><p>&lt;</p><style>p{}</style>&gt;');
  });

  it('embeds the page’s own script and stylesheet, refusing content that would end the element', () => {
    expect(s(inlineScript('var a = 1 < 2;'))).toBe('<script>var a = 1 < 2;</script>');
    expect(() => inlineScript('x = "</script><script>alert(1)"')).toThrow(/end the element early/);
    expect(() => inlineScript('x = "</SCRIPT >"')).toThrow(/end the element early/);
    expect(() => inlineScript('x = "<!--"')).toThrow(/end the element early/);
    expect(s(inlineStyle('p{color:red}'))).toBe('<style>p{color:red}</style>');
    expect(() => inlineStyle('p{}</style><script>')).toThrow(/end the element early/);
  });

  it('embeds JSON data that cannot end the script element, and reads back the same value', () => {
    const value = { s: '</script><script>alert(1)</script>', t: '<!-- \u2028 \u2029 &' };
    const out = s(jsonScript('cfg"x', value));
    expect(out.startsWith('<script type="application/json" id="cfg&quot;x">')).toBe(true);
    const body = /^<script[^>]*>([\s\S]*)<\/script>$/.exec(out)![1]!;
    expect(body).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(body)).toEqual(value);
  });

  it('embeds base64 data, and refuses anything else', () => {
    expect(s(base64Script('d', 'H4sI+/=='))).toBe('<script type="application/octet-stream" id="d">H4sI+/==</script>');
    expect(() => base64Script('d', 'a</script>')).toThrow(/not base64/);
  });
});

describe('joinHtml', () => {
  it('joins with an escaped or markup separator, skipping empty values', () => {
    expect(s(joinHtml(['a<', html`<b>b</b>`, null, false, 'c'], ' · '))).toBe('a&lt; · <b>b</b> · c');
    expect(s(joinHtml(['x', 'y'], html`<br>`))).toBe('x<br>y');
    expect(s(joinHtml(['x', 'y'], '<br>'))).toBe('x&lt;br&gt;y');
  });
});

describe('renderers', () => {
  it('build HTML with the html template only: no markup in plain strings, no hand-called escaping', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '..', '..');
    const files = [
      ...readdirSync(join(root, 'reports'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.startsWith('html/browser') && f !== 'escape.ts' && f !== 'html/template.ts')
        .map((f) => join('reports', f)),
      'server/login-page.ts',
    ];
    expect(files).toContain('reports/html/sections.ts');
    expect(files).toContain('reports/weekly-email.ts');
    const offenders: string[] = [];
    for (const file of files) {
      const code = readFileSync(join(root, file), 'utf8').replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, '');
      // A quote or an untagged backtick right before a tag opener is markup built as a string.
      for (const m of code.matchAll(/(?<!html)[`'"]<\/?[a-zA-Z!]/g)) offenders.push(`${file}: ${code.slice(m.index, m.index + 30)}`);
      if (/\bescapeHtml\b/.test(code)) offenders.push(`${file}: calls escapeHtml by hand`);
    }
    expect(offenders).toEqual([]);
  });
});
