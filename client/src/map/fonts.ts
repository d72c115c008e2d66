// Bundled Noto fonts (imported as CSS in main.tsx) and the promise that they are ready to draw labels with.
// Canvas text uses whatever font is loaded at draw time, so drawing before this resolves would bake a system
// fallback into the label image for good.

export const FONT_STACKS = {
  thai: '"Noto Sans Thai", "Noto Sans", sans-serif',
  latin: '"Noto Sans", sans-serif',
} as const

const THAI = /[\u0E00-\u0E7F]/

/** Thai names need the Thai face for shaping; Vietnamese and romanised names use Noto Sans. */
export function fontStackFor(text: string): string {
  return THAI.test(text) ? FONT_STACKS.thai : FONT_STACKS.latin
}

/** Samples touching every unicode-range subset we draw with, so each subset file is fetched. */
const SAMPLES: [family: string, text: string][] = [
  ['"Noto Sans Thai"', 'เชียงใหม่ ที่ นครราชสีมา'],
  ['"Noto Sans"', 'Thái Nguyên Đắk Lắk Ăâêôơư 0123 km²'],
]
const WEIGHTS = [400, 600]

let ready: Promise<void> | null = null

export function fontsReady(): Promise<void> {
  ready ??= Promise.all(
    SAMPLES.flatMap(([family, text]) => WEIGHTS.map((w) => document.fonts.load(`${w} 16px ${family}`, text))),
  ).then(
    () => undefined,
    (err: unknown) => console.warn('chiphao: label fonts failed to load, labels use a fallback font', err),
  )
  return ready
}
