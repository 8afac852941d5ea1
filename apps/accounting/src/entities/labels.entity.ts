import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Client names for report labels (ClientCreated). */
@Entity({ name: 'client_labels' })
export class ClientLabelEntity {
  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Team member names for report labels (TeamMemberUpserted). */
@Entity({ name: 'member_labels' })
export class MemberLabelEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The role the member works under where no allocation names one (as roleKey()); null: none. */
  @Column({ name: 'primary_role_key', type: 'text', nullable: true })
  primaryRoleKey!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
