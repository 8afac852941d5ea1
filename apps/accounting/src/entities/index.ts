import { CostedTimeEntryEntity } from './costed-time-entry.entity';
import { EngagementLedgerEntity } from './engagement-ledger.entity';
import { InvoiceEntity } from './invoice.entity';
import { ClientLabelEntity, MemberLabelEntity } from './labels.entity';
import { LedgerChangeOrderEntity } from './ledger-change-order.entity';
import { MarginAlertEntity } from './margin-alert.entity';
import { MemberRateEntity } from './member-rate.entity';
import { TimeRollupDailyEntity, TimeRollupMonthlyEntity, TimeRollupYearlyEntity } from './time-rollup.entity';

export * from './costed-time-entry.entity';
export * from './engagement-ledger.entity';
export * from './invoice.entity';
export * from './labels.entity';
export * from './ledger-change-order.entity';
export * from './margin-alert.entity';
export * from './member-rate.entity';
export * from './time-rollup.entity';

export const entities = [
  MemberRateEntity,
  EngagementLedgerEntity,
  LedgerChangeOrderEntity,
  ClientLabelEntity,
  MemberLabelEntity,
  CostedTimeEntryEntity,
  TimeRollupDailyEntity,
  TimeRollupMonthlyEntity,
  TimeRollupYearlyEntity,
  InvoiceEntity,
  MarginAlertEntity,
];
