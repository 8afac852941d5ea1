import DataLoader from 'dataloader';
import { groupedLoader, keyedLoader } from '@platform/graphql-kit';
import type {
  BudgetAlertEntity,
  ChangeOrderEntity,
  EngagementEntity,
  HandoffFactEntity,
  MarginAlertEntity,
  PostImplementationReviewEntity,
  RiskSignalEntity,
  StatusReportEntity,
} from '../entities';
import type { EngagementRepository, MilestoneDue } from '../repositories/engagement.repository';

export interface EngagementLoaders {
  engagementById: DataLoader<string, EngagementEntity | null>;
  engagementByContractId: DataLoader<string, EngagementEntity | null>;
  engagementsByClientId: DataLoader<string, EngagementEntity[]>;
  engagementsByMemberId: DataLoader<string, EngagementEntity[]>;
  handoffFactsByEngagementId: DataLoader<string, HandoffFactEntity[]>;
  changeOrdersByEngagementId: DataLoader<string, ChangeOrderEntity[]>;
  reviewByEngagementId: DataLoader<string, PostImplementationReviewEntity | null>;
  marginAlertByEngagementId: DataLoader<string, MarginAlertEntity | null>;
  riskSignalsByEngagementId: DataLoader<string, RiskSignalEntity[]>;
  milestonesByEngagementId: DataLoader<string, MilestoneDue[]>;
  budgetAlertsByEngagementId: DataLoader<string, BudgetAlertEntity[]>;
  statusReportsByEngagementId: DataLoader<string, StatusReportEntity[]>;
}

/** Per-request loaders: one SQL statement per kind of lookup, whatever the number of parents. */
export function createEngagementLoaders(repository: EngagementRepository): EngagementLoaders {
  return {
    engagementById: keyedLoader(
      (ids) => repository.byIds(ids),
      (e) => e.id,
    ),
    engagementByContractId: keyedLoader(
      (ids) => repository.byContractIds(ids),
      (e) => e.contractId,
    ),
    engagementsByClientId: groupedLoader(
      (ids) => repository.byClientIds(ids),
      (e) => e.clientId,
    ),
    // An engagement belongs to both its delivery owner and its account manager.
    engagementsByMemberId: new DataLoader<string, EngagementEntity[]>(async (memberIds) => {
      const rows = await repository.byMemberIds(memberIds);
      return memberIds.map((id) => rows.filter((e) => e.deliveryOwnerId === id || e.accountManagerId === id));
    }),
    handoffFactsByEngagementId: groupedLoader(
      (ids) => repository.handoffFacts(ids),
      (f) => f.engagementId,
    ),
    changeOrdersByEngagementId: groupedLoader(
      (ids) => repository.changeOrdersOf(ids),
      (c) => c.engagementId,
    ),
    reviewByEngagementId: keyedLoader(
      (ids) => repository.reviewsOf(ids),
      (r) => r.engagementId,
    ),
    marginAlertByEngagementId: keyedLoader(
      (ids) => repository.marginAlertsOf(ids),
      (a) => a.engagementId,
    ),
    riskSignalsByEngagementId: groupedLoader(
      (ids) => repository.riskSignalsOf(ids),
      (s) => s.engagementId,
    ),
    milestonesByEngagementId: groupedLoader(
      (ids) => repository.milestonesOf(ids),
      (m) => m.engagementId,
    ),
    statusReportsByEngagementId: groupedLoader(
      (ids) => repository.statusReportsOf(ids),
      (r) => r.engagementId,
    ),
    budgetAlertsByEngagementId: groupedLoader(
      (ids) => repository.budgetAlertsOf(ids),
      (a) => a.engagementId,
    ),
  };
}
