/**
 * `npm run token -- --force <code> --role <call-handler|supervisor> [--sub <id>] [--ttl <minutes>]`
 * prints a development access token for a force's staff API, signed by the
 * development issuer that `npm start` runs. Use `npm run -s token …` inside `$( … )`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STAFF_ROLES, type StaffRole } from '../functions/domain/access/staff-access';
import { IssuerNotStartedError, mintStaffToken } from './local/dev-issuer';

const usage = 'usage: npm run token -- --force <code> --role <call-handler|supervisor> [--sub <id>] [--ttl <minutes>] [--keys <dir>]';

try {
  const { values } = parseArgs({
    options: {
      force: { type: 'string' },
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '60' },
      keys: { type: 'string', default: process.env.LOCAL_KEYS_DIR ?? resolve(import.meta.dirname, '../.local/keys') },
    },
  });
  const roles = values.role ?? [];
  if (!values.force || roles.length === 0 || roles.some((role) => !STAFF_ROLES.includes(role as StaffRole))) {
    console.error(usage);
    process.exit(2);
  }
  const ttlMinutes = Number(values.ttl);
  if (!Number.isInteger(ttlMinutes) || ttlMinutes < 1 || ttlMinutes > 24 * 60) {
    console.error('--ttl is a whole number of minutes, 1 to 1440');
    process.exit(2);
  }
  const token = await mintStaffToken({
    keyDir: values.keys,
    forceId: values.force,
    role: roles as StaffRole[],
    ...(values.sub ? { sub: values.sub } : {}),
    ttlSeconds: ttlMinutes * 60,
  });
  console.log(token);
} catch (error) {
  if (error instanceof IssuerNotStartedError || (error instanceof Error && error.message.startsWith('force ids'))) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
