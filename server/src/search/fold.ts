/**
 * Folding of place names for search: "Thái Nguyên", "THAI NGUYEN" and "thai  nguyen" all fold to "thai nguyen".
 *
 * - NFD splits Latin letters from their diacritics; the marks of the Combining Diacritical Marks blocks
 *   (U+0300–036F, U+1AB0–1AFF, U+1DC0–1DFF, U+20D0–20FF, U+FE20–FE2F) are dropped. Vietnamese tones and vowel
 *   marks (grave, acute, tilde, hook above, dot below, circumflex, breve, horn) all live in U+0300–036F.
 * - đ/Đ is a letter of its own, not d plus a mark, so it is mapped to d by hand.
 * - Thai vowel signs and tone marks are combining marks too, but in the Thai block (U+0E00–0E7F): they are kept,
 *   so Thai matches as typed (only NFC-normalised, which Thai keyboards produce anyway).
 * - Case-folded with toLowerCase; hyphens, apostrophes, dots, commas and runs of white space become one space.
 */
const LATIN_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g
const SEPARATORS = /[\s\-‐‑–—'’.,()/]+/g

export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(LATIN_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .normalize('NFC')
    .toLowerCase()
    .replace(SEPARATORS, ' ')
    .trim()
}
