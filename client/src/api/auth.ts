// /api/auth: who is signed in, sign in, sign out (server/src/routes/auth.ts). The session is an httpOnly cookie the
// browser keeps; this module never sees it.
import type { Role } from '../../../server/src/contract/roles'
import { ApiError, getJson, request } from './client'

export type Me = { kind: 'public' } | { kind: 'account'; username: string; display_name: string; role: Role; scope?: { countries: string[]; units: string[] } }

export const fetchMe = (signal?: AbortSignal): Promise<Me> => getJson<Me>('/api/auth/me', signal)

export async function signIn(username: string, password: string): Promise<{ ok: true } | { ok: false; status: number; retryAfter: number | null }> {
  try {
    await request('/api/auth/sign-in', { method: 'POST', body: { username, password } })
    return { ok: true }
  } catch (err) {
    // a refusal is an answer; a network failure is not
    if (!(err instanceof ApiError) || err.status === 0) throw err
    return { ok: false, status: err.status, retryAfter: err.retryAfter }
  }
}

export async function signOut(): Promise<void> {
  await request('/api/auth/sign-out', { method: 'POST' }).catch((err: unknown) => {
    if (!(err instanceof ApiError) || err.status === 0) throw err // a refused sign-out leaves nothing to undo
  })
}
