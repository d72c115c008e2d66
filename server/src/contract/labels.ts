// Words the server sends in all four languages of the product, read by the client as they are: one definition
// for both sides (server/src/poverty/model.ts, client/src/api/types.ts).
export type Lang = 'en' | 'vi' | 'th' | 'km'
/** Every UI label in all four languages of the product. */
export type Labels = Record<Lang, string>
