// English messages: the source of every key. Other languages are checked against this shape (type Messages).
export const en = {
  app: {
    home: 'chiphao: back to the overview',
    loading: 'Loading',
    language: 'Language',
    panel: 'Map legend and unit details',
    synthetic: 'Synthetic demo data: households are generated, not surveyed.',
  },
}

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> }
export type Messages = Shape<typeof en>
