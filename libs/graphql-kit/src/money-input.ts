// Parsing API numbers into domain values lives in @platform/domain-kit (the domain may use it
// without knowing GraphQL); re-exported here for resolvers.
export { hoursFromMinutes, minutesFromHours, moneyFromInput, type MoneyInput } from '@platform/domain-kit';
