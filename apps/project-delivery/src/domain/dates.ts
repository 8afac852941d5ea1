// Calendar dates come from the platform's one date module.
export { addDays, daysBetween, fromEpochDay, toEpochDay, todayUtc, weekday } from '@platform/domain-kit';
