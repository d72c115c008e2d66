// The draw toolbar over the map: shapes, edit, undo, delete, and the circle's radius in km.
import type { AreaDraw, Tool } from './useAreaDraw'

const TOOLS: { id: Tool; label: string; title: string }[] = [
  { id: 'polygon', label: 'Polygon', title: 'Click the corners; click the first one (or double-click) to finish' },
  { id: 'rectangle', label: 'Rectangle', title: 'Click one corner, then the opposite one' },
  { id: 'circle', label: 'Circle', title: 'Click the centre: a circle of the radius below' },
  { id: 'pick', label: 'Pick communes', title: 'Click communes or tambons to add or remove them' },
  { id: 'edit', label: 'Edit', title: 'Click the area, then drag its vertices (or the mid-points to add one)' },
]

export function DrawToolbar({ draw }: { draw: AreaDraw }) {
  return (
    <div className="draw-toolbar" role="toolbar" aria-label="Draw an investment area">
      {TOOLS.map((t) => (
        <button
          key={t.id}
          type="button"
          className={`draw-toolbar__button${draw.tool === t.id ? ' is-active' : ''}`}
          aria-pressed={draw.tool === t.id}
          title={t.title}
          onClick={() => draw.setTool(draw.tool === t.id ? 'none' : t.id)}
        >
          {t.label}
        </button>
      ))}
      {draw.tool === 'circle' ? (
        <label className="draw-toolbar__radius">
          Radius{' '}
          <input
            type="number"
            min={0.1}
            max={100}
            step={0.5}
            value={draw.radiusKm}
            aria-label="Circle radius in km"
            onChange={(e) => draw.setRadiusKm(Math.min(100, Math.max(0.1, Number(e.target.value) || 0.1)))}
          />{' '}
          km
        </label>
      ) : null}
      <button type="button" className="draw-toolbar__button" onClick={draw.undo} disabled={!draw.canUndo} title="Undo the last change of the area">
        Undo
      </button>
      <button type="button" className="draw-toolbar__button" onClick={draw.clear} disabled={!draw.area} title="Delete the area">
        Delete
      </button>
    </div>
  )
}
