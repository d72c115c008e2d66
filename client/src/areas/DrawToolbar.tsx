// The draw toolbar over the map, shown once drawing is started from the Areas section: shapes, keyboard drawing,
// edit, undo, delete, the circle's radius in km, and a close button. Keyboard drawing puts a crosshair at the map's
// centre that takes the focus: the arrow keys move the map under it, Enter or Space adds a vertex, Backspace removes
// the last, Enter on the first vertex (or Finish) closes the shape, Escape cancels; each step is announced.
import { useEffect, useRef } from 'react'
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
  const crosshair = useRef<HTMLDivElement>(null)
  const keyboardButton = useRef<HTMLButtonElement>(null)
  const drawing = draw.keyboard !== null
  const wasDrawing = useRef(false)
  useEffect(() => {
    if (drawing) crosshair.current?.focus()
    // finished or cancelled from the crosshair: the focus returns to its button instead of the page's body
    else if (wasDrawing.current && (document.activeElement === document.body || !document.activeElement)) keyboardButton.current?.focus()
    wasDrawing.current = drawing
  }, [drawing])
  if (!draw.open) return null
  return (
    <>
      <div className="draw-toolbar" role="toolbar" aria-label={t('areas.toolbar.label')}>
        {TOOLS.map((tool) => (
          <button
            key={tool.id}
            type="button"
            className={`draw-toolbar__button${draw.tool === tool.id ? ' is-active' : ''}`}
            aria-pressed={draw.tool === tool.id}
            title={t(`areas.toolbar.${tool.key}Hint`)}
            onClick={() => {
              draw.cancelKeyboard()
              draw.setTool(draw.tool === tool.id ? 'none' : tool.id)
            }}
          >
            {t(`areas.toolbar.${tool.key}`)}
          </button>
        ))}
        <button
          ref={keyboardButton}
          type="button"
          className={`draw-toolbar__button${drawing ? ' is-active' : ''}`}
          aria-pressed={drawing}
          title={t('areas.keyboard.hint')}
          onClick={() => (drawing ? draw.cancelKeyboard() : draw.startKeyboard())}
        >
          {t('areas.keyboard.button')}
        </button>
        {drawing ? (
          <button type="button" className="draw-toolbar__button" disabled={(draw.keyboard?.length ?? 0) < 3} onClick={draw.finishKeyboard}>
            {t('areas.keyboard.finish')}
          </button>
        ) : null}
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
        <button
          type="button"
          className="draw-toolbar__button draw-toolbar__close"
          aria-label={t('areas.toolbar.close')}
          title={t('areas.toolbar.close')}
          onClick={() => draw.setShown(false)}
        >
          ×
        </button>
      </div>
      {drawing ? (
        <div
          ref={crosshair}
          className="draw-crosshair"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the crosshair is the keyboard drawing surface (role application): it takes focus to receive the arrow keys
          tabIndex={0}
          role="application"
          aria-roledescription={t('areas.keyboard.role')}
          aria-label={t('areas.keyboard.instructions')}
          data-testid="draw-crosshair"
          onKeyDown={(e) => {
            if (!draw.keyboardKey(e)) return
            e.preventDefault() // Escape here cancels the drawing, not the drill-down; Space does not scroll
            e.stopPropagation()
          }}
        >
          <span className="draw-crosshair__mark" aria-hidden="true" />
        </div>
      ) : null}
      <p className="visually-hidden" aria-live="polite" data-testid="draw-news">
        {draw.news ? t(draw.news.key, draw.news.values) : ''}
      </p>
    </>
  )
}
