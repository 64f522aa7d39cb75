import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';

/** Authentication, one instance for the guard, the body limits and the trusted documents (one JWKS cache). */
@Module({ providers: [AuthService], exports: [AuthService] })
export class AuthModule {}
