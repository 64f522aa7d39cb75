import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { Role, defaultCalendar } from '@pirm/domain';
import { RoleAssignmentEntity, generateDistrictRows, toCsv, upsertCampaignProjection } from '@pirm/persistence';
import { TokenVerifier, issueToken } from '../../apps/gateway/src/tokens';
import { campaignYear } from '../support/campaign';
import { TestStack } from '../support/gateway';
import { until } from '../support/wait';

const root = join(__dirname, '../..');
const SECRET = randomBytes(32).toString('hex');
const SETTINGS = { jwtSecret: SECRET, issuer: 'pirm', audience: 'pirm-gateway', maxLifetimeSeconds: 12 * 3600 };
const tok = (code: string) => issueToken(SETTINGS, code);
const ME = '{ me { code } }';

/** Issue 13 (points 3, 5, 7, 8, 9): what an attacker found at the gateway's process level, over real HTTP. */
describe('issue 13: the gateway process holds against an attacker with and without tokens', () => {
  const stack = new TestStack();
  let admin: string;

  beforeAll(async () => {
    await stack.start({ AUTH_JWT_SECRET: SECRET });
    await stack.person('office-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    await stack.person('teacher-x');
    admin = tok('office-admin');
  });
  afterAll(() => stack.stop());

  const post = (body: string, token?: string) =>
    fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  const padded = (bytes: number) => JSON.stringify({ query: ME, variables: { pad: 'x'.repeat(bytes) } });
  const meAs = async (token: string) =>
    (await stack.graphql<{ me: { code: string } }>(ME, {}, token)).errors?.[0]?.extensions?.code ?? 'OK';

  it('issue 13.5 a body over 256 KB is refused unread unless its bearer is a district office administrator, who may send up to 16 MB', async () => {
    const big = padded(300 * 1024);
    expect((await post(big)).status).toBe(413);
    expect((await post(big, tok('teacher-x'))).status).toBe(413);
    expect((await post(big, 'not-a-token')).status).toBe(413);
    expect(
      (
        await post(
          big,
          sign({}, 'y'.repeat(32), {
            subject: 'office-admin',
            issuer: 'pirm',
            audience: 'pirm-gateway',
            expiresIn: 600,
          }),
        )
      ).status,
    ).toBe(413);
    const asOffice = await post(padded(4 * 1024 * 1024), admin);
    expect(asOffice.status).toBe(200);
    expect(await asOffice.json()).toEqual({ data: { me: { code: 'office-admin' } } });
    // Small bodies are read as before, with or without a token.
    expect((await post(padded(100 * 1024), tok('teacher-x'))).status).toBe(200);
  });

  it('issue 13.7 a token without exp, or living longer than the maximum (12 h by default), is refused', async () => {
    const claims = { subject: 'teacher-x', issuer: 'pirm', audience: 'pirm-gateway', algorithm: 'HS256' } as const;
    expect(await meAs(tok('teacher-x'))).toBe('OK');
    expect(await meAs(sign({}, SECRET, claims))).toBe('UNAUTHENTICATED');
    expect(await meAs(sign({}, SECRET, { ...claims, expiresIn: '100y' }))).toBe('UNAUTHENTICATED');
    expect(await meAs(sign({}, SECRET, { ...claims, expiresIn: '13h' }))).toBe('UNAUTHENTICATED');
    // Issued long ago with an exp near now: its lifetime, not what is left of it, counts.
    const now = Math.floor(Date.now() / 1000);
    expect(await meAs(sign({ iat: now - 30 * 86400, exp: now + 3600 }, SECRET, claims))).toBe('UNAUTHENTICATED');
    expect(await meAs(sign({}, SECRET, { ...claims, expiresIn: '11h' }))).toBe('OK');
    // The maximum is configurable (AUTH_TOKEN_MAX_LIFETIME_SECONDS).
    const hourly = new TokenVerifier({ ...SETTINGS, maxLifetimeSeconds: 3600 });
    expect(await hourly.verify(issueToken(SETTINGS, 'teacher-x', 1800))).toBe('teacher-x');
    expect(await hourly.verify(issueToken(SETTINGS, 'teacher-x', 7200))).toBeUndefined();
  });

  it('issue 13.7 the development token command refuses to run with NODE_ENV=production', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pirm-token-'));
    const env = { ...process.env, AUTH_JWT_SECRET: SECRET, PIRM_DATA_DIR: dataDir };
    for (const script of ['apps/gateway/dist/tokens-cli.js', 'infra/token.mjs']) {
      const refused = spawnSync(process.execPath, [join(root, script), 'office-admin'], {
        env: { ...env, NODE_ENV: 'production', AUTH_JWT_SECRET: '' },
        encoding: 'utf8',
      });
      expect({ script, status: refused.status, stdout: refused.stdout }).toEqual({ script, status: 2, stdout: '' });
      expect(refused.stderr).toContain('refuses to run with NODE_ENV=production');
    }
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
    const dev = spawnSync(process.execPath, [join(root, 'apps/gateway/dist/tokens-cli.js'), 'office-admin'], {
      env: { ...env, NODE_ENV: 'development' },
      encoding: 'utf8',
    });
    expect(dev.status).toBe(0);
    expect(dev.stdout.trim().split('.')).toHaveLength(3);
  });

  it('issue 13.9 every answer carries the security headers (helmet): no X-Powered-By, nosniff, a strict CSP, no framing, no referrer', async () => {
    for (const res of [
      await post(JSON.stringify({ query: ME }), admin),
      await fetch(`${stack.url}/health`),
      await post('{not json'),
    ]) {
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      );
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('issue 13.8 export files never touch a disk: they are rows of the service’s database, granted to no one else', async () => {
    const year = campaignYear();
    await upsertCampaignProjection(stack.db.dataSource, {
      campaignId: String(year),
      year,
      status: 'RUNNING',
      currentPhase: 'EXECUTION',
      calendar: defaultCalendar(year),
      rulesVersion: 1,
      launchedBy: 'office-admin',
      revision: 1,
    });
    const started = await stack.graphql<{ startExport: { id: string } }>(
      `mutation($c: ID!) { startExport(input: { campaignId: $c, kind: DISTRICT_SUMMARY }) { id } }`,
      { c: String(year) },
      admin,
    );
    expect(started.errors).toBeUndefined();
    const id = started.data!.startExport.id;
    await until('the export to finish', async () => {
      const r = await stack.graphql<{ exportJob: { status: string } }>(
        `query($id: ID!) { exportJob(id: $id) { status } }`,
        { id },
        admin,
      );
      return r.data?.exportJob.status === 'DONE';
    });
    const ds = stack.db.dataSource;
    const [{ chunks }] = await ds.query(
      `SELECT count(*)::int AS chunks FROM export_chunk c JOIN export_job j ON j.file_path = c.object_key WHERE j.id = $1`,
      [id],
    );
    expect(chunks).toBeGreaterThan(0);
    expect(
      await ds.query(
        `SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = 'export_chunk' AND grantee = 'PUBLIC'`,
      ),
    ).toEqual([]);
  });

  describe('R16 issue 13.3 a complaint is against whoever its subject resolves to: the person, the post’s holders, the unit’s leaders', () => {
    const FILE = `mutation($i: ComplaintInputModel!) { fileComplaint(input: $i) { receiptCode } }`;
    const LIST = `query { complaints(unitId: "s001") { id subjectKind complainantName } }`;
    type Listed = { complaints: { id: string; subjectKind: string; complainantName: string | null }[] };
    const listed = async (code: string) => {
      const r = await stack.graphql<Listed>(LIST, {}, tok(code));
      expect(r.errors).toBeUndefined();
      return Object.fromEntries(r.data!.complaints.map((c) => [c.subjectKind, c.complainantName]));
    };
    const triage = async (code: string, id: string) =>
      (
        await stack.graphql(
          `mutation { triageComplaint(input: { complaintId: "${id}", accept: true, reason: "予以受理", idempotencyKey: "t-${code}" }) { status } }`,
          {},
          tok(code),
        )
      ).errors?.[0]?.extensions?.code;
    let holder: { id: string; code: string; post: string };
    let leader: { id: string; code: string };

    beforeAll(async () => {
      const csv = toCsv(generateDistrictRows({ units: 2, people: 30, seed: 31 }));
      const imported = await stack.graphql(
        `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
        { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
        admin,
      );
      expect(imported.errors).toBeUndefined();
      const ds = stack.db.dataSource;
      // A staff member without roles who holds a post of s001, and s001's principal; both also sit on the
      // district's discipline team, so both handle complaints and may see who complained — except against themselves.
      [holder] = await ds.query(
        `SELECT p.id, p.code, po.code AS post FROM person p JOIN post po ON po.id = p.post_id
         WHERE p.unit_id = 's001' AND NOT EXISTS (SELECT 1 FROM role_assignment r WHERE r.person_id = p.id) ORDER BY p.code LIMIT 1`,
      );
      [leader] = await ds.query(
        `SELECT p.id, p.code FROM person p JOIN role_assignment r ON r.person_id = p.id WHERE r.unit_id = 's001' AND r.role = 'UNIT_PRINCIPAL' LIMIT 1`,
      );
      for (const p of [holder, leader])
        await ds
          .getRepository(RoleAssignmentEntity)
          .insert({ personId: p.id, role: Role.DISCIPLINE_TEAM, unitId: null });
      const named = { unitId: 's001', named: true, complainantName: '张三', contact: '13700000000' };
      for (const i of [
        { ...named, subjectKind: 'POST', subjectCode: holder.post, text: '该岗位在招生工作中收受家长财物' },
        { ...named, subjectKind: 'UNIT', text: '学校违规收取择校费，家长反映强烈' },
      ]) {
        const filed = await stack.graphql(FILE, { i });
        expect(filed.errors).toBeUndefined();
      }
      await until(
        'both complaints projected',
        async () => (await ds.query(`SELECT count(*)::int AS n FROM complaint`))[0].n === 2,
      );
    });

    it('R16 issue 13.3 the holder of the post complained against neither sees nor handles it; others still do', async () => {
      expect(await listed('office-admin')).toEqual({ POST: '张三', UNIT: '张三' });
      expect(await listed(holder.code)).toEqual({ UNIT: '张三' });
      const [post] = await stack.db.dataSource.query(`SELECT id FROM complaint WHERE subject_kind = 'POST'`);
      expect(await triage(holder.code, post.id)).toBe('FORBIDDEN');
      // Nor are they told it arrived; the other handlers are.
      const told = async (personId: string) =>
        (
          await stack.db.dataSource.query(`SELECT 1 FROM notification WHERE id = $1`, [
            `complaint:${post.id}:received:${personId}`,
          ])
        ).length > 0;
      expect(await told(holder.id)).toBe(false);
      expect(await told(leader.id)).toBe(true);
    });

    it('R16 issue 13.3 a leader of the unit complained against neither sees nor handles it', async () => {
      expect(await listed(leader.code)).toEqual({ POST: '张三' });
      const [unit] = await stack.db.dataSource.query(`SELECT id FROM complaint WHERE subject_kind = 'UNIT'`);
      expect(await triage(leader.code, unit.id)).toBe('FORBIDDEN');
      const told = async (personId: string) =>
        (
          await stack.db.dataSource.query(`SELECT 1 FROM notification WHERE id = $1`, [
            `complaint:${unit.id}:received:${personId}`,
          ])
        ).length > 0;
      expect(await told(leader.id)).toBe(false);
      expect(await told(holder.id)).toBe(true);
    });
  });
});
