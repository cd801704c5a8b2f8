#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { register as registerScan } from './commands/scan.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerToken } from './commands/token.js';
import { register as registerReport } from './commands/report.js';
import { register as registerDemo } from './commands/demo.js';
import { register as registerChecks } from './commands/checks.js';
import { exitWithError } from './errors.js';

const program = new Command('orgscan')
  .description('Live compliance and waste scanner for AWS Organizations')
  .version(process.env.npm_package_version ?? '0.1.0')
  .showHelpAfterError()
  // Usage errors exit 2; commander's own errors are routed through exitOverride.
  .exitOverride();

for (const register of [registerScan, registerServe, registerToken, registerReport, registerDemo, registerChecks]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  exitWithError(err);
}
