import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local projection of delivery's team members (TeamMemberUpserted), for role checks and owner suggestions. */
@Entity({ name: 'team_members' })
export class TeamMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ name: 'weekly_capacity_minutes', type: 'integer' })
  weeklyCapacityMinutes!: number;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
