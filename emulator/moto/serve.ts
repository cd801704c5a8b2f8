// Starts moto_server on loopback with an emulated organization — a management account and
// three member accounts in two regions, each with planted problems and their passing twins —
// writes the environment a scan needs to a file, and serves until interrupted.
// Nothing here reaches AWS: every request goes to the emulator on 127.0.0.1.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { FAKE_CREDENTIALS, startMoto } from './moto.js';
import { createEmulatedOrganization } from './organization.js';
import { seedCoreScenario } from './seed-core.js';
import { seedSecurityScenario } from './seed-security.js';
import { seedWasteEc2Scenario } from './seed-waste-ec2.js';
import { seedWasteElbLogsEksScenario } from './seed-waste-elb-logs-eks.js';

const { values } = parseArgs({
  options: {
    regions: { type: 'string', default: 'us-east-1,eu-west-1' },
    accounts: { type: 'string', default: '3' },
    'write-env': { type: 'string', default: '.orgscan-emulator.env' },
  },
});
const regions = values.regions.split(',');
const memberCount = Number(values.accounts);

const moto = await startMoto();
const stop = async () => {
  await moto.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  const accounts = await createEmulatedOrganization(
    moto.endpoint,
    Array.from({ length: memberCount }, (_, i) => `member-${i + 1}`),
  );
  await seedCoreScenario(moto.endpoint, accounts, regions);
  await seedSecurityScenario(moto.endpoint, accounts, regions);
  await seedWasteEc2Scenario(moto.endpoint, accounts, regions);
  await seedWasteElbLogsEksScenario(moto.endpoint, accounts, regions);
  const env = {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '2',
  };
  await writeFile(values['write-env'], Object.entries(env).map(([k, v]) => `export ${k}=${v}`).join('\n') + '\n');
  process.stdout.write(
    `emulated organization ready at ${moto.endpoint}: ${accounts.length} member accounts (${accounts.join(', ')}), ` +
      `regions ${regions.join(', ')}, a failing resource and its passing twin planted for every check\n` +
      `environment written to ${values['write-env']}; press Ctrl-C to stop the emulator\n`,
  );
} catch (err) {
  process.stderr.write(`could not seed the emulator: ${(err as Error).message}\n`);
  await moto.stop();
  process.exit(1);
}
