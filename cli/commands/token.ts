import { Option, type Command } from 'commander';
import { createToken, ROLES, type Role } from '../../server/auth.js';

export function register(program: Command): void {
  const token = program.command('token').description('API tokens of `orgscan serve`');
  token
    .command('create')
    .description('print a new random token and the ORGSCAN_API_TOKENS entry that admits it (the service stores only the hash)')
    .addOption(new Option('--role <role>', 'reader (GET only) or operator (may also start and cancel scans)').choices(ROLES).makeOptionMandatory())
    .option('--json', 'print {"token": "...", "entry": "role:sha256"}')
    .action((flags: { role: Role; json?: boolean }) => {
      const created = createToken(flags.role);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(created)}\n`);
        return;
      }
      process.stdout.write(
        `token: ${created.token}\n` +
          `entry: ${created.entry}\n\n` +
          'Give the token to its user (send it as "Authorization: Bearer <token>"); it is shown only once.\n' +
          'Add the entry to ORGSCAN_API_TOKENS (comma-separated) or to the ORGSCAN_API_TOKENS_FILE of the service.\n',
      );
    });
}
