import type { Command } from 'commander';

/** Registers the `orgscan token` command. Placeholder until its issue lands. */
export function register(program: Command): void {
  void program;
}
