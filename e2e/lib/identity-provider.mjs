// Starts a real OpenID Connect provider (no.nav.security:mock-oauth2-server, through the server's
// test class io.tandem.server.testing.OidcProvider) from the jars Maven fetched for the server's
// tests: modules/server/target/test-classpath.txt lists them. Its login page lets whoever signs in
// type the subject and the claims of their tokens.
import { spawn } from 'node:child_process';
import { readFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { join, dirname, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts } from './node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = join(root, 'modules/server/target');

export const CLIENT = { id: 'tandem-console', secret: 'tandem-console-secret' };
export const ISSUER_ID = 'tandem-idp';

export async function startIdentityProvider() {
  const classpath = [join(target, 'test-classes'), readFileSync(join(target, 'test-classpath.txt'), 'utf8').trim()].join(delimiter);
  mkdirSync(artifacts, { recursive: true });
  // standard input stays open: the provider stops by itself when this test process goes away
  const child = spawn('java', ['-cp', classpath, 'io.tandem.server.testing.OidcProvider'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = createWriteStream(join(artifacts, `identity-provider-${child.pid}.log`));
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const baseUrl = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const ready = /^ready (\S+)$/m.exec(seen);
      if (ready) resolve(ready[1].replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`the identity provider exited (${code}) before it was ready; see ${log.path}`)));
  });
  return {
    /** The issuer URL of one issuer id, as in its tokens. */
    issuer: (id = ISSUER_ID) => `${baseUrl}/${id}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The node's environment for single sign-on with this provider. */
export function ssoEnv(provider, extra = {}) {
  return {
    TANDEM_AUTH_SSO_ISSUER: provider.issuer(),
    TANDEM_AUTH_SSO_PROVIDER_NAME: 'Example IdP',
    TANDEM_AUTH_SSO_CLIENT_ID: CLIENT.id,
    TANDEM_AUTH_SSO_CLIENT_SECRET: CLIENT.secret,
    TANDEM_AUTH_SSO_ADMIN_GROUP: 'tandem-admins',
    TANDEM_AUTH_SSO_PROJECTS_CLAIM: 'tandem_projects',
    ...extra,
  };
}

/** On the provider's login page (where the console's "Sign in with …" leads): signs in as `subject` with these claims. */
export async function signInAtProvider(page, subject, claims) {
  await page.waitForSelector('input[name="username"]');
  await page.fill('input[name="username"]', subject);
  await page.fill('textarea[name="claims"]', JSON.stringify(claims));
  await page.click('input[type="submit"]');
}
