import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ROLE_LABELS, type Role } from '@pirm/domain';
import { AuthRepository } from '@pirm/persistence';
import { Public } from '../auth/auth.guard';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../providers';
import { issueToken } from '../tokens';

/** A development session lasts an hour: long enough to try things, short enough that expiry gets exercised. */
export const DEV_SESSION_SECONDS = 3600;
/** The demo district has 60 people; a generated one is cut here (the page is a picker, not a directory). */
const DIRECTORY_LIMIT = 500;

/**
 * Development sign-in: pick a person of the roster and get a token signed like `npm run token`'s. It signs
 * anyone in without a password, so outside development and tests it does not exist (404, as any unknown path).
 */
@Public()
@Controller('dev')
export class DevSignInController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly people: AuthRepository,
  ) {}

  @Get('people')
  async list() {
    this.assertDevelopment();
    const entries = await this.people.signInDirectory(DIRECTORY_LIMIT);
    return entries.map((e) => ({ ...e, roleLabels: e.roles.map((r) => ROLE_LABELS[r as Role] ?? r) }));
  }

  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Body() body: { code?: unknown } | undefined) {
    this.assertDevelopment();
    const code = typeof body?.code === 'string' ? body.code : '';
    const person = code ? await this.people.personWithRoles(code) : null;
    if (!person || person.leftAt) throw new NotFoundException('Nobody with this code is on the roster.');
    return { token: issueToken(this.config.auth, code, DEV_SESSION_SECONDS), expiresIn: DEV_SESSION_SECONDS };
  }

  private assertDevelopment(): void {
    if (!devSignInEnabled(this.config)) throw new NotFoundException();
  }
}

/** Development sign-in exists outside production, and only while the gateway trusts its own tokens. */
export function devSignInEnabled(config: GatewayConfig): boolean {
  return config.env !== 'production' && !config.auth.jwksUrl;
}

/**
 * How the console signs people in: the identity provider's OpenID Connect client settings, or the development
 * picker. Public: the sign-in page reads it before anyone has a token; it holds no secret.
 */
@Public()
@Controller('auth')
export class SignInOptionsController {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  @Get('config')
  options() {
    return { devSignIn: devSignInEnabled(this.config), oidc: this.config.auth.oidc ?? null };
  }
}
