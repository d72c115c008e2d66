// /api/auth: who is signed in, sign in, sign out (server/src/routes/auth.ts). The session is an httpOnly cookie the
// browser keeps; this module never sees it.
import type { Role } from '../../../server/src/auth/roles'

export type Me = { kind: 'public' } | { kind: 'account'; username: string; display_name: string; role: Role; scope?: { countries: string[]; units: string[] } }

export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  const res = await fetch('/api/auth/me', { signal, headers: { accept: 'application/json' } })
  if (!res.ok) throw new Error(`/api/auth/me: HTTP ${res.status}`)
  return (await res.json()) as Me
}

export async function signIn(username: string, password: string): Promise<{ ok: true } | { ok: false; status: number; retryAfter: number | null }> {
  const res = await fetch('/api/auth/sign-in', {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ username, password }),
  })
  if (res.ok) return { ok: true }
  const retry = Number(res.headers.get('retry-after'))
  return { ok: false, status: res.status, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null }
}

export async function signOut(): Promise<void> {
  await fetch('/api/auth/sign-out', { method: 'POST' })
}
