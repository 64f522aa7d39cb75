import { EnvReader } from '@pirm/domain';
import { issueToken, readTokenSettings } from './tokens';

/** `npm run token -- <personCode>`: prints a bearer token (development and demos). */
// A token minted from the shared secret bypasses the identity provider: never in production.
if (process.env.NODE_ENV === 'production') {
  console.error('npm run token is for development and tests; it refuses to run with NODE_ENV=production');
  process.exit(2);
}
const code = process.argv[2];
if (!code) {
  console.error('usage: npm run token -- <personCode>   (e.g. office-admin)');
  process.exit(2);
}
const env = new EnvReader(process.env);
const settings = readTokenSettings(env);
env.done();
console.log(issueToken(settings, code));
