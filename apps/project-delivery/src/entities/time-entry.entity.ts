import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'time_entry' })
export class TimeEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId!: string;

  @Column({ type: 'uuid', name: 'project_id' })
  projectId!: string;

  @Column({ type: 'date', name: 'entry_date' })
  date!: string;

  @Column({ type: 'integer' })
  minutes!: number;

  @Column({ type: 'boolean' })
  billable!: boolean;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
