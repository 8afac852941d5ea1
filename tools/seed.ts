/**
 * Demo data (libs/seed `seedDemo`), loaded through the gateway exactly as a user would, so every
 * event flows. Run by `npm start` once; it does nothing when team members exist.
 *   GATEWAY_URL=http://127.0.0.1:4000/graphql npx tsx tools/seed.ts
 */
import { gatewayTarget, seedDemo } from '@platform/seed';

async function main(): Promise<void> {
  const summary = await seedDemo(gatewayTarget(process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql'));
  if (!summary) {
    process.stdout.write('[seed] demo data already present\n');
    return;
  }
  process.stdout.write(
    `[seed] ${summary.members} team members, ${summary.clients} clients, ${summary.opportunities} opportunities, ` +
      `${summary.engagements} engagements (${summary.closed} closed), ${summary.timeEntries} time entries in ${summary.seconds.toFixed(1)} s ` +
      `(team ${summary.phases.team} s, closed engagements ${summary.phases.closed} s, the rest ${summary.phases.open} s)\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`[seed] failed: ${error.message}\n`);
  process.exit(1);
});
