import type { FieldError } from './errors';
import { NOT_TRUE_OR_FALSE, checkOneOf, checkText } from './fields';

/** What a complaint is against (R16): a unit, a post of a unit, or a person of a unit. */
export const COMPLAINT_SUBJECT_KINDS = ['UNIT', 'POST', 'PERSON'] as const;
export type ComplaintSubjectKind = (typeof COMPLAINT_SUBJECT_KINDS)[number];

export const COMPLAINT_SUBJECT_KIND_LABELS: Readonly<Record<ComplaintSubjectKind, string>> = {
  UNIT: '单位',
  POST: '岗位',
  PERSON: '个人',
};

export const COMPLAINT_STATUSES = ['RECEIVED', 'ACCEPTED', 'REFUSED', 'CONCLUDED'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_STATUS_LABELS: Readonly<Record<ComplaintStatus, string>> = {
  RECEIVED: '已收到，待受理',
  ACCEPTED: '已受理，办理中',
  REFUSED: '不予受理',
  CONCLUDED: '已办结',
};

/** Working days to accept or refuse a complaint (the rule), and to conclude an accepted one. */
export const COMPLAINT_ACCEPT_WORKING_DAYS = 5;
export const COMPLAINT_HANDLE_WORKING_DAYS = 30;

const TEXT_MIN = 10;
const TEXT_MAX = 5000;
const NAME_MAX = 50;
const CONTACT_MAX = 100;
/** A phone number (digits, spaces, +, -) or an e-mail address: how a named complainant is told the outcome. */
const CONTACT = /^(\+?[\d][\d -]{5,19}|[^\s@]{1,64}@[^\s@]{1,64}\.[^\s@]{2,20})$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * A complaint as filed (R16): what its workflow starts from and its row stores. The complainant's name and contact
 * are not part of it: they stay in PostgreSQL (complaint_contact), so no workflow history holds them.
 */
export interface FiledComplaint {
  unitId: string;
  subjectKind: ComplaintSubjectKind;
  subjectPostId: string | null;
  subjectPersonId: string | null;
  text: string;
  named: boolean;
  /** SHA-256 of the receipt code: the code itself is shown once, to the complainant. */
  receiptHash: string;
}

export interface ComplaintIntake {
  unitId: string;
  subjectKind: ComplaintSubjectKind;
  /** The roster code of the post (POST) or person (PERSON) complained against. */
  subjectCode?: string | null;
  text: string;
  /** Named complainants give a name and a contact and are told the outcome; anonymous ones follow by receipt. */
  named: boolean;
  complainantName?: string | null;
  contact?: string | null;
}

export function validateComplaintIntake(c: ComplaintIntake): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, 'unitId', c.unitId, 64, true);
  checkOneOf(errors, 'subjectKind', c.subjectKind, COMPLAINT_SUBJECT_KINDS, true);
  if (c.subjectKind === 'UNIT') {
    if (c.subjectCode)
      errors.push({
        field: 'subjectCode',
        reason: 'is only given for a POST or PERSON complaint',
        message: '投诉单位时不填岗位或人员编码',
      });
  } else if (!c.subjectCode || !CODE.test(c.subjectCode)) {
    errors.push({
      field: 'subjectCode',
      reason: `must be the roster code of the ${c.subjectKind === 'POST' ? 'post' : 'person'} complained against`,
      message: `请填写被投诉${c.subjectKind === 'POST' ? '岗位' : '人员'}的编码（字母、数字、_ . -）`,
    });
  }
  checkText(errors, 'text', c.text, TEXT_MAX, true);
  if (typeof c.text === 'string' && c.text.trim().length < TEXT_MIN)
    errors.push({
      field: 'text',
      reason: `must describe the matter in at least ${TEXT_MIN} characters`,
      message: `请至少用 ${TEXT_MIN} 个字说明事项`,
    });
  if (c.named) {
    checkText(errors, 'complainantName', c.complainantName, NAME_MAX, true);
    checkText(errors, 'contact', c.contact, CONTACT_MAX, true);
    if (typeof c.contact === 'string' && c.contact.trim() && !CONTACT.test(c.contact.trim())) {
      errors.push({
        field: 'contact',
        reason: 'must be a phone number or an e-mail address',
        message: '请填写电话号码或电子邮箱',
      });
    }
  } else {
    if (c.complainantName)
      errors.push({
        field: 'complainantName',
        reason: 'an anonymous complaint carries no name',
        message: '匿名投诉不填写姓名',
      });
    if (c.contact)
      errors.push({
        field: 'contact',
        reason: 'an anonymous complaint carries no contact; follow it with the receipt code',
        message: '匿名投诉不填写联系方式，请凭查询码查询办理进度',
      });
  }
  return errors;
}

/** Receipt codes: 20 characters of Crockford base32 in groups of four, e.g. `7K2M-…`; case-insensitive. */
export const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

/** Formats 20 random values (0–31) as a receipt code. */
export function receiptCodeOf(values: readonly number[]): string {
  if (values.length !== 20 || values.some((v) => !Number.isInteger(v) || v < 0 || v > 31))
    throw new RangeError('a receipt code takes 20 values from 0 to 31');
  const chars = values.map((v) => RECEIPT_ALPHABET[v]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The canonical form of a typed receipt code, or null when it cannot be one. */
export function normaliseReceiptCode(code: string): string | null {
  const c = code.trim().toUpperCase();
  return RECEIPT.test(c) ? c : null;
}

export interface ComplaintTriage {
  accept: boolean;
  reason: string;
}

export function validateTriage(t: ComplaintTriage): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof t.accept !== 'boolean') errors.push({ field: 'accept', ...NOT_TRUE_OR_FALSE });
  checkText(errors, 'reason', t.reason, 2000, true);
  return errors;
}

export interface ComplaintConclusion {
  outcome: string;
  substantiated: boolean;
}

export function validateConclusion(c: ComplaintConclusion): FieldError[] {
  const errors: FieldError[] = [];
  checkText(errors, 'outcome', c.outcome, TEXT_MAX, true);
  if (typeof c.substantiated !== 'boolean') errors.push({ field: 'substantiated', ...NOT_TRUE_OR_FALSE });
  return errors;
}
