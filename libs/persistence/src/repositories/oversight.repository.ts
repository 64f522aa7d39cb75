import type { DataSource } from 'typeorm';
import { findCampaign } from '../campaign.repository';
import type { PersonEntity } from '../entities/person.entity';
import { PostEntity } from '../entities/post.entity';
import { UnitEntity } from '../entities/unit.entity';
import { holidaysInForce } from '../holiday.repository';
import {
  compileOpinions,
  complaintSubjects,
  findComplaint,
  findComplaintByReceipt,
  findComplaintContact,
  findDisposalCase,
  findInvitation,
  inReviewChainOf,
  latestEvaluationRule,
  listComplaints,
  listDisposalCases,
  publishEvaluationRule,
  saveComplaintContact,
} from '../oversight.repository';
import { findRiskForm } from '../risk-form.repository';
import type { After } from './bound';
import { personByCode } from './people';

/** What the four oversight features share: campaign and unit checks, people of a unit, the working calendar. */
abstract class OversightBase {
  constructor(protected readonly ds: DataSource) {}

  async campaignExists(id: string): Promise<boolean> {
    return (await findCampaign(this.ds, id)) !== null;
  }

  unitExists(id: string): Promise<boolean> {
    return this.ds.getRepository(UnitEntity).existsBy({ id });
  }

  person(unitId: string, code: string): Promise<PersonEntity | null> {
    return personByCode(this.ds, code, unitId);
  }

  holidaysInForce() {
    return holidaysInForce(this.ds);
  }
}

/** Complaints and tips (R18): intake, the confidential contact, who they name. */
export class ComplaintRepository extends OversightBase {
  post(unitId: string, code: string): Promise<PostEntity | null> {
    return this.ds.getRepository(PostEntity).findOneBy({ unitId, code });
  }

  saveContact(...a: After<typeof saveComplaintContact>) {
    return saveComplaintContact(this.ds, ...a);
  }

  contact(...a: After<typeof findComplaintContact>) {
    return findComplaintContact(this.ds, ...a);
  }

  find(...a: After<typeof findComplaint>) {
    return findComplaint(this.ds, ...a);
  }

  findByReceipt(...a: After<typeof findComplaintByReceipt>) {
    return findComplaintByReceipt(this.ds, ...a);
  }

  list(...a: After<typeof listComplaints>) {
    return listComplaints(this.ds, ...a);
  }

  subjects(...a: After<typeof complaintSubjects>) {
    return complaintSubjects(this.ds, ...a);
  }

  inReviewChainOf(...a: After<typeof inReviewChainOf>) {
    return inReviewChainOf(this.ds, ...a);
  }
}

/** Disposal cases (R17). */
export class DisposalRepository extends OversightBase {
  find(...a: After<typeof findDisposalCase>) {
    return findDisposalCase(this.ds, ...a);
  }

  list(...a: After<typeof listDisposalCases>) {
    return listDisposalCases(this.ds, ...a);
  }
}

/** Evaluation rounds' rules and invitations (R19). */
export class EvaluationRepository extends OversightBase {
  latestRule() {
    return latestEvaluationRule(this.ds);
  }

  publishRule(...a: After<typeof publishEvaluationRule>) {
    return publishEvaluationRule(this.ds, ...a);
  }

  invitation(...a: After<typeof findInvitation>) {
    return findInvitation(this.ds, ...a);
  }
}

/** Correction rounds (R20): compiled opinions and the approved forms a round revises. */
export class CorrectionRepository extends OversightBase {
  opinions(...a: After<typeof compileOpinions>) {
    return compileOpinions(this.ds, ...a);
  }

  form(...a: After<typeof findRiskForm>) {
    return findRiskForm(this.ds, ...a);
  }

  /** The unit's approved forms with their owners' 工号, by 工号; `codes` null: every one. */
  approvedForms(
    campaignId: string,
    unitId: string,
    codes: readonly string[] | null,
  ): Promise<{ id: string; code: string }[]> {
    return this.ds.query(
      `SELECT f.id, p.code FROM risk_form f JOIN person p ON p.id = f.person_id
       WHERE f.campaign_id = $1 AND f.unit_id = $2 AND f.status = 'APPROVED' AND ($3::text[] IS NULL OR p.code = ANY($3::text[])) ORDER BY p.code`,
      [campaignId, unitId, codes],
    );
  }
}
