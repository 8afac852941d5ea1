import { Column, Entity, PrimaryColumn } from 'typeorm';

export const HANDOFF_ITEM_KINDS = [
  'OWNER_ASSIGNED',
  'BRD_SIGNED_OFF',
  'SOW_SIGNED_OFF',
  'PLAN_DEFINED',
  'KICKOFF_HELD',
] as const;
export type HandoffItemKind = (typeof HANDOFF_ITEM_KINDS)[number];

/**
 * A handoff fact and the time it first happened. Keyed by engagement id without a foreign key:
 * a delivery event may arrive before the ContractSigned that opens the engagement.
 */
@Entity({ name: 'handoff_facts' })
export class HandoffFactEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: HandoffItemKind;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
