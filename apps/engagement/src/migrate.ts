import { migrateMain } from '@platform/service-kit';
import { engagementService } from './service';

migrateMain(engagementService).catch((error: Error) => {
  process.stderr.write(`migration failed: ${error.message}\n`);
  process.exit(1);
});
