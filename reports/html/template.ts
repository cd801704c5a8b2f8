// HTML that is safe by construction: `html` is a tagged template whose interpolations are escaped
// unless they are SafeHtml, which only `html` itself and the few element builders below produce.
// A plain string is never trusted, whatever it contains.
//
// The static parts of each template are read once (per call site) to know where every
// interpolation lands, so that the places where escaping is not enough fail loudly instead:
//   - inside <script>, <style> or a comment: never (use inlineScript / inlineStyle / jsonScript);
//   - an unquoted attribute value, or an attribute-name position: only SafeHtml (or nothing);
//   - an event-handler attribute (on*): never;
//   - the start of a URL attribute (href, src, action, …): a string must be http(s) or relative,
//     anything else (javascript:, data:, vbscript:, …) is replaced by about:invalid.
import { escapeHtml, jsonForScript } from '../escape.js';

const CONSTRUCTING = Symbol('SafeHtml');

/** Markup that is safe to place in an HTML document as it is. */
export class SafeHtml {
  readonly #html: string;
  /** Not for callers: SafeHtml comes from `html`, `joinHtml` or the element builders of this module. */
  constructor(token: typeof CONSTRUCTING, markup: string) {
    if (token !== CONSTRUCTING) throw new TypeError('SafeHtml is created by the html template only');
    this.#html = markup;
  }
  toString(): string {
    return this.#html;
  }
}

const safe = (markup: string) => new SafeHtml(CONSTRUCTING, markup);

/** What a template may interpolate: `false`, null and undefined render nothing, so `${cond && html`…`}` works. */
export type HtmlValue = SafeHtml | string | number | bigint | false | null | undefined | readonly HtmlValue[];

type Slot =
  | { kind: 'text' }
  | { kind: 'attr'; name: string; atValueStart: boolean }
  | { kind: 'tag' }
  | { kind: 'forbidden'; why: string };

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'cite', 'background', 'ping', 'data', 'srcset']);
/** Elements whose content is not HTML: an HTML-escaped value in them is still wrong (and may be unsafe). */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
const NEVER_INTERPOLATED = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes']);

type State = 'text' | 'tagName' | 'tag' | 'attrName' | 'afterAttrName' | 'beforeValue' | 'valueDq' | 'valueSq' | 'valueUnquoted' | 'rawText' | 'comment';

/**
 * A small HTML tokenizer over the template's static parts: where each interpolation is (text,
 * attribute value, tag, or somewhere nothing may go). It follows the HTML spec's states closely
 * enough for templates written by us; its job is to refuse the contexts escaping cannot protect.
 */
function analyse(strings: readonly string[]): Slot[] {
  const slots: Slot[] = [];
  let state: State = 'text';
  let tagName = '';
  let closing = false;
  let rawTextOf = '';
  let attrName = '';
  let valueStart = false;
  for (let part = 0; part < strings.length; part++) {
    const s = strings[part]!;
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      const atValueStartBefore: boolean = valueStart;
      valueStart = false;
      switch (state) {
        case 'text':
          if (c === '<') {
            if (s.startsWith('!--', i + 1)) {
              state = 'comment';
              i += 3;
            } else if (/[a-zA-Z]/.test(s[i + 1] ?? '')) {
              state = 'tagName';
              tagName = '';
              closing = false;
            } else if (s[i + 1] === '/' && /[a-zA-Z]/.test(s[i + 2] ?? '')) {
              state = 'tagName';
              tagName = '';
              closing = true;
              i++;
            }
          }
          break;
        case 'comment':
          if (s.startsWith('-->', i)) {
            state = 'text';
            i += 2;
          }
          break;
        case 'rawText':
          if (s.slice(i, i + 2 + rawTextOf.length).toLowerCase() === `</${rawTextOf}`) {
            state = 'tagName';
            tagName = rawTextOf;
            closing = true;
            i += 1 + rawTextOf.length;
          }
          break;
        case 'tagName':
        case 'tag':
        case 'attrName':
        case 'afterAttrName':
          if (c === '>') {
            if (state === 'tagName') tagName = tagName.toLowerCase();
            rawTextOf = !closing && RAW_TEXT_ELEMENTS.has(tagName) && tagName !== 'noscript' ? tagName : '';
            state = rawTextOf ? 'rawText' : 'text';
          } else if (state === 'tagName') {
            if (/\s|\//.test(c)) {
              tagName = tagName.toLowerCase();
              state = 'tag';
            } else tagName += c;
          } else if (c === '=' && (state === 'attrName' || state === 'afterAttrName')) {
            state = 'beforeValue';
            valueStart = true;
          } else if (/\s|\//.test(c)) {
            if (state === 'attrName') state = 'afterAttrName';
          } else if (state === 'attrName') {
            attrName += c.toLowerCase();
          } else {
            state = 'attrName';
            attrName = c.toLowerCase();
          }
          break;
        case 'beforeValue':
          if (c === '"') {
            state = 'valueDq';
            valueStart = true;
          } else if (c === "'") {
            state = 'valueSq';
            valueStart = true;
          } else if (c === '>') state = 'text';
          else if (/\s/.test(c)) valueStart = atValueStartBefore;
          else state = 'valueUnquoted';
          break;
        case 'valueDq':
        case 'valueSq':
          if (c === (state === 'valueDq' ? '"' : "'")) state = 'tag';
          break;
        case 'valueUnquoted':
          if (/\s/.test(c)) state = 'tag';
          else if (c === '>') state = 'text';
          break;
      }
    }
    if (part === strings.length - 1) break;
    slots.push(slotFor(state, tagName, rawTextOf, attrName, valueStart));
    // An interpolation inside a value is part of it: what follows is no longer its start.
    if (state === 'valueDq' || state === 'valueSq') valueStart = false;
  }
  return slots;
}

