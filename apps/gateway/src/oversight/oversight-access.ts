import { createHash, randomInt } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  DomainError,
  ErrorCode,
  receiptCodeOf,
  ROLE_SETS,
  holdsAny,
  holdsIn,
  type Bilingual,
  type FieldError,
} from '@pirm/domain';
import type { Principal } from '../auth/principal';

/** A campaign id that names no campaign (evaluations and disposal cases belong to one). */
export const NOT_A_CAMPAIGN: FieldError = { field: 'campaignId', reason: 'is not a campaign', message: '没有这次活动' };

/** A roster code that is no person of the unit (a complaint's subject, a disposal case's person). */
export function notAPersonOf(field: string, unitId: string): FieldError {
  return { field, reason: `is not a person of unit ${unitId}`, message: '该单位没有这个人员编码' };
}

/** Codes shown once to a person outside the system (receipts, invitations); only their SHA-256 is stored. */
export function newSecretCode(): { code: string; hash: string } {
  const code = receiptCodeOf(Array.from({ length: 20 }, () => randomInt(32)));
  return { code, hash: hashCode(code) };
}

export const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** The office, or the discipline team of the unit (or district-wide): who handles complaints and disposal. */
export function isOversightHandler(p: Principal, unitId: string): boolean {
  return holdsIn(p.roles, ROLE_SETS.oversight, unitId);
}

/**
 * Before any record is looked up: the caller handles oversight matters of some unit, so that a caller who
 * handles none is refused the same way whether the record exists or not.
 */
export function requireSomeOversightRole(p: Principal): void {
  if (!holdsAny(p.roles, ROLE_SETS.oversight)) {
    throw new DomainError(ErrorCode.FORBIDDEN, {
      en: 'Only the office or the discipline team handle oversight matters.',
      zh: '只有领导小组办公室或派驻纪检组可以处理监督事项',
    });
  }
}

export function requireOversightHandler(p: Principal, unitId: string): void {
  if (!isOversightHandler(p, unitId))
    throw new DomainError(ErrorCode.FORBIDDEN, {
      en: `Only the office or the discipline team handle oversight matters of unit ${unitId}.`,
      zh: '只有领导小组办公室或派驻纪检组可以处理该单位的监督事项',
    });
}

/** District-wide office or discipline team: the only ones who may see who complained. */
export function isDistrictHandler(p: Principal): boolean {
  return holdsIn(p.roles, ROLE_SETS.oversight, null);
}

/** The unit's leaders, its discipline team, or the office: who reads a unit's evaluation and correction. */
export function requireUnitOversight(p: Principal, unitId: string): void {
  const ok = holdsIn(p.roles, ROLE_SETS.unitReaders, unitId);
  if (!ok)
    throw new DomainError(ErrorCode.FORBIDDEN, {
      en: `Only unit ${unitId}'s leaders, its discipline team or the office see this.`,
      zh: '仅限该单位领导、派驻纪检组或领导小组办公室查看',
    });
}

/** A workflow that is not there is the thing asked for not existing. */
export function notFoundAs(message: Bilingual): (err: unknown) => never {
  return (err: unknown) => {
    if (err instanceof WorkflowNotFoundError) throw new DomainError(ErrorCode.NOT_FOUND, message);
    throw err;
  };
}

/** The record was found, but its workflow has ended: acting on it conflicts with its state (closed). */
export function closedAs(message: Bilingual): (err: unknown) => never {
  return (err: unknown) => {
    if (err instanceof WorkflowNotFoundError) throw new DomainError(ErrorCode.CONFLICT, message);
    throw err;
  };
}

export { checkIdempotencyKey as checkKey, checkUuid } from '../graphql/formats';

/**
 * A client's idempotency key, scoped to the caller: a workflow answers a seen key with its first result and
 * without validating again, so another person's call with the same key must not count as a retry of it.
 */
export const personalKey = (p: Principal, key: string): string => `${p.personId}:${key}`;
