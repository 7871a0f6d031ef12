/**
 * The sevdesk web app's login session. Opening a deep link logs the browser in (the sandbox
 * has no login form) and sets a session cookie for the whole origin. sevdesk's FAQ: API
 * calls from a browser that has a sevdesk web session open can fail with 401
 * ("Sitzungskonflikt"), which is what bites extensions that don't send credentials: 'omit'.
 *
 * Only sessions this emulator issued count: other sandbox servers on the same host share the
 * cookie jar (cookies ignore ports), and their cookies must not cause conflicts here.
 */
import { randomBytes } from 'node:crypto';
import type { EmuRequest } from '../kit/http';

export const SESSION_COOKIE = 'PHPSESSID';

export class WebSessions {
  private readonly issued = new Set<string>();

  /** The request's session if it has a live one, else a new one with its Set-Cookie header. */
  ensure(req: EmuRequest): { id: string; setCookie?: string } {
    const current = this.fromRequest(req);
    if (current) return { id: current };
    const id = randomBytes(13).toString('hex');
    this.issued.add(id);
    return { id, setCookie: `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` };
  }

  /** The live session id the request's cookies carry, if any. */
  fromRequest(req: EmuRequest): string | undefined {
    const header = req.headers.cookie;
    if (!header) return undefined;
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      const value = rest.join('=');
      if (name === SESSION_COOKIE && this.issued.has(value)) return value;
    }
    return undefined;
  }

  list(): string[] {
    return [...this.issued];
  }

  clear(): void {
    this.issued.clear();
  }
}
