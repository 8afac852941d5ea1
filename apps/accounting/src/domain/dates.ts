// Calendar dates come from the platform's one date module.
export {
  addDays,
  daysBetween,
  isCalendarDate,
  monthEnd,
  monthIndex,
  monthKey,
  monthSegments,
  monthStart,
  utcDate,
  yearStart,
  type MonthSegment,
} from '@platform/domain-kit';
