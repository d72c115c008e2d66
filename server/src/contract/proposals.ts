// What an infrastructure proposal builds (infrastructure_types, sql/migrations/00005_investment.sql) and where it
// stands: the ids the server validates (server/src/areas/proposal-schema.ts) and the client offers
// (client/src/areas/); their words are in the client's messages (areas.types.*, areas.statuses.*).
export const INFRASTRUCTURE_TYPES = ['road', 'school', 'health_station', 'clean_water', 'electricity', 'irrigation', 'market', 'other'] as const
export type InfrastructureType = (typeof INFRASTRUCTURE_TYPES)[number]
export const PROPOSAL_STATUSES = ['draft', 'proposed', 'approved', 'funded', 'completed'] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]
