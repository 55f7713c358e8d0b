/**
 * `npm start`: the whole local system — DynamoDB Local, each configured force's
 * API (the same handler code Lambda runs) — until Ctrl-C.
 */
import { loadForceConfigs } from '../infra/force-config';
import { JavaMissingError } from './local/dynamodb-local';
import { startLocalSystem } from './local/system';

/** Every force configured under infra/forces/, each on its own port from API_PORT (3000) up. */
const LOCAL_FORCES = loadForceConfigs().map((force, index) => ({
  forceId: force.code,
  apiPort: Number(process.env.API_PORT ?? 3000) + index,
  retentionDays: force.retentionDays,
}));

try {
  const system = await startLocalSystem({ forces: LOCAL_FORCES, verbose: true, issuerPort: Number(process.env.ISSUER_PORT ?? 3099) });
  const [first] = system.forces;
  console.log('\nsafe-pathway is running locally.\n');
  console.log(`  DynamoDB Local     ${system.dynamo.endpoint}`);
  for (const force of system.forces) console.log(`  API (${force.forceId})  ${force.url}`);
  if (system.webhooks) console.log(`  Webhook receiver   ${system.webhooks.url}  (stands in for charities and enforcement integrations)`);
  for (const force of system.forces) console.log(`  Web form (${force.forceId})  ${force.url}/form`);
  console.log(`  Token issuer       ${system.issuer.baseUrl}/<force>  (OpenID Connect provider standing in for Cognito)`);
  for (const force of system.forces) console.log(`  Console (${force.forceId})  ${force.consoleUrl}`);
  console.log('\nSign in to a force\'s console as one of its staff (passwords are new at every start):\n');
  for (const user of system.issuer.users) console.log(`  ${user.forceId.padEnd(14)} ${user.username.padEnd(13)} ${user.password}  ${user.roles.join(', ')}`);
  console.log('\nSubmit a report:\n');
  console.log(
    `  curl -s -X POST ${first?.url}/reports -H 'content-type: application/json' -H "idempotency-key: $(uuidgen || date +%s%N)" \\\n` +
      `    -d '{"reporter":{"type":"victim"},"incident":{"kind":"domestic-abuse","account":"He pushed me."},"safeContact":{"channels":["none"],"devicesMayBeMonitored":"yes"}}'\n`,
  );
  console.log('Work the queue as a call handler (see README, "Call-handler API"):\n');
  console.log(`  TOKEN=$(npm run -s token -- --force ${first?.forceId} --role call-handler)`);
  console.log(`  curl -s -X POST ${first?.url}/queue/claim -H "authorization: Bearer $TOKEN"\n`);
  console.log('Press Ctrl-C to stop.\n');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
