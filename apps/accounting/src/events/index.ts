import type { EventHandlers } from '@platform/messaging';
import type { AccountingDeps } from '../config';
import { deliveryEventHandlers } from './delivery-events.consumer';
import { engagementEventHandlers } from './engagement-events.consumer';

export function accountingHandlers(deps: AccountingDeps): EventHandlers {
  return { ...engagementEventHandlers(deps), ...deliveryEventHandlers(deps) };
}
