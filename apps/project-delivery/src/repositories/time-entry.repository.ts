import type { EntityManager } from 'typeorm';
import { isUuid } from '@platform/domain-kit';
import { TimeEntryEntity } from '../entities/time-entry.entity';

/** Time entries inside the caller's transaction. */
export class TimeEntryRepository {
  constructor(private readonly manager: EntityManager) {}

  find(id: string): Promise<TimeEntryEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager.getRepository(TimeEntryEntity).findOne({ where: { id } });
  }

  /** Reads an entry and holds its row lock until the transaction ends (null when absent). */
  lock(id: string): Promise<TimeEntryEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager
      .getRepository(TimeEntryEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Minutes a member has logged on a date, leaving out one entry (the one being corrected). */
  async minutesOnDay(memberId: string, date: string, exceptEntryId: string | null = null): Promise<number> {
    const query = this.manager
      .getRepository(TimeEntryEntity)
      .createQueryBuilder('t')
      .select('COALESCE(SUM(t.minutes), 0)::int', 'total')
      .where('t.member_id = :memberId AND t.entry_date = :date', { memberId, date });
    if (exceptEntryId !== null) query.andWhere('t.id <> :exceptEntryId', { exceptEntryId });
    const row = await query.getRawOne<{ total: number }>();
    return Number(row?.total ?? 0);
  }

  /**
   * The role an entry was worked under (ARCHITECTURE.md, "Rate cards and honest estimates"): the
   * role of the member's allocation on that project covering the date (the latest one set), else
   * the member's primary role; null when neither names one.
   */
  async roleWorkedUnder(memberId: string, projectId: string, date: string): Promise<string | null> {
    const [row] = (await this.manager.query(
      `SELECT coalesce(
         (SELECT a.role FROM allocation a
           WHERE a.member_id = $1 AND a.project_id = $2 AND a.from_date <= $3 AND a.to_date >= $3 AND a.role IS NOT NULL
           ORDER BY a.created_at DESC, a.id DESC LIMIT 1),
         (SELECT m.primary_role FROM team_member m WHERE m.id = $1)) AS role`,
      [memberId, projectId, date],
    )) as Array<{ role: string | null }>;
    return row?.role ?? null;
  }

  async insert(entry: TimeEntryEntity): Promise<void> {
    await this.manager.getRepository(TimeEntryEntity).insert(entry);
  }

  async save(entry: TimeEntryEntity): Promise<void> {
    await this.manager.getRepository(TimeEntryEntity).save(entry);
  }

  async delete(id: string): Promise<void> {
    await this.manager.getRepository(TimeEntryEntity).delete(id);
  }
}
