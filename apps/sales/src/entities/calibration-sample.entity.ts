import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One closed engagement's estimated and actual minutes for one role (EngagementActualsRecorded). */
@Entity({ name: 'calibration_samples' })
export class CalibrationSampleEntity {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  /** The role trimmed and lower-cased, as roles compare. */
  @PrimaryColumn({ name: 'role_key', type: 'text' })
  roleKey!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'estimated_minutes', type: 'integer' })
  estimatedMinutes!: number;

  @Column({ name: 'actual_minutes', type: 'integer' })
  actualMinutes!: number;

  @Column({ name: 'closed_at', type: 'timestamptz' })
  closedAt!: Date;
}
