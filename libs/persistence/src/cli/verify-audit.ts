import { createDataSource } from '../data-source';
import { verifyAuditChain } from '../audit.repository';

/** `npm run audit:verify -- <chain>`: recomputes a chain (a campaign id or "district") and reports the first broken link. */
async function main(): Promise<void> {
  const chain = process.argv[2];
  const url = process.env.DATABASE_URL;
  if (!chain) throw new Error('usage: npm run audit:verify -- <campaignId|district>');
  if (!url) throw new Error('DATABASE_URL is not set (and no running `npm start` was found)');
  const ds = createDataSource({ url, applicationName: 'pirm-audit-verify', poolSize: 1 });
  await ds.initialize();
  try {
    const { records, broken } = await verifyAuditChain(ds, chain);
    if (broken) {
      console.error(`chain ${chain}: BROKEN at record ${broken.seq} (${broken.reason}); ${records} records`);
      process.exitCode = 1;
    } else {
      console.log(`chain ${chain}: intact, ${records} records`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
