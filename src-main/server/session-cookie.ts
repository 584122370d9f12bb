/**
 * The shared server's session cookie: HttpOnly (page scripts cannot read it), SameSite=Strict (another site's page
 * cannot make the browser send it), Path=/, and Secure under HTTPS. No Max-Age: it ends with the browser, and the
 * server ends it sooner on idle or absolute timeout.
 */
export const SESSION_COOKIE = 'plan_desk_session';

export function sessionCookie(token: string, secure: boolean): string {
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

/** The session token from a Cookie header, or null. */
export function sessionTokenFrom(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,100}$/u.test(value) ? value : null;
    }
  }
  return null;
}
