import {
  ACCESS_TOKEN_PREFIX,
  EnvReader,
  Role,
  accessTokenProblems,
  defaultTokenDays,
  mayManageAccessTokensOf,
  tokenUsable,
} from '@pirm/domain';
import {
  hashAccessTokenSecret,
  newAccessTokenSecret,
  wellFormedSecret,
} from '../../../apps/gateway/src/access-tokens/secret';
import { readAccessTokenSettings } from '../../../apps/gateway/src/access-tokens/settings';

const read = (env: Record<string, string>) => {
  const r = new EnvReader(env);
  const settings = readAccessTokenSettings(r);
  r.done();
  return settings;
};

describe('personal access tokens: the rules (issue 20)', () => {
  it('issue 20: a secret has the scanner-visible prefix, 256 random bits, and is kept as its SHA-256 only', () => {
    const a = newAccessTokenSecret();
    const b = newAccessTokenSecret();
    expect(a.startsWith(ACCESS_TOKEN_PREFIX)).toBe(true);
    expect(a).toMatch(/^pirm_pat_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect([wellFormedSecret(a), wellFormedSecret(`${a}x`), wellFormedSecret('pirm_pat_short')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(hashAccessTokenSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAccessTokenSecret(a)).not.toContain(a.slice(ACCESS_TOKEN_PREFIX.length));
  });

  it('issue 20: name, scope and expiry are checked against the installation’s maximum; 90 days by default', () => {
    expect(accessTokenProblems({ name: '桌面客户端', scope: 'REVIEW', expiresInDays: 30 }, 365)).toEqual([]);
    expect(accessTokenProblems({ name: ' ', scope: 'ADMIN', expiresInDays: 366 }, 365).map((e) => e.field)).toEqual([
      'name',
      'scope',
      'expiresInDays',
    ]);
    expect(accessTokenProblems({ name: 'x'.repeat(61), scope: 'READ' }, 365).map((e) => e.field)).toEqual(['name']);
    expect([defaultTokenDays(365), defaultTokenDays(30)]).toEqual([90, 30]);
  });

  it('issue 20: each refused part of a token request is said in Chinese on the console', () => {
    expect(accessTokenProblems({ name: ' ', scope: 'ADMIN', expiresInDays: 366 }, 365)).toEqual([
      { field: 'name', reason: 'must not be empty', message: '请填写名称' },
      { field: 'scope', reason: 'must be one of READ, REVIEW', message: '须为只读或审核' },
      {
        field: 'expiresInDays',
        reason: 'must be a whole number of days from 1 to 365',
        message: '有效期须为 1 到 365 天的整数',
      },
    ]);
    expect(accessTokenProblems({ name: '桌面\u202e客户端', scope: 'READ' }, 365)).toEqual([
      {
        field: 'name',
        reason: expect.stringContaining('U+202E'),
        message: '含有不能使用的特殊字符（U+202E），请删去后再试',
      },
    ]);
  });

  it('issue 20: a revoked or expired token no longer authenticates', () => {
    const now = Date.now();
    const later = new Date(now + 1000);
    expect([
      tokenUsable({ expiresAt: later, revokedAt: null }, now),
      tokenUsable({ expiresAt: later, revokedAt: new Date(now) }, now),
      tokenUsable({ expiresAt: new Date(now), revokedAt: null }, now),
    ]).toEqual([true, false, false]);
  });

  it('issue 20: a person manages their own tokens; only the district’s office anyone’s', () => {
    const office = [{ role: Role.OFFICE_ADMIN, unitId: null }];
    const unitOffice = [{ role: Role.OFFICE_ADMIN, unitId: 's001' }];
    expect([
      mayManageAccessTokensOf([], 'p1', 'p1'),
      mayManageAccessTokensOf([], 'p1', 'p2'),
      mayManageAccessTokensOf(unitOffice, 'p1', 'p2'),
      mayManageAccessTokensOf(office, 'p1', 'p2'),
    ]).toEqual([true, false, false, true]);
  });

  it('issue 20: the maximum lifetime (90 days by default) and the rate limit are validated at boot, naming the variable', () => {
    expect(read({})).toEqual({ maxLifetimeDays: 90, ratePerMinute: 600 });
    // The default expiry is the default maximum, and never above a lower one.
    expect(defaultTokenDays(read({}).maxLifetimeDays)).toBe(90);
    expect(read({ AUTH_PAT_MAX_LIFETIME_DAYS: '30' }).maxLifetimeDays).toBe(30);
    expect(read({ AUTH_PAT_MAX_LIFETIME_DAYS: '365' }).maxLifetimeDays).toBe(365);
    expect(() => read({ AUTH_PAT_MAX_LIFETIME_DAYS: '0' })).toThrow(/AUTH_PAT_MAX_LIFETIME_DAYS/);
    expect(() => read({ AUTH_PAT_MAX_LIFETIME_DAYS: '90d' })).toThrow(/AUTH_PAT_MAX_LIFETIME_DAYS/);
    expect(() => read({ AUTH_PAT_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/AUTH_PAT_RATE_LIMIT_PER_MINUTE/);
  });
});
