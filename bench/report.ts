// The benchmark's human-readable report; the JSON line follows it.
import { CORES, type BenchResult } from './benchmark.js';

export function formatReport(r: BenchResult): string[] {
  const lb = r.lowerBound;
  const top = Object.entries(r.byOperation)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 6)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  return [
    `orgscan benchmark: ${r.accounts} accounts x ${r.regions} regions = ${r.units} units, ${r.latencyMs} ms latency, ${r.workers} worker thread(s) on ${CORES} core(s)`,
    `wall time          ${r.wallSeconds.toFixed(2)} s`,
    `API calls          ${r.apiCalls} (${r.callsPerSecond} calls/s); most: ${top}`,
    `throttled          ${r.throttled} answers, ${r.retries} retries`,
    `failed units       ${r.failedUnits}${Object.keys(r.errorCodes).length ? ` (errors: ${JSON.stringify(r.errorCodes)})` : ''}`,
    `findings           ${r.findings} (PASS ${r.findingsByStatus.PASS}, FAIL ${r.findingsByStatus.FAIL}, ERROR ${r.findingsByStatus.ERROR})`,
    `peak RSS           ${r.peakRssMb} MB; CPU ${r.cpuSeconds} s (${Math.round((r.cpuSeconds / r.wallSeconds / CORES) * 100)}% of ${CORES} cores)`,
    `lower bound        ${lb.seconds.toFixed(2)} s = max(dependent chain ${lb.chainCalls} calls x ${r.latencyMs} ms = ${lb.chainSeconds.toFixed(2)} s, ` +
      `throttling ${lb.throttleSeconds.toFixed(2)} s${lb.throttleBucket ? ` in ${lb.throttleBucket}` : ''})`,
    `ratio to bound     ${r.ratioToLowerBound}x (for reference: calls x latency / requests in flight = ${lb.concurrencySeconds.toFixed(2)} s)`,
  ];
}

/** The last line: one JSON object for scripts (per-operation counts left out). */
export function jsonLine(r: BenchResult): string {
  const { byOperation: _ops, ...json } = r;
  return JSON.stringify(json);
}
