// The draw toolbar over the map: shapes, edit, undo, delete, and the circle's radius in km.
import { useTranslation } from 'react-i18next'
import type { AreaDraw, Tool } from './useAreaDraw'

/** Each tool's label and hint: areas.toolbar.<key> and <key>Hint. */
const TOOLS: { id: Tool; key: 'polygon' | 'rectangle' | 'circle' | 'pick' | 'edit' }[] = [
  { id: 'polygon', key: 'polygon' },
  { id: 'rectangle', key: 'rectangle' },
  { id: 'circle', key: 'circle' },
  { id: 'pick', key: 'pick' },
  { id: 'edit', key: 'edit' },
]

export function DrawToolbar({ draw }: { draw: AreaDraw }) {
  const { t } = useTranslation()
  return (
    <div className="draw-toolbar" role="toolbar" aria-label={t('areas.toolbar.label')}>
      {TOOLS.map((tool) => (
        <button
          key={tool.id}
          type="button"
          className={`draw-toolbar__button${draw.tool === tool.id ? ' is-active' : ''}`}
          aria-pressed={draw.tool === tool.id}
          title={t(`areas.toolbar.${tool.key}Hint`)}
          onClick={() => draw.setTool(draw.tool === tool.id ? 'none' : tool.id)}
        >
          {t(`areas.toolbar.${tool.key}`)}
        </button>
      ))}
      {draw.tool === 'circle' ? (
        <label className="draw-toolbar__radius">
          {t('areas.toolbar.radius')}{' '}
          <input
            type="number"
            min={0.1}
            max={100}
            step={0.5}
            value={draw.radiusKm}
            aria-label={t('areas.toolbar.radiusLabel')}
            onChange={(e) => draw.setRadiusKm(Math.min(100, Math.max(0.1, Number(e.target.value) || 0.1)))}
          />{' '}
          {t('areas.toolbar.km')}
        </label>
      ) : null}
      <button type="button" className="draw-toolbar__button" onClick={draw.undo} disabled={!draw.canUndo} title={t('areas.toolbar.undoHint')}>
        {t('areas.toolbar.undo')}
      </button>
      <button type="button" className="draw-toolbar__button" onClick={draw.clear} disabled={!draw.area} title={t('areas.toolbar.deleteHint')}>
        {t('areas.toolbar.delete')}
      </button>
    </div>
  )
}
