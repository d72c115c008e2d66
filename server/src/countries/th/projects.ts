import type { DemoProjectParams } from '../../projects/demo.ts'

/**
 * Synthetic demo projects in Thailand: budgets in THB, illustrative ranges per type (min, max) chosen to look like
 * tambon-level works; not taken from any budget document. Every project made from them is labelled synthetic.
 */
export const thProjects: DemoProjectParams = {
  currency: 'THB',
  budget: {
    road: [2e6, 30e6],
    school: [1e6, 15e6],
    health_station: [1e6, 8e6],
    clean_water: [0.5e6, 10e6],
    electricity: [0.5e6, 10e6],
    irrigation: [2e6, 25e6],
    market: [1e6, 8e6],
    other: [0.3e6, 3e6],
  },
}
