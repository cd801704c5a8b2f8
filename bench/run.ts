#!/usr/bin/env node
// `npm run bench -- --accounts 1000 --regions 17`: human-readable figures, then one JSON line.
import { CommanderError } from 'commander';
import { runBenchmark } from './benchmark.js';
import { formatReport, jsonLine } from './report.js';
import { parseBenchOptions } from './options.js';

async function main(): Promise<void> {
  let options;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
    throw err;
  }
  if (options.processes > 0) {
    const { formatProcessesReport, runProcesses } = await import('./processes.js');
    const result = await runProcesses(options, (line) => process.stderr.write(`${line}\n`));
    for (const line of formatProcessesReport(result)) console.log(line);
    console.log(JSON.stringify(result));
    process.exit(result.status === 'succeeded' ? 0 : 1);
  }
  const started = performance.now();
  // Progress goes to stderr, so stdout stays the report and its JSON line.
  const result = await runBenchmark(options, {
    onProgress: (p) =>
      process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${p.unitsDone}/${p.unitsTotal} units, ${p.apiCalls} API calls\n`),
  });
  for (const line of formatReport(result)) console.log(line);
  console.log(jsonLine(result));
}

await main();
