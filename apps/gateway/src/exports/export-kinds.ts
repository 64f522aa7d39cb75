import {
  DomainError,
  ErrorCode,
  ExportKind,
  hasRole,
  EXPORT_POLICY,
  rolesOf,
  type AccessRule,
  type ExportParams,
  roleNames,
  type Bilingual,
} from '@pirm/domain';
import { type ExportRepository } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import type { FormsService } from '../forms/forms.service';

export { ExportKind, type ExportParams } from '@pirm/domain';

/** What an allowed export is of: the audit chain, the role that allowed it, its target and file name. */
export interface ExportGrant {
  campaignId: string;
  role: string | null;
  target: string;
  fileName: string;
}

export interface ExportDeps {
  repo: ExportRepository;
  forms: FormsService;
}

/** Throws FORBIDDEN, NOT_FOUND or VALIDATION_FAILED unless the principal may have this export; the worker renders it. */
export type Authorize = (principal: Principal, params: ExportParams, deps: ExportDeps) => Promise<ExportGrant>;

/** The first of the rule's roles the principal holds for the unit (district-wide grants cover every unit), or FORBIDDEN. */
function requireAnyRole(principal: Principal, rule: AccessRule, unitId: string | null, what: Bilingual) {
  const roles = rolesOf(rule);
  const role = roles.find((r) => hasRole(principal.roles, r, unitId));
  if (!role)
    throw new DomainError(ErrorCode.FORBIDDEN, {
      en: `${what.en} is for ${roles.join(', ')}${unitId ? ` of unit ${unitId}` : ''}.`,
      zh: `只有${unitId ? '该单位的' : ''}${roleNames(roles)}可以导出${what.zh}`,
    });
  return role;
}

function required<K extends keyof ExportParams>(params: ExportParams, field: K): NonNullable<ExportParams[K]> {
  const v = params[field];
  if (!v)
    throw DomainError.validation([
      { field, reason: 'is required for this kind of export', message: '导出此类内容时必填' },
    ]);
  return v as NonNullable<ExportParams[K]>;
}

async function requireCampaign(repo: ExportRepository, campaignId: string): Promise<void> {
  if (!(await repo.campaignExists(campaignId)))
    throw new DomainError(ErrorCode.NOT_FOUND, { en: `No campaign ${campaignId}.`, zh: '没有这次活动' });
}

/** Who may have each kind of export, checked before its job is recorded. */
export const EXPORT_ACCESS: Readonly<Record<ExportKind, Authorize>> = {
  async [ExportKind.RISK_FORM_PDF](principal, params, { forms }) {
    // The form's readers may print it (canViewForm: its owner and its review chain).
    const form = await forms.get(principal, required(params, 'formId'));
    const role =
      principal.personId === form.personId
        ? null
        : (principal.roles.find((g) => g.unitId === null || g.unitId === form.unitId)?.role ?? null);
    return {
      campaignId: form.campaignId,
      role,
      target: `form:${form.id}`,
      fileName: `廉政风险识别和防控表-${form.name}-${form.campaignId}.pdf`,
    };
  },
  async [ExportKind.UNIT_RISK_LIST](principal, params, { repo }) {
    const unitId = required(params, 'unitId');
    const role = requireAnyRole(principal, EXPORT_POLICY.unitList, unitId, {
      en: 'A unit’s risk list',
      zh: '单位风险点登记表',
    });
    await requireCampaign(repo, params.campaignId);
    const unit = await repo.unit(unitId);
    if (!unit) throw new DomainError(ErrorCode.NOT_FOUND, { en: `No unit ${unitId}.`, zh: '没有这个单位' });
    return {
      campaignId: params.campaignId,
      role,
      target: `unit:${unitId}`,
      fileName: `岗位廉政风险点登记表-${unit.name}-${params.campaignId}.xlsx`,
    };
  },
  async [ExportKind.DISTRICT_SUMMARY](principal, params, { repo }) {
    const role = requireAnyRole(principal, EXPORT_POLICY.districtWide, null, {
      en: 'The district summary',
      zh: '全区汇总表',
    });
    await requireCampaign(repo, params.campaignId);
    return {
      campaignId: params.campaignId,
      role,
      target: `campaign:${params.campaignId}`,
      fileName: `岗位廉政风险防范管理全区汇总表-${params.campaignId}.xlsx`,
    };
  },
  async [ExportKind.YEAR_END_ASSESSMENT](principal, params, { repo }) {
    // One unit's for its leaders, the discipline team and the office; the whole district's for the last two.
    const role = params.unitId
      ? requireAnyRole(principal, EXPORT_POLICY.unitList, params.unitId, {
          en: 'A unit’s year-end assessment',
          zh: '单位年度考核表',
        })
      : requireAnyRole(principal, EXPORT_POLICY.districtWide, null, {
          en: 'The district’s year-end assessment',
          zh: '全区年度考核表',
        });
    await requireCampaign(repo, params.campaignId);
    const unit = params.unitId ? await repo.unit(params.unitId) : null;
    if (params.unitId && !unit)
      throw new DomainError(ErrorCode.NOT_FOUND, { en: `No unit ${params.unitId}.`, zh: '没有这个单位' });
    return {
      campaignId: params.campaignId,
      role,
      target: unit ? `unit:${unit.id}` : `campaign:${params.campaignId}`,
      fileName: `年度考核-${unit?.name ?? '全区'}-${params.campaignId}.xlsx`,
    };
  },
};
