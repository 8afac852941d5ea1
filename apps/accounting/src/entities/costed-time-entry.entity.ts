import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

/**
 * COSTED: amounts at the rate in force; NO_RATE: no rate yet, costs 0; NO_ENGAGEMENT: the
 * ledger is not known yet; CURRENCY_MISMATCH: the rate's currency is not the engagement's, so
 * the entry is never summed; DELETED: a tombstone that keeps a late TimeLogged from reviving it.
 */
import type { Costing } from '../domain/costing';

/** Last known state of a delivery time entry, with its cost and bill amounts. */
@Entity({ name: 'costed_time_entries' })
export class CostedTimeEntryEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' })
  entryId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ name: 'entry_date', type: 'date' })
  entryDate!: string;

  @Column({ type: 'integer' })
  minutes!: number;

  @Column({ type: 'boolean' })
  billable!: boolean;

  @Column({ type: 'boolean' })
  deleted!: boolean;

  /** Event time of the state held; older events for the entry are ignored. */
  @Column({ name: 'state_at', type: 'timestamptz' })
  stateAt!: Date;

  @Column({ type: 'text' })
  costing!: Costing;

  @Column({ type: 'char', length: 3, nullable: true })
  currency!: string | null;

  @Column({ name: 'cost_minor', type: 'bigint', transformer: bigintColumn })
  costMinor!: bigint;

  @Column({ name: 'bill_minor', type: 'bigint', transformer: bigintColumn })
  billMinor!: bigint;

  /** The role worked under, trimmed and lower-cased; null for entries logged before roles. */
  @Column({ name: 'role_key', type: 'text', nullable: true })
  roleKey!: string | null;

  /** Billed at the member's own rate because the contract has no rate for the role. */
  @Column({ name: 'off_contract', type: 'boolean', default: false })
  offContract!: boolean;
}