function slotFor(state: State, tagName: string, rawTextOf: string, attrName: string, atValueStart: boolean): Slot {
  switch (state) {
    case 'text':
      return { kind: 'text' };
    case 'comment':
      return { kind: 'forbidden', why: 'inside an HTML comment' };
    case 'rawText':
      return NEVER_INTERPOLATED.has(rawTextOf)
        ? { kind: 'forbidden', why: `inside <${rawTextOf}> (use inlineScript, inlineStyle or jsonScript)` }
        : { kind: 'text' }; // <title>, <textarea>: escaped text is right there
    case 'valueDq':
    case 'valueSq':
      if (attrName.startsWith('on')) return { kind: 'forbidden', why: `in the event-handler attribute ${attrName}` };
      return { kind: 'attr', name: attrName, atValueStart };
    case 'beforeValue':
    case 'valueUnquoted':
      return { kind: 'forbidden', why: `as the unquoted value of the attribute ${attrName} of <${tagName}> (quote it)` };
    default:
      return { kind: 'tag' };
  }
}

const slotsByCallSite = new WeakMap<TemplateStringsArray, Slot[]>();

/** Anything but http(s) or a scheme-less (relative) reference becomes about:invalid. */
export function sanitizeUrl(url: string): string {
  // Browsers ignore ASCII whitespace and control characters around and inside a scheme.
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([^/?#]*):/.exec(compact);
  if (!scheme) return url;
  return /^https?$/i.test(scheme[1]!) ? url : 'about:invalid';
}

function render(value: HtmlValue, slot: Slot, where: string): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v, slot, where)).join('');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    if (slot.kind === 'tag' && value !== '') throw new TypeError(`html: a ${typeof value} cannot stand in a tag ${where}; only html\`…\` markup can`);
    const text = String(value);
    if (slot.kind === 'attr' && slot.atValueStart && URL_ATTRIBUTES.has(slot.name)) return escapeHtml(sanitizeUrl(text));
    return escapeHtml(text);
  }
  const other: unknown = value;
  throw new TypeError(`html: cannot interpolate ${other === true ? 'true' : Object.prototype.toString.call(other)} ${where}`);
}

/** The tagged template: `html`<td class="${cls}">${text}</td>``. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  if (!Array.isArray(strings) || !Array.isArray((strings as { raw?: unknown }).raw)) {
    throw new TypeError('html is a tagged template: html`…`');
  }
  let slots = slotsByCallSite.get(strings);
  if (!slots) {
    slots = analyse(strings);
    slotsByCallSite.set(strings, slots);
  }
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const slot = slots[i]!;
    const where = `(interpolation ${i + 1} after ${JSON.stringify(strings[i]!.slice(-40))})`;
    if (slot.kind === 'forbidden') throw new TypeError(`html: nothing may be interpolated ${slot.why} ${where}`);
    out += render(values[i], slot, where) + strings[i + 1]!;
  }
  return safe(out);
}

/** Joins values (escaping strings) with a separator, like Array.join. */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator, { kind: 'text' }, 'as a separator');
  return safe(
    values
      .filter((v) => v !== null && v !== undefined && v !== false)
      .map((v) => render(v, { kind: 'text' }, 'in joinHtml'))
      .join(sep),
  );
}

function rawTextElement(name: 'script' | 'style', attributes: SafeHtml | null, content: string): SafeHtml {
  // The only ways raw text can end early or change how it parses: the end tag and comment-like openers.
  if (new RegExp(`</${name}|<!--`, 'i').test(content)) {
    throw new Error(`inline <${name}> content contains "</${name}" or "<!--", which would end the element early`);
  }
  return safe(`<${name}${attributes ?? ''}>${content}</${name}>`);
}

/**
 * An inline <script> of trusted code (the page's own script, never data): refused if it could end
 * the element early. Its hash belongs in the page's CSP.
 */
export function inlineScript(code: string): SafeHtml {
  return rawTextElement('script', null, code);
}

/** A <script> holding data the page's script reads: JSON with <, >, & and U+2028/2029 escaped. */
export function jsonScript(id: string, value: unknown): SafeHtml {
  return rawTextElement('script', html` type="application/json" id="${id}"`, jsonForScript(value));
}

/** A <script> holding base64 data (which has no character that could end the element). */
export function base64Script(id: string, base64: string): SafeHtml {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(base64)) throw new Error(`base64Script ${id}: not base64`);
  return rawTextElement('script', html` type="application/octet-stream" id="${id}"`, base64);
}

/** An inline <style> of the page's own stylesheet. Its hash belongs in the page's CSP. */
export function inlineStyle(css: string): SafeHtml {
  return rawTextElement('style', null, css);
}
