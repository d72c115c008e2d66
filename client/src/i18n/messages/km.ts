import type { Messages } from './en'

export const km: Messages = {
  app: {
    home: 'chiphao៖ ត្រឡប់ទៅទិដ្ឋភាពទូទៅ',
    loading: 'កំពុងផ្ទុក',
    language: 'ភាសា',
    panel: 'គំនូសតាងផែនទី និងព័ត៌មានលម្អិតអំពីតំបន់',
    synthetic: 'ទិន្នន័យសាកល្បងសំយោគ៖ គ្រួសារត្រូវបានបង្កើតឡើង មិនមែនបានស្ទង់មតិទេ។',
  },
}
