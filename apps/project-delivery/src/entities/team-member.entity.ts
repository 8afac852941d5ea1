import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@platform/graphql-kit';

@Entity({ name: 'team_member' })
export class TeamMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ type: 'integer', name: 'weekly_capacity_minutes' })
  weeklyCapacityMinutes!: number;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  /** The role the member works under where no allocation names one (ADMIN sets it). */
  @Column({ name: 'primary_role', type: 'text', nullable: true })
  primaryRole!: string | null;
}
