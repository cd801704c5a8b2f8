// Worker thread entry: scans the accounts it is given and posts the slice's result.
import { parentPort, workerData } from 'node:worker_threads';
import { runSlice, type SliceOptions } from './slice.js';

const { options, accounts } = workerData as { options: SliceOptions; accounts: string[] };
const result = await runSlice(options, accounts);
parentPort!.postMessage(result);
