import { migrateMain } from '@platform/service-kit';
import { accountingService } from './service';

migrateMain(accountingService).catch((error: Error) => {
  process.stderr.write(`migration failed: ${error.message}\n`);
  process.exit(1);
});
