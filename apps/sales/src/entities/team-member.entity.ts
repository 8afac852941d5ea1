import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Local projection of delivery's team members (TeamMemberUpserted), so sales can check a
 * reference such as an account manager without calling another service.
 */
@Entity({ name: 'team_members' })
export class TeamMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
