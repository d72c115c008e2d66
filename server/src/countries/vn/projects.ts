import type { DemoProjectParams } from '../../projects/demo.ts'

/**
 * Synthetic demo projects in Vietnam: budgets in VND, illustrative ranges per type (min, max) chosen to look like
 * commune-level works; not taken from any budget document. Every project made from them is labelled synthetic.
 */
export const vnProjects: DemoProjectParams = {
  currency: 'VND',
  budget: {
    road: [5e9, 60e9],
    school: [3e9, 25e9],
    health_station: [2e9, 10e9],
    clean_water: [2e9, 15e9],
    electricity: [1e9, 20e9],
    irrigation: [5e9, 40e9],
    market: [2e9, 12e9],
    other: [1e9, 5e9],
  },
}
