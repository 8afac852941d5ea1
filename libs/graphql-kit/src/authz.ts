// Role checks are domain rules on plain values (an Actor or anything with roles); they live in
// @platform/domain-kit and are re-exported for the GraphQL layer.
export { canSeeFinancials, hasRole, isAdmin, requireRole } from '@platform/domain-kit';
