/**
 * Calls to the force API — the same routes and authorisation as everything
 * else — with the in-memory access token. Answers are parsed JSON; a refusal
 * becomes an ApiProblem carrying the API's problem details (its `errors`
 * name the fields or, for contact attempts, every reason the plan refuses).
 * A 401 ends the session: the token was refused or has expired.
 */
import type { ConsoleConfig } from '../config';
import { endSession, session } from './session';

export interface ProblemError {
  path?: string;
  message: string;
}

/** A refusal from the API, as RFC 9457 problem details. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors: ProblemError[],
  ) {
    super(`${status} ${title}`);
    this.name = 'ApiProblem';
  }
}

let base = '';

export function useApi(config: ConsoleConfig): void {
  base = config.apiBase;
}

/**
 * @example
 * const { entries } = await api<QueueList>('GET', '/queue?state=waiting');
 * await api('POST', `/reports/${id}/outcome`, { outcome: 'referred-to-support' });
 */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T | undefined> {
  const token = session()?.accessToken;
  if (!token) throw new ApiProblem(401, 'Not signed in', []);
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    cache: 'no-store',
    credentials: 'omit',
  });
  if (response.status === 401) {
    endSession('refused');
    throw new ApiProblem(401, 'Your session has ended', []);
  }
  if (response.status === 204) return undefined;
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    const errors = Array.isArray(json.errors) ? (json.errors as ProblemError[]).filter((error) => typeof error?.message === 'string') : [];
    throw new ApiProblem(response.status, typeof json.title === 'string' ? json.title : typeof json.message === 'string' ? json.message : 'The request was refused', errors);
  }
  return json as T;
}
