import type { DataSource } from 'typeorm';
import { optionalText, requireRole, requiredText, type Actor } from '@platform/domain-kit';
import { requireActiveMember } from '../domain/team-member';
import type { ClientEntity } from '../entities/client.entity';
import type { SalesEvents } from '../events/sales.publisher';
import { SalesRepository } from '../repositories/sales.repository';
import { TeamMemberRepository } from '../repositories/team-member.repository';

export interface CreateClientInput {
  name: string;
  industry?: string | null;
  accountManagerId?: string | null;
}

export class ClientCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: SalesEvents,
  ) {}

  /** SALES/ADMIN. The client and its ClientCreated event commit together. */
  async create(actor: Actor, input: CreateClientInput): Promise<ClientEntity> {
    requireRole(actor, 'SALES');
    const name = requiredText(input.name, 'input.name');
    const industry = optionalText(input.industry, 'input.industry');
    const accountManagerId = input.accountManagerId ?? null;
    return this.dataSource.transaction(async (manager) => {
      if (accountManagerId !== null) {
        const member = await new TeamMemberRepository(manager).byId(accountManagerId);
        requireActiveMember(member, accountManagerId, 'input.accountManagerId');
      }
      const client = await new SalesRepository(manager).insertClient({
        name,
        industry,
        accountManagerId,
        createdAt: new Date(),
      });
      await this.events.clientCreated(manager, client);
      return client;
    });
  }
}
