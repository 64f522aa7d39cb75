import { createHash, createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Channel, ComposedMessage } from '@pirm/domain';

/** A group robot of a unit (`s001`) or of a department (`s001/jw`, by its roster code). */
export interface RobotConfig {
  group: string;
  kind: 'WECOM' | 'DINGTALK';
  /** The robot's webhook URL as 企业微信 / 钉钉 show it (with its key / access_token). */
  url: string;
  /** 钉钉 加签: the SEC… secret; null for a robot secured by keyword or IP list. */
  secret: string | null;
}

export interface ChannelConfig {
  /** SMTP server URL (smtp:// or smtps://, credentials in it) and the From header; null: no e-mail. */
  smtp: { url: string; from: string } | null;
  /** The district's SMS relay (a generic HTTP webhook) and its bearer token; null: no SMS. */
  sms: { url: string; token: string | null } | null;
  robots: RobotConfig[];
  /** Bound of each send (connection, greeting, reply), so a hung receiver cannot hold a delivery forever. */
  sendTimeoutMs: number;
}

/** One message to one receiver; `key` is the delivery's id, the idempotency key every attempt carries. */
export interface Outgoing {
  key: string;
  channel: Channel;
  address: string;
  mention: string | null;
  message: ComposedMessage;
  /** For robots: the group's robot as the office or the unit's leaders set it, which wins over `robots` of the configuration. */
  robot?: { url: string; secret: string | null } | null;
}

/** Why a delivery cannot be sent here at all (not worth retrying): the relay marks it SKIPPED. */
export class NotConfigured extends Error {}

/**
 * The senders of every channel over one configuration. E-mail goes through one pooled SMTP transport; the
 * webhooks through fetch with a timeout. Each send resolves when the receiver accepted the message and
 * throws otherwise (the relay retries).
 */
export function createChannels(config: ChannelConfig) {
  const mail = config.smtp
    ? nodemailer.createTransport({
        url: config.smtp.url,
        pool: true,
        maxConnections: 5,
        connectionTimeout: config.sendTimeoutMs,
        greetingTimeout: config.sendTimeoutMs,
        socketTimeout: config.sendTimeoutMs,
      })
    : null;

  async function post(url: string, key: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': key, ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config.sendTimeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    return text;
  }

  /** 企业微信 and 钉钉 answer HTTP 200 with an errcode; anything but 0 (e.g. 45009, too many messages) failed. */
  function robotAnswer(text: string): void {
    let answer: { errcode?: number; errmsg?: string };
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      throw new Error(`the robot answered no JSON: ${text.slice(0, 200)}`);
    }
    if (answer.errcode !== 0) throw new Error(`the robot refused: errcode ${answer.errcode} ${answer.errmsg ?? ''}`);
  }

  function robotFor(
    kind: RobotConfig['kind'],
    group: string,
    set: Outgoing['robot'],
  ): Pick<RobotConfig, 'url' | 'secret'> {
    if (set) return set;
    // A department's group if it has a robot, else its unit's.
    const unit = group.split('/')[0]!;
    const robot =
      config.robots.find((r) => r.kind === kind && r.group === group) ??
      config.robots.find((r) => r.kind === kind && r.group === unit);
    if (!robot) throw new NotConfigured(`no ${kind} robot for group ${group}`);
    return robot;
  }

  return {
    async send(o: Outgoing): Promise<void> {
      switch (o.channel) {
        case 'EMAIL': {
          if (!mail || !config.smtp) throw new NotConfigured('e-mail is not configured (SMTP_URL)');
          await mail.sendMail({
            from: config.smtp.from,
            to: o.address,
            subject: o.message.subject,
            text: o.message.text,
            html: o.message.html,
            // The same Message-ID on every attempt: a receiver (or its archive) can drop a repeat.
            messageId: `<${createHash('sha256').update(o.key).digest('hex').slice(0, 32)}@pirm.notify>`,
            headers: { 'X-PIRM-Delivery': o.key },
          });
          return;
        }
        case 'SMS': {
          if (!config.sms) throw new NotConfigured('SMS is not configured (SMS_WEBHOOK_URL)');
          await post(
            config.sms.url,
            o.key,
            { to: o.address, text: o.message.short, idempotencyKey: o.key },
            config.sms.token ? { authorization: `Bearer ${config.sms.token}` } : {},
          );
          return;
        }
        case 'WECOM': {
          const robot = robotFor('WECOM', o.address, o.robot);
          const text = await post(robot.url, o.key, {
            msgtype: 'text',
            text: { content: o.message.short, mentioned_mobile_list: o.mention ? [o.mention] : [] },
          });
          robotAnswer(text);
          return;
        }
        case 'DINGTALK': {
          const robot = robotFor('DINGTALK', o.address, o.robot);
          const text = await post(dingTalkUrl(robot, Date.now()), o.key, {
            msgtype: 'text',
            // 钉钉 shows the @ only when the text names the mobile too.
            text: { content: o.mention ? `${o.message.short} @${o.mention}` : o.message.short },
            at: { atMobiles: o.mention ? [o.mention] : [], isAtAll: false },
          });
          robotAnswer(text);
          return;
        }
      }
    },
    close(): void {
      mail?.close();
    },
  };
}

export type Channels = ReturnType<typeof createChannels>;

/** 钉钉 加签: `timestamp` (ms) and `sign` = urlencode(base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`))). */
export function dingTalkSign(secret: string, timestamp: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
}

function dingTalkUrl(robot: Pick<RobotConfig, 'url' | 'secret'>, now: number): string {
  if (!robot.secret) return robot.url;
  return `${robot.url}${robot.url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${dingTalkSign(robot.secret, now)}`;
}
