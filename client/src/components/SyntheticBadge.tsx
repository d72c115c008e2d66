// Shown wherever household figures appear while they are generated, not surveyed (the server's `synthetic`).
interface Props {
  /** The server's notice, shown in full where there is room, else as the badge's title. */
  notice?: string | null
  full?: boolean
}

export const SYNTHETIC_LABEL = 'Synthetic demo data'

export function SyntheticBadge({ notice, full = false }: Props) {
  return (
    <p className="synthetic" title={full ? undefined : (notice ?? undefined)}>
      <span className="synthetic__label">{SYNTHETIC_LABEL}</span>
      {full && notice ? <span className="synthetic__notice"> {notice.replace(/^Synthetic demo data:\s*/, '')}</span> : null}
    </p>
  )
}
