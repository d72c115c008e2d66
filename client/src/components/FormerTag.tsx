// What follows the name of a unit of a former boundary vintage: "(before 2025)", and "approximate boundaries" where
// some of the 2025 communes it is drawn from were formed across its old borders (geodata/vintage.ts).
import { useTranslation } from 'react-i18next'
import type { Labels } from '../api/types'
import { localLabel } from '../i18n/labels'
import './FormerTag.css'

interface Props {
  labels: Labels
  approximate?: boolean | null
}

export function FormerTag({ labels, approximate }: Props) {
  const { t } = useTranslation()
  return (
    <span className="former-tag">
      {` (${localLabel(labels)})`}
      {approximate ? (
        <span className="former-tag__approx" title={t('vintage.approximateNote')}>
          {` · ${t('vintage.approximate')}`}
        </span>
      ) : null}
    </span>
  )
}
