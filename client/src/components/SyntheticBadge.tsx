// Shown wherever household figures appear while they are generated, not surveyed (the server's `synthetic`). The
// server's notice says it in English; the badge says it in the UI language.
import { useTranslation } from 'react-i18next'

interface Props {
  /** The server's notice: present when the figures are synthetic. Shown in full where there is room, else as a title. */
  notice?: string | null
  /** The sentence after "Synthetic demo data:", when it says more than the standard notice. */
  detail?: string
  full?: boolean
}

export function SyntheticBadge({ notice, detail, full = false }: Props) {
  const { t } = useTranslation()
  const text = detail ?? t('synthetic.notice')
  return (
    <p className="synthetic" title={full || !notice ? undefined : `${t('synthetic.label')}: ${text}`}>
      <span className="synthetic__label">{t('synthetic.label')}</span>
      {full && notice ? <span className="synthetic__notice"> {text}</span> : null}
    </p>
  )
}
