// The API accepts the session cookie of a browser signed in at /login (a same-origin fetch sends
// it). Without one, or behind a proxy setup, a bearer token: taken once from the URL fragment
// (#token=…, never sent to a server), or pasted into the token form, and kept for this tab only.
const TOKEN_KEY = 'orgscan-token';

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(t: string): void {
  try {
    sessionStorage.setItem(TOKEN_KEY, t);
  } catch {
    // storage disabled
  }
}

/** Moves a #token=… fragment into this tab's storage and out of the address bar. */
export function takeTokenFromFragment(): void {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return;
  setToken(decodeURIComponent(m[1]!));
  history.replaceState(null, '', location.pathname + location.search);
}
