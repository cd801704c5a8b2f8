#!/usr/bin/env node
// CDK entry point: `npx cdk synth` / `npx cdk deploy` (cdk.json runs the compiled dist/infra/app.js).
import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.js';
import { SettingsError } from './settings.js';

try {
  const app = new App();
  buildApp(app);
  app.synth();
} catch (err) {
  if (err instanceof SettingsError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
