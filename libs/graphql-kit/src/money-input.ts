// Parsing API numbers and text into domain values lives in @platform/domain-kit (the domain may
// use it without knowing GraphQL); re-exported here for resolvers.
export {
  hoursFromMinutes,
  MAX_INPUT_HOURS,
  minutesFromHours,
  moneyFromInput,
  type MoneyInput,
} from '@platform/domain-kit';
