import type { Inventory } from './inventory.ts'

/** What db:backup and db:restore report, in either mode. */
export interface BackupResult {
  file: string
  bytes: number
  seconds: number
  /** Tables and rows of the database backed up, or of the database as restored. */
  inventory: Inventory
}

export interface RestoreResult extends BackupResult {
  /** The target held a database that --force replaced. */
  replaced: boolean
  /** Embedded mode: where the replaced database now lies. */
  previous?: string
}

/** The target is not empty (or is in use) and --force was not given: nothing was changed. */
export class RestoreRefusedError extends Error {}
