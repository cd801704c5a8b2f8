// Worker thread entry: scans the accounts it is given, posts progress now and then, and the slice's result.
import { parentPort, workerData } from 'node:worker_threads';
import { runSlice, type SliceOptions, type SliceProgress } from './slice.js';

export type WorkerMessage = { type: 'progress'; progress: SliceProgress } | { type: 'result'; result: Awaited<ReturnType<typeof runSlice>> };

const PROGRESS_EVERY_MS = 2000;
const { options, accounts } = workerData as { options: SliceOptions; accounts: string[] };
let last = 0;
const result = await runSlice(options, accounts, (progress) => {
  const now = performance.now();
  if (now - last < PROGRESS_EVERY_MS) return;
  last = now;
  parentPort!.postMessage({ type: 'progress', progress } satisfies WorkerMessage);
});
parentPort!.postMessage({ type: 'result', result } satisfies WorkerMessage);
