import { dingTalkSign } from '@pirm/activities';
import { loadWorkerConfig } from '@pirm/worker';

const BASE = { DATABASE_URL: 'postgres://app:pw@127.0.0.1:5432/pirm' };

describe('issue 18: the relay configuration is validated once at boot', () => {
  it('defaults to a relay with no channel configured (every delivery is then SKIPPED, never lost silently)', () => {
    const { relay } = loadWorkerConfig(BASE);
    expect(relay).toMatchObject({ smtp: null, sms: null, robots: [], consoleUrl: 'http://localhost:3000' });
    expect(relay!.retry).toEqual({ maxAttempts: 8, baseMs: 30_000, maxMs: 3_600_000 });
    expect(loadWorkerConfig({ ...BASE, NOTIFY_RELAY: 'false' }).relay).toBeNull();
  });

  it('reads SMTP, SMS and the group robots', () => {
    const { relay } = loadWorkerConfig({
      ...BASE,
      SMTP_URL: 'smtps://mailer:pw@smtp.example.cn:465',
      SMTP_FROM: '廉政风险防控 <noreply@edu.example.cn>',
      SMS_WEBHOOK_URL: 'https://sms.example.cn/send',
      NOTIFY_ROBOTS: JSON.stringify([
        { group: 's001', kind: 'WECOM', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
        {
          group: 's001/jw',
          kind: 'DINGTALK',
          url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
          secret: 'SEC1',
        },
      ]),
    });
    expect(relay!.smtp).toEqual({
      url: 'smtps://mailer:pw@smtp.example.cn:465',
      from: '廉政风险防控 <noreply@edu.example.cn>',
    });
    expect(relay!.robots.map((r) => [r.group, r.kind, r.secret])).toEqual([
      ['s001', 'WECOM', null],
      ['s001/jw', 'DINGTALK', 'SEC1'],
    ]);
  });

  it('refuses to start naming every bad variable', () => {
    expect(() =>
      loadWorkerConfig({
        ...BASE,
        SMTP_URL: 'http://smtp.example.cn',
        SMS_WEBHOOK_URL: 'not a url',
        NOTIFY_ROBOTS: '[{"group":"s001","kind":"FEISHU","url":"https://x"}]',
        NOTIFY_LEASE_SECONDS: '5',
        NOTIFY_SEND_TIMEOUT_MS: '10000',
      }),
    ).toThrow(
      /SMTP_URL must be smtp:.*SMTP_FROM is required with SMTP_URL.*SMS_WEBHOOK_URL must be an http\(s\) URL.*NOTIFY_ROBOTS\[0\] needs group.*NOTIFY_LEASE_SECONDS must be longer/,
    );
  });

  it('signs 钉钉 requests as its 加签 documents: urlencode(base64(HMAC-SHA256(secret, timestamp\\nsecret)))', () => {
    // The value of DingTalk's own Python sample (hmac, base64.b64encode, urllib.parse.quote_plus) for these inputs.
    expect(dingTalkSign('SECabc', 1_700_000_000_000)).toBe('jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM%3D');
  });
});
