import type { DataSource } from 'typeorm';
import type { Outbox } from '@platform/messaging';

/** What the domain services write through: the database and the transactional outbox. */
export interface DeliveryPorts {
  dataSource: DataSource;
  outbox: Outbox;
}
