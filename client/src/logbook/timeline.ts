// The quarters the coverage map steps through.
import type { Quarter } from '../../../server/src/contract/logbook'

export interface Step { year: number; quarter: Quarter }

/** Every quarter from the first of two years ago to the current one (coverage counts from 1 January of its year). */
export function timeline(now: Date): Step[] {
  const year = now.getFullYear()
  const current = Math.floor(now.getMonth() / 3) + 1
  const steps: Step[] = []
  for (let y = year - 2; y <= year; y++) for (let q = 1; q <= (y === year ? current : 4); q++) steps.push({ year: y, quarter: q as Quarter })
  return steps
}
