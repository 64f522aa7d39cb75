// The bearer token of this browser tab. Kept in sessionStorage: closing the tab signs out.

const KEY = 'pirm.token';

/** Seconds since the epoch at which a JWT expires, or 0 when it cannot be read. */
export function expiryOf(token: string): number {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const exp = (JSON.parse(atob(payload)) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : 0;
  } catch {
    return 0;
  }
}

export function currentToken(now = Date.now()): string | null {
  const token = sessionStorage.getItem(KEY);
  return token && expiryOf(token) * 1000 > now ? token : null;
}

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token);
}

/**
 * The sign-in page's address, remembering where the person was; `expired` when this tab had a session that
 * ended (the page says so, rather than greeting a first visit with "expired").
 */
export function signInPath(next: string | null, expired: boolean): string {
  const params = new URLSearchParams();
  if (next) params.set('next', next);
  if (expired) params.set('expired', '1');
  const query = params.toString();
  return query ? `/sign-in?${query}` : '/sign-in';
}

/** Forgets a token that is no longer valid; whether there was one. */
export function dropStaleToken(now = Date.now()): boolean {
  const stale = sessionStorage.getItem(KEY) !== null && currentToken(now) === null;
  if (stale) sessionStorage.removeItem(KEY);
  return stale;
}

/** Set by the first sign-out of this page load: the navigation it starts replaces the page anyway. */
let leaving = false;

/**
 * Forgets the token (the server refused it) and goes to the sign-in page, remembering where the person was.
 * Once per page load: several queries refused in the same moment each call it, and a second call (which no
 * longer finds the token) would replace the first navigation with one that forgot the session had expired.
 */
export function signOutTo(next: string | null): void {
  if (leaving) return;
  leaving = true;
  const had = sessionStorage.getItem(KEY) !== null;
  sessionStorage.removeItem(KEY);
  location.assign(signInPath(next, had));
}

/** Only a path of this site may be returned to after sign-in (never another origin). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
