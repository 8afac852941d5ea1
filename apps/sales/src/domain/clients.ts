import type { DataSource } from 'typeorm';
import { optionalText, requireRole, requiredText, type Actor } from '@platform/domain-kit';
import type { Outbox } from '@platform/messaging';
import { ClientEntity } from '../entities/client.entity';
import { requireActiveMember } from './team-members';

export interface CreateClientInput {
  name: string;
  industry?: string | null;
  accountManagerId?: string | null;
}

export class ClientCommands {
  constructor(private readonly deps: { dataSource: DataSource; outbox: Outbox }) {}

  /** SALES/ADMIN. The client and its ClientCreated event commit together. */
  async create(identity: Actor, input: CreateClientInput): Promise<ClientEntity> {
    requireRole(identity, 'SALES');
    const name = requiredText(input.name, 'input.name');
    const industry = optionalText(input.industry, 'input.industry');
    const accountManagerId = input.accountManagerId ?? null;
    return this.deps.dataSource.transaction(async (manager) => {
      if (accountManagerId !== null)
        await requireActiveMember(manager, accountManagerId, 'input.accountManagerId');
      const client = await manager
        .getRepository(ClientEntity)
        .save(
          manager
            .getRepository(ClientEntity)
            .create({ name, industry, accountManagerId, createdAt: new Date() }),
        );
      await this.deps.outbox.publish(manager, 'ClientCreated', {
        clientId: client.id,
        name: client.name,
        industry: client.industry,
        accountManagerId: client.accountManagerId,
        createdAt: client.createdAt.toISOString(),
      });
      return client;
    });
  }
}
