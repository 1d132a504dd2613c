/**
 * The `parley` command: `parley serve` (default), `parley migrate`, `parley import <file>`.
 */
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';

const USAGE = `Usage: parley <command>

Commands:
  serve               start the server (default)
  migrate             apply database migrations and exit
  import <file>       import conversations from a JSON Lines file (see docs/import.md)
  help                show this help
`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { startServer } = await import('../server.js');
      await startServer();
      return -1; // keeps running
    }
    case 'migrate': {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(database.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'import': {
      const { runImportCommand } = await import('./import-command.js');
      return runImportCommand(rest);
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    console.error(
      error instanceof ConfigError ? error.message : `parley: ${error instanceof Error ? error.message : error}`,
    );
    process.exit(1);
  },
);
