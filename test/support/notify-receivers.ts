import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the SMTP server accepted: the parsed mail, its raw header block and the relay's idempotency key. */
export interface ReceivedMail {
  key: string;
  mail: ParsedMail;
  rawHeaders: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that parses every message it accepts
 * (`mailparser`). `stop()` closes it (the port refuses connections: SMTP is down), `start()` listens on the
 * same port again. `received` keeps every accepted message, repeats included.
 */
export class TestSmtp {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      // Plain SMTP on loopback: no TLS upgrade, no login.
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      closeTimeout: 100,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (mail) => {
              const key = String(mail.headers.get('x-pirm-delivery') ?? '');
              const end = raw.indexOf('\r\n\r\n');
              this.received.push({ key, mail, rawHeaders: raw.subarray(0, end).toString('latin1') });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }
}

export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  at: number;
}

/**
 * A local HTTP receiver for the webhooks (企业微信, 钉钉, SMS). `respond` decides each answer (default: the robots'
 * `{"errcode":0,"errmsg":"ok"}`); it may return a promise to hold the answer back.
 */
export class TestReceiver {
  readonly received: ReceivedRequest[] = [];
  respond: (r: ReceivedRequest, res: ServerResponse) => void | Promise<void> = (_r, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
  };
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const r: ReceivedRequest = {
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
          at: Date.now(),
        };
        this.received.push(r);
        void Promise.resolve(this.respond(r, res)).catch(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests to `path` whose idempotency key is `key`. */
  byKey(path: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received.filter((x) => x.path === path)) {
      const k = String(r.headers['idempotency-key']);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  }
}
