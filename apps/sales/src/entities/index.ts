import { CalibrationSampleEntity } from './calibration-sample.entity';
import { ClientEntity } from './client.entity';
import { ContractReviewEntity } from './contract-review.entity';
import { ContractEntity } from './contract.entity';
import { EstimateLineEntity } from './estimate-line.entity';
import { EstimateEntity } from './estimate.entity';
import { OpportunityEntity } from './opportunity.entity';
import { TeamMemberEntity } from './team-member.entity';

export {
  CalibrationSampleEntity,
  ClientEntity,
  ContractEntity,
  ContractReviewEntity,
  EstimateEntity,
  EstimateLineEntity,
  OpportunityEntity,
  TeamMemberEntity,
};

export const entities = [
  ClientEntity,
  OpportunityEntity,
  EstimateEntity,
  EstimateLineEntity,
  ContractReviewEntity,
  ContractEntity,
  TeamMemberEntity,
  CalibrationSampleEntity,
];
