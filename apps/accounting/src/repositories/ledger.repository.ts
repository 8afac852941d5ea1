import type { EntityManager } from 'typeorm';
import { utcDate } from '@platform/domain-kit';
import type { EventPayload } from '@platform/events';
import { optionalRoleKey } from '../domain/role-rates';

// The ledger of each engagement (what sales and engagement say about it) and the names of
// clients and members, as accounting projects them.

/** Opens (or, on a re-published EngagementOpened, refreshes) the ledger. */
export async function upsertLedger(
  manager: EntityManager,
  p: EventPayload<'EngagementOpened'>,
): Promise<void> {
  await manager.query(
    `INSERT INTO engagement_ledgers (engagement_id, contract_id, name, client_id, client_name, pricing_model, currency,
       contract_value_minor, budget_minutes, estimated_minutes, start_date, end_date, account_manager_id,
       delivery_owner_id, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
     ON CONFLICT (engagement_id) DO UPDATE SET
       contract_id = excluded.contract_id, name = excluded.name, client_id = excluded.client_id,
       client_name = excluded.client_name, pricing_model = excluded.pricing_model, currency = excluded.currency,
       contract_value_minor = excluded.contract_value_minor, budget_minutes = excluded.budget_minutes,
       estimated_minutes = excluded.estimated_minutes, start_date = excluded.start_date, end_date = excluded.end_date,
       account_manager_id = CASE WHEN engagement_ledgers.roles_assigned_at IS NULL THEN excluded.account_manager_id
                                 ELSE engagement_ledgers.account_manager_id END,
       delivery_owner_id = CASE WHEN engagement_ledgers.roles_assigned_at IS NULL THEN excluded.delivery_owner_id
                                ELSE engagement_ledgers.delivery_owner_id END,
       opened_at = excluded.opened_at,
       updated_at = greatest(engagement_ledgers.updated_at, excluded.updated_at)`,
    [
      p.engagementId,
      p.contractId,
      p.name,
      p.clientId,
      p.clientName,
      p.pricingModel,
      p.contractValue.currency,
      p.contractValue.amountMinor,
      p.budgetMinutes,
      p.estimatedMinutes,
      p.startDate,
      p.endDate,
      p.accountManagerId,
      p.deliveryOwnerId,
      new Date(p.openedAt),
    ],
  );
}

/** Later role assignments win; an older one arriving late changes nothing. */
export async function assignRoles(
  manager: EntityManager,
  p: EventPayload<'EngagementRolesAssigned'>,
): Promise<void> {
  await manager.query(
    `UPDATE engagement_ledgers SET account_manager_id = $2, delivery_owner_id = $3, roles_assigned_at = $4,
       updated_at = greatest(updated_at, $4)
     WHERE engagement_id = $1 AND (roles_assigned_at IS NULL OR roles_assigned_at <= $4)`,
    [p.engagementId, p.accountManagerId, p.deliveryOwnerId, new Date(p.assignedAt)],
  );
}

/** Records an approved change order once; false when it was recorded already. */
export async function insertChangeOrder(
  manager: EntityManager,
  p: EventPayload<'ChangeOrderApproved'>,
): Promise<boolean> {
  const approvedAt = new Date(p.approvedAt);
  const inserted = (await manager.query(
    `INSERT INTO ledger_change_orders (change_order_id, engagement_id, currency, amount_minor, minutes, approved_at, approved_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (change_order_id) DO NOTHING RETURNING change_order_id`,
    [
      p.changeOrderId,
      p.engagementId,
      p.amountDelta.currency,
      p.amountDelta.amountMinor,
      p.minutesDelta,
      approvedAt,
      utcDate(approvedAt),
    ],
  )) as unknown[];
  return inserted.length > 0;
}

/** The currency of the engagement's ledger; null while accounting has not seen it open. */
export async function ledgerCurrency(manager: EntityManager, engagementId: string): Promise<string | null> {
  const [ledger] = (await manager.query(`SELECT currency FROM engagement_ledgers WHERE engagement_id = $1`, [
    engagementId,
  ])) as Array<{ currency: string }>;
  return ledger?.currency ?? null;
}

/** The ledger's figures changed at `at` (Engagement.financials.updatedAt never goes back). */
export async function touchLedger(manager: EntityManager, engagementId: string, at: Date): Promise<void> {
  await manager.query(
    `UPDATE engagement_ledgers SET updated_at = greatest(updated_at, $2) WHERE engagement_id = $1`,
    [engagementId, at],
  );
}

export async function closeLedger(
  manager: EntityManager,
  p: EventPayload<'EngagementClosed'>,
): Promise<void> {
  await manager.query(
    `UPDATE engagement_ledgers SET closed_at = $2, updated_at = greatest(updated_at, $2) WHERE engagement_id = $1`,
    [p.engagementId, new Date(p.closedAt)],
  );
}

export async function upsertClientLabel(
  manager: EntityManager,
  p: EventPayload<'ClientCreated'>,
): Promise<void> {
  await manager.query(
    `INSERT INTO client_labels (client_id, name, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
     WHERE client_labels.updated_at <= excluded.updated_at`,
    [p.clientId, p.name, new Date(p.createdAt)],
  );
}

/**
 * Keeps a member's name and primary role (the latest TeamMemberUpserted wins). True when the
 * primary role changed: the forecasts of the member's bookings may have moved.
 */
/** The engagements accounting has opened for these contracts. */
export async function engagementsOfContracts(
  manager: EntityManager,
  contractIds: readonly string[],
): Promise<string[]> {
  if (contractIds.length === 0) return [];
  const rows = (await manager.query(
    `SELECT engagement_id FROM engagement_ledgers WHERE contract_id = ANY($1::uuid[])`,
    [contractIds.map((id) => id.toLowerCase())],
  )) as Array<{ engagement_id: string }>;
  return rows.map((r) => r.engagement_id);
}

export async function upsertMemberLabel(
  manager: EntityManager,
  p: EventPayload<'TeamMemberUpserted'>,
): Promise<boolean> {
  const rows = (await manager.query(
    `WITH held AS (SELECT primary_role_key FROM member_labels WHERE member_id = $1)
     INSERT INTO member_labels (member_id, name, primary_role_key, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (member_id) DO UPDATE SET name = excluded.name, primary_role_key = excluded.primary_role_key,
       updated_at = excluded.updated_at
     WHERE member_labels.updated_at <= excluded.updated_at
     RETURNING primary_role_key IS DISTINCT FROM (SELECT primary_role_key FROM held) AS moved`,
    [p.memberId, p.name, optionalRoleKey(p.primaryRole), new Date(p.updatedAt)],
  )) as Array<{ moved: boolean }>;
  return rows[0]?.moved ?? false;
}
