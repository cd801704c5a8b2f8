import { Option, type Command } from 'commander';
import { createToken, ROLES, type Role } from '../../server/auth.js';
import { UsageError } from '../../scanner/validation.js';

export function register(program: Command): void {
  const token = program.command('token').description('API tokens of `orgscan serve`');
  token
    .command('create')
    .description('print a new random token and the ORGSCAN_API_TOKENS entry that admits it (the service stores only the hash)')
    .addOption(new Option('--role <role>', 'reader (GET only) or operator (may also start and cancel scans)').choices(ROLES).makeOptionMandatory())
    .option('--team <name...>', "reader only: the token sees only these teams' findings (repeatable)")
    .option('--ou <path...>', 'reader only: the token sees only findings of accounts under these OU paths, e.g. Root/Workloads (repeatable)')
    .option('--json', 'print {"token": "...", "entry": "role:sha256"}')
    .action((flags: { role: Role; json?: boolean; team?: string[]; ou?: string[] }) => {
      const scoped = (flags.team?.length ?? 0) + (flags.ou?.length ?? 0) > 0;
      if (scoped && flags.role !== 'reader') throw new UsageError('--team and --ou scope reader tokens only');
      const created = createToken(flags.role, scoped ? { teams: flags.team ?? [], ouPaths: flags.ou ?? [] } : undefined);
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
