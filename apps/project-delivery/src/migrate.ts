import { migrateMain } from '@platform/service-kit';
import { projectDeliveryService } from './service';

migrateMain(projectDeliveryService).catch((error: Error) => {
  process.stderr.write(`migration failed: ${error.message}\n`);
  process.exit(1);
});
