// Calendar dates come from the platform's one date module.
export { addDays, addDaysToInstant, overlap, startOfDay, workingDaysBetween } from '@platform/domain-kit';
