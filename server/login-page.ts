// The sign-in page: one form, no external requests; works without JavaScript.
import { createHash } from 'node:crypto';
import { html, inlineScript, inlineStyle } from '../reports/html/template.js';
import type { Role } from './auth.js';

const CSS = [
  ':root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}',
  'body{margin:0;display:flex;justify-content:center;padding:4rem 1rem;background:Canvas;color:CanvasText}',
  'main{width:100%;max-width:26rem}',
  'h1{font-size:1.5rem;margin:0 0 1rem}',
  'label{display:block;font-weight:600;margin-bottom:.25rem}',
  'input{box-sizing:border-box;width:100%;padding:.5rem;font:inherit;border:1px solid GrayText;border-radius:4px}',
  'input[aria-invalid=true]{border-color:#b00020;border-width:2px}',
  'button{margin-top:1rem;padding:.5rem 1.25rem;font:inherit;font-weight:600;border-radius:4px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer}',
  'button.secondary{background:transparent;color:inherit;border-color:GrayText}',
  ':focus-visible{outline:3px solid #f29900;outline-offset:2px}',
  '.help{font-size:.9rem;margin:.5rem 0 0}',
  '.alert{border-left:4px solid #b00020;padding:.5rem .75rem;background:rgba(176,0,32,.08)}',
  '.note{border-left:4px solid #0b57d0;padding:.5rem .75rem;background:rgba(11,87,208,.08)}',
  'code{font-size:.9em}',
].join('');

// Progressive enhancement for links that carry a token in the fragment (`/report#token=…`, which a
// redirect here keeps): the token moves into the field and out of the address bar. Never submitted
// by itself, so a link cannot sign anybody in with someone else's token unawares.
const PREFILL_JS =
  "(function(){var m=/(?:^#|&)token=([^&]+)/.exec(location.hash);if(!m)return;" +
  "history.replaceState(null,'',location.pathname+location.search);" +
  "var i=document.getElementById('token');try{i.value=decodeURIComponent(m[1]);}catch(e){return;}" +
  "i.removeAttribute('aria-invalid');document.getElementById('sign-in').focus();})();";

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only the page's own stylesheet and script; the form may post only to this origin. */
export const LOGIN_CSP = [
  "default-src 'none'",
  `style-src ${hash(CSS)}`,
  `script-src ${hash(PREFILL_JS)}`,
  'img-src data:',
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface LoginPageOptions {
  /** Where a successful sign-in returns to (already checked to be a same-origin path). */
  next: string;
  /** A failed attempt: shown as an alert tied to the input. */
  error?: string | undefined;
  /** Neutral information (signed out, session ended). */
  notice?: string | undefined;
  /** The role of a session the browser already has. */
  signedInAs?: Role | undefined;
  /** Session lifetime, for the help text. */
  ttlHours: number;
}

export function renderLoginPage(options: LoginPageOptions): string {
  const { next, error, notice, signedInAs } = options;
  const describedBy = error ? 'token-help login-error' : 'token-help';
  const hours = options.ttlHours === 1 ? '1 hour' : `${options.ttlHours} hours`;
  const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin"><link rel="icon" href="data:,"><title>${
    error ? 'Sign-in failed' : 'Sign in'
  } — orgscan</title>${inlineStyle(CSS)}</head><body><main><h1>Sign in to orgscan</h1>${
    error && html`<p id="login-error" class="alert" role="alert">${error}</p>`
  }${notice && html`<p class="note" role="status">${notice}</p>`}${
    signedInAs &&
    html`<div class="note" role="status"><p>This browser is signed in with the ${signedInAs} role. <a href="${next}">Continue</a></p><form method="post" action="/logout"><button type="submit" class="secondary">Sign out</button></form></div>`
  }<form method="post" action="/login"><input type="hidden" name="next" value="${next}"><label for="token">API token</label><input id="token" name="token" type="password" required autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="${describedBy}"${
    error && html` aria-invalid="true"`
  }${!signedInAs && html` autofocus`}><p id="token-help" class="help">A token with the reader or operator role, as created by <code>orgscan token create</code>. Signing in keeps a signed session cookie in this browser for ${hours}, never the token itself.</p><button type="submit" id="sign-in">Sign in</button></form></main>${inlineScript(
    PREFILL_JS,
  )}</body></html>`;
  return page.toString();
}
