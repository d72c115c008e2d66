// Place search in the top bar: an ARIA 1.2 combobox (input + listbox, aria-activedescendant). Typing is debounced;
// ArrowDown/ArrowUp move through the results, Enter picks, Escape closes the list (then clears the text).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchSearch } from '../api/client'
import type { SearchResult } from '../api/types'
import { nativeLang } from '../countries/packs'
import { levelSingular } from '../i18n/labels'
import { secondaryText } from '../map/labels'
import { FormerTag } from './FormerTag'
import './SearchBox.css'

export const SEARCH_BOX = {
  debounceMs: 200 /* after the last keystroke: one request per pause, not per letter */,
  limit: 8 /* results shown; the server ranks exact and prefix matches first */,
}

interface Props {
  onChoose(result: SearchResult): void
}

/** 'pending': typed, results not yet asked for; Enter never picks a result of an older text. */
type Status = 'idle' | 'pending' | 'loading' | 'done' | 'error'

export function SearchBox({ onChoose }: Props) {
  const { t, i18n } = useTranslation()
  const id = useId()
  const listId = `${id}-list`
  const [text, setText] = useState('')
  const [results, setResults] = useState<SearchResult[]>([])
  const [status, setStatus] = useState<Status>('idle')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const input = useRef<HTMLInputElement>(null)
  /** Enter pressed before the results of the text arrived: take the best one when they do. */
  const pickOnArrival = useRef(false)

  useEffect(() => {
    const q = text.trim()
    if (!q) {
      setResults([])
      setStatus('idle')
      return
    }
    const request = new AbortController()
    const timer = setTimeout(() => {
      setStatus('loading')
      fetchSearch(q, SEARCH_BOX.limit, request.signal).then(
        (r) => {
          setResults(r)
          setActive(-1)
          setStatus('done')
          if (pickOnArrival.current && r[0]) chooseRef.current(r[0])
          pickOnArrival.current = false
        },
        () => !request.signal.aborted && setStatus('error'),
      )
    }, SEARCH_BOX.debounceMs)
    return () => {
      clearTimeout(timer)
      request.abort()
    }
  }, [text])

  const choose = (r: SearchResult) => {
    pickOnArrival.current = false
    setText(r.name_en || r.name)
    setStatus('idle')
    setOpen(false)
    setActive(-1)
    onChoose(r)
  }
  const chooseRef = useRef(choose)
  chooseRef.current = choose

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = results.length
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      if (!open) setOpen(true)
      if (n === 0) return
      const step = e.key === 'ArrowDown' ? 1 : -1
      setActive((i) => (i < 0 ? (step > 0 ? 0 : n - 1) : (i + step + n) % n))
    } else if (e.key === 'Enter') {
      const pick = results[active >= 0 ? active : 0]
      if (status === 'pending' || status === 'loading') {
        e.preventDefault()
        pickOnArrival.current = true
      } else if (open && pick && status === 'done') {
        e.preventDefault()
        choose(pick)
      }
    } else if (e.key === 'Escape') {
      e.preventDefault() // not "up one level": Escape belongs to the search box here
      if (open) setOpen(false)
      else setText('')
      setActive(-1)
    }
  }

  const expanded = open && text.trim().length > 0 && (results.length > 0 || status === 'done')
  const announce =
    status === 'loading' || status === 'pending' ? '' :
    status === 'error' ? t('search.failed') :
    status === 'done' ? (results.length ? t('search.found', { count: results.length, n: results.length }) : t('search.none')) : ''

  return (
    <div className="search">
      <label htmlFor={`${id}-input`} className="visually-hidden">
        {t('search.label')}
      </label>
      <svg className="search__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M10 10l4 4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <input
        ref={input}
        id={`${id}-input`}
        className="search__input"
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('search.placeholder')}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
        value={text}
        onChange={(e) => {
          pickOnArrival.current = false
          setText(e.target.value)
          setStatus(e.target.value.trim() ? 'pending' : 'idle')
          setOpen(true)
        }}
        onKeyDown={onKeyDown}
        onFocus={() => text && setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={t('search.places')} className="search__list" hidden={!expanded}>
        {results.map((r, i) => (
          <li
            key={r.code}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className="search__option"
            data-code={r.code}
            // keep focus in the input, so the click is the only thing that happens
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(r)}
          >
            <span className="search__name">
              <span lang={nativeLang(r.country)}>{r.name}</span>
              {secondaryText(r.name, r.name_en) ? <span className="search__roman"> {r.name_en}</span> : null}
              {r.vintage_labels ? <FormerTag labels={r.vintage_labels} approximate={r.approximate} /> : null}
            </span>
            <span className="search__context">
              {i18n.language === 'en' ? r.level_name : levelSingular({ key: r.level_key, name: r.level_name })}
              {r.context_en ? `, ${r.context_en}` : ''}
            </span>
          </li>
        ))}
        {status === 'done' && results.length === 0 ? (
          <li className="search__empty" role="presentation">
            {t('search.noneNamed', { text: text.trim() })}
          </li>
        ) : null}
      </ul>
      <span className="visually-hidden" role="status" aria-live="polite">
        {open ? announce : ''}
      </span>
    </div>
  )
}
