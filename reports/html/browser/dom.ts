// Small DOM helpers: every value is written with textContent or setAttribute, never as HTML.

/** The element with this id, or an error naming it (the page and the script are out of step). */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the report page has no ${type.name} #${id}`);
  return found;
}

/** The same, for elements only one of the page's modes has. */
export function optionalById<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T | null {
  const found = document.getElementById(id);
  return found instanceof type ? found : null;
}

export type Attributes = Record<string, string | null | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attributes | null, text?: string | number | null): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** A named control of a form (select or input). */
export function control(form: HTMLFormElement, name: string): HTMLInputElement | HTMLSelectElement {
  const c = form.elements.namedItem(name);
  if (c instanceof HTMLInputElement || c instanceof HTMLSelectElement) return c;
  throw new Error(`the form #${form.id} has no control ${name}`);
}
