import type { Context, MiddlewareHandler } from 'hono'
import pLimit from 'p-limit'
import { errorBody, RETRY_AFTER_S } from '../errors.ts'

/**
 * A bounded queue for heavy work (area totals, imports, rankings, exports, low-zoom household tiles): at most
 * `concurrency` run at once and at most `queued` wait; one more is answered 503 with Retry-After at once, so heavy
 * requests cannot take the server's connections and memory away from the cheap ones (tiles, search, statistics).
 * A request whose client left while it waited is dropped without running.
 *
 *   const heavy = createHeavyQueue({ concurrency: 2, queued: 8 })
 *   app.use('/api/areas/totals', heavy.middleware())
 */
export interface HeavyQueue {
  middleware(when?: (c: Context) => boolean): MiddlewareHandler
  /**
   * Runs `work` in the queue, for a route that validates its input first (a bad body is a 400 at once, never a 503
   * behind heavy work): `return ctx.heavy.run(c, () => heavyAnswer())`.
   */
  run(c: Context, work: () => Promise<Response>): Promise<Response>
  /** Running and waiting, for /api/health */
  stats(): { running: number; waiting: number; concurrency: number; queued: number; refused: number }
}

export function createHeavyQueue({ concurrency, queued }: { concurrency: number; queued: number }): HeavyQueue {
  const limit = pLimit(concurrency)
  let refused = 0
  async function run(c: Context, work: () => Promise<Response>): Promise<Response> {
    if (limit.activeCount >= concurrency && limit.pendingCount >= queued) {
      refused++
      return c.json(errorBody('Busy', [{
        path: '', message: `expected at most ${concurrency} heavy requests running and ${queued} waiting, found the queue full: retry after ${RETRY_AFTER_S} s`,
      }]), 503, { 'Retry-After': String(RETRY_AFTER_S) })
    }
    const signal = c.req.raw.signal
    const res = await limit(async () => {
      if (signal?.aborted) return null // the client gave up while waiting: nothing to run
      return work()
    })
    // nobody reads this answer; it only ends the request
    return res ?? c.json(errorBody('Client closed request'), 400)
  }
  return {
    stats: () => ({ running: limit.activeCount, waiting: limit.pendingCount, concurrency, queued, refused }),
    middleware: (when) => async (c, next) => {
      if (when && !when(c)) return next()
      const res = await run(c, async () => {
        await next()
        return c.res
      })
      if (res !== c.res) return res
    },
    run,
  }
}
