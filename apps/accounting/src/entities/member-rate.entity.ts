import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@platform/db';

/** One line of a member's rate card: cost and bill rate per hour from a date on. */
@Entity({ name: 'member_rates' })
export class MemberRateEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @PrimaryColumn({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'cost_rate_minor', type: 'bigint', transformer: bigintColumn })
  costRateMinor!: bigint;

  @Column({ name: 'bill_rate_minor', type: 'bigint', transformer: bigintColumn })
  billRateMinor!: bigint;

  @Column({ name: 'set_by', type: 'uuid', nullable: true })
  setBy!: string | null;

  @Column({ name: 'set_at', type: 'timestamptz' })
  setAt!: Date;
}
