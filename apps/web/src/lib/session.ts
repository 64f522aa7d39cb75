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

/** Forgets the token and goes to the sign-in page, remembering where the person was. */
export function signOutTo(next: string | null): void {
  sessionStorage.removeItem(KEY);
  location.assign(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
}

/** Only a path of this site may be returned to after sign-in (never another origin). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
