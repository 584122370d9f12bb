import { openAppDatabase } from '../db/connection';
import { writers } from './crash-workload';

/**
 * The crash test's child process (bundled by crash.test.ts; never part of the app). Opens the data folder's
 * database the way the app does, then writes through the app's services as fast as it can, alternating the
 * kinds of write, and prints one line per commit: `committed <kind> <id>`. The parent kills it with SIGKILL at a
 * random moment; a line printed means the commit returned, so that write must survive.
 *
 * Usage: node crash-writer.mjs <dataDir> <firstSerial>
 */
async function main(): Promise<void> {
  const [dataDir, firstSerial] = process.argv.slice(2);
  if (!dataDir || !firstSerial) throw new Error('usage: crash-writer.mjs <dataDir> <firstSerial>');
  const database = await openAppDatabase(dataDir);
  const kinds = writers();
  console.log('ready');
  for (let serial = Number(firstSerial); ; serial++) {
    const writer = kinds[serial % kinds.length]!;
    const id = await writer.write(database.db, dataDir, serial);
    process.stdout.write(`committed ${writer.kind} ${id}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
