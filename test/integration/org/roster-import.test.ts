import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DomainError, Role } from '@pirm/domain';
import {
  AuditRecordEntity,
  findReviewers,
  LeadingGroupMemberEntity,
  PersonEntity,
  RoleAssignmentEntity,
  UnitEntity,
  generateDistrictRows,
  importRosterFile,
  toCsv,
  writeXlsx,
} from '@pirm/persistence';
import { createTestDatabase, type TestDatabase } from '../../support/stack';

const csv = (rows: string[][]): Buffer => Buffer.from(toCsv(rows), 'utf8');

describe('R01 roster import into the real database (CSV and XLSX, one transaction, idempotent)', () => {
  let db: TestDatabase;
  const rows = generateDistrictRows({ units: 12, people: 400, seed: 7 });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('imports every unit, department, post and person of a district', async () => {
    const summary = await importRosterFile(db.dataSource, csv(rows), 'CSV');
    expect(summary.units).toEqual({ created: 12, updated: 0, unchanged: 0 });
    expect(summary.people).toEqual({ created: 400, updated: 0, unchanged: 0 });
    expect(summary.posts.created).toBeGreaterThan(12);
    expect(await db.dataSource.getRepository(PersonEntity).count()).toBe(400);
    const admin = await db.dataSource
      .getRepository(PersonEntity)
      .findOneOrFail({ where: { code: 'office-admin' }, relations: { roles: true } });
    expect(admin.roles.map((r) => [r.role, r.unitId])).toEqual([['OFFICE_ADMIN', null]]);
  });

  it('changes nothing when the same file is imported again, as CSV or as XLSX', async () => {
    const before = await db.dataSource.query(`SELECT max(updated_at) AS t, count(*) AS n FROM person`);
    const grantsBefore = await db.dataSource.getRepository(RoleAssignmentEntity).find({ order: { id: 'ASC' } });
    for (const [bytes, format] of [
      [csv(rows), 'CSV'],
      [await writeXlsx('人员名册', rows), 'XLSX'],
    ] as const) {
      const summary = await importRosterFile(db.dataSource, bytes, format);
      expect(summary).toMatchObject({
        units: { created: 0, updated: 0, unchanged: 12 },
        departments: { created: 0, updated: 0, unchanged: summary.departments.unchanged },
        posts: { created: 0, updated: 0, unchanged: summary.posts.unchanged },
        people: { created: 0, updated: 0, unchanged: 400 },
        roleChanges: 0,
        leadingGroupChanges: 0,
        newPeople: [],
        changedPeople: [],
        leavers: [],
      });
    }
    expect(await db.dataSource.query(`SELECT max(updated_at) AS t, count(*) AS n FROM person`)).toEqual(before);
    expect(await db.dataSource.getRepository(RoleAssignmentEntity).find({ order: { id: 'ASC' } })).toEqual(
      grantsBefore,
    );
  });

  it('updates only what a changed file changes', async () => {
    const changed = rows.map((r) => [...r]);
    const header = changed[0]!;
    const teacher = changed.findIndex((r) => r[header.indexOf('工号')] === 's002-0020');
    changed[teacher]![header.indexOf('职务')] = '教研组长';
    changed[teacher]![header.indexOf('角色')] = '单位领导小组';
    const summary = await importRosterFile(db.dataSource, csv(changed), 'CSV');
    expect(summary.people).toEqual({ created: 0, updated: 1, unchanged: 399 });
    expect(summary.roleChanges).toBe(1);
    const p = await db.dataSource
      .getRepository(PersonEntity)
      .findOneOrFail({ where: { code: 's002-0020' }, relations: { roles: true } });
    expect(p.position).toBe('教研组长');
    expect(p.roles.map((r) => [r.role, r.unitId])).toEqual([['UNIT_LEADING_GROUP', 's002']]);
  });

  it('rejects a file with one bad row naming row, column and reason, and writes nothing', async () => {
    const bad = rows.slice(0, 30).map((r) => [...r]);
    bad.push([...bad[5]!]); // row 31 repeats the person of row 6
    const header = bad[0]!;
    bad[3]![header.indexOf('单位编码')] = 'new unit!'; // row 4: a bad code
    const unitsBefore = await db.dataSource.getRepository(UnitEntity).count();
    const err = await importRosterFile(db.dataSource, csv(bad), 'CSV').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    const fields = (err as DomainError).fieldErrors;
    expect(fields).toContainEqual({
      field: 'row 4, 单位编码',
      reason: 'must start with a letter or digit and contain only letters, digits, _ . -',
      message: '须以字母或数字开头，只能含字母、数字和 _ . -',
    });
    expect(fields.some((f) => f.field === 'row 31, 工号' && /already appears in row 6/.test(f.reason))).toBe(true);
    expect(await db.dataSource.getRepository(UnitEntity).count()).toBe(unitsBefore);
  });

  it('rejects a file that is not a table', async () => {
    const err = await importRosterFile(db.dataSource, Buffer.from('PK\u0003\u0004 not really a zip'), 'XLSX').catch(
      (e: unknown) => e,
    );
    expect((err as DomainError).fieldErrors).toEqual([
      {
        field: 'file',
        reason: 'not a readable XLSX file',
        message: '无法读取该 XLSX 文件，请确认它是未损坏的 Excel 工作簿',
      },
    ]);
  });

  it('reads CSV saved by Excel on Chinese Windows (GB18030)', async () => {
    const text = toCsv(rows.slice(0, 5));
    const gbk = Buffer.from(new Uint8Array(new TextEncoderGb().encode(text)));
    const summary = await importRosterFile(db.dataSource, gbk, 'CSV');
    expect(summary.people.unchanged).toBe(4);
  });
});

describe('R01 issue 12.4 people missing from a full import leave: dry run, deactivation, return', () => {
  let db: TestDatabase;
  const rows = generateDistrictRows({ units: 3, people: 60, seed: 11 });
  const header = rows[0]!;
  const col = (name: string): number => header.indexOf(name);
  // s001 alone, without its vice principal (分管领导, unit leading group) and the head of 教务处.
  const gone = ['s001-0002', 's001-0004'];
  const s001Only = [
    header,
    ...rows.slice(1).filter((r) => r[col('单位编码')] === 's001' && !gone.includes(r[col('工号')]!)),
  ];
  const person = (code: string) =>
    db.dataSource.getRepository(PersonEntity).findOneOrFail({ where: { code }, relations: { roles: true } });
  const leftAudits = () => db.dataSource.getRepository(AuditRecordEntity).count({ where: { action: 'PERSON_LEFT' } });

  beforeAll(async () => {
    db = await createTestDatabase();
    await importRosterFile(db.dataSource, csv(rows), 'CSV');
  });
  afterAll(() => db.drop());

  it('a MERGE import of part of the district changes nobody missing from it', async () => {
    const summary = await importRosterFile(db.dataSource, csv(s001Only), 'CSV');
    expect(summary).toMatchObject({ mode: 'MERGE', leavers: [], changedPeople: [] });
    expect((await person('s001-0002')).leftAt).toBeNull();
  });

  it('a dry run lists who would leave, and every row problem, writing nothing', async () => {
    const summary = await importRosterFile(db.dataSource, csv(s001Only), 'CSV', undefined, {
      mode: 'FULL_UNITS',
      dryRun: true,
    });
    expect(summary).toMatchObject({ dryRun: true, mode: 'FULL_UNITS', errors: [], newPeople: [], unitIds: ['s001'] });
    expect(summary.leavers.map((l) => l.code)).toEqual(gone);
    expect((await person('s001-0002')).leftAt).toBeNull();
    expect((await person('s001-0002')).roles).toHaveLength(6);
    expect(await leftAudits()).toBe(0);

    const bad = s001Only.map((r) => [...r]);
    bad[2]![col('单位编码')] = 'bad code!';
    bad[4]![col('填表类型')] = 'nope';
    const report = await importRosterFile(db.dataSource, csv(bad), 'CSV', undefined, {
      mode: 'FULL_UNITS',
      dryRun: true,
    });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '单位编码'],
      [5, '填表类型'],
    ]);
    expect(report.leavers).toEqual([]);
  });

  it('FULL_UNITS marks the unit’s missing people as left: no roles, no group seat, no department, audited; other units untouched', async () => {
    const vice = await person('s001-0002');
    const summary = await importRosterFile(
      db.dataSource,
      csv(s001Only),
      'CSV',
      { actor: 'office-admin', role: Role.OFFICE_ADMIN },
      { mode: 'FULL_UNITS' },
    );
    expect(summary.leavers).toEqual([
      { personId: vice.id, code: 's001-0002', name: vice.name, unitId: 's001' },
      expect.objectContaining({ code: 's001-0004', unitId: 's001' }),
    ]);
    expect(summary.unitIds).toEqual(['s001']);
    for (const code of gone) {
      const p = await person(code);
      expect(p.leftAt).toBeInstanceOf(Date);
      expect(p.roles).toEqual([]);
    }
    expect(
      await db.dataSource.query(
        `SELECT 1 FROM leading_group_member m JOIN person p ON p.id = m.person_id WHERE p.code = ANY($1)`,
        [gone],
      ),
    ).toEqual([]);
    expect(
      await db.dataSource.query(
        `SELECT 1 FROM department d JOIN person p ON p.id = d.head_person_id WHERE p.code = ANY($1)`,
        [gone],
      ),
    ).toEqual([]);
    // No reviewer look-up returns them: the head of 教务处 and the vice principal supervising it.
    const academic: { id: string }[] = await db.dataSource.query(
      `SELECT id FROM department WHERE unit_id = 's001' AND code = 'ACADEMIC'`,
    );
    const someone = (await person('s001-0020')).id;
    expect(
      await findReviewers(
        db.dataSource,
        { role: Role.DEPARTMENT_HEAD, unitId: 's001', departmentId: academic[0]!.id, districtWide: false },
        someone,
      ),
    ).toEqual([]);
    const supervisors = await findReviewers(
      db.dataSource,
      { role: Role.SUPERVISING_LEADER, unitId: 's001', departmentId: academic[0]!.id, districtWide: false },
      someone,
    );
    expect(supervisors).not.toContain(vice.id);
    const audits = await db.dataSource
      .getRepository(AuditRecordEntity)
      .find({ where: { action: 'PERSON_LEFT' }, order: { seq: 'ASC' } });
    expect(audits.map((a) => [a.target, a.actor])).toEqual(gone.map((c) => [`person:${c}`, 'office-admin']));
    expect((await person('s002-0002')).leftAt).toBeNull();
    expect((await person('bureau-director')).leftAt).toBeNull();
    // Importing the same file again: nobody else leaves, nothing changes.
    expect(
      await importRosterFile(db.dataSource, csv(s001Only), 'CSV', undefined, { mode: 'FULL_UNITS' }),
    ).toMatchObject({ leavers: [], changedPeople: [] });
  });

  it('FULL_DISTRICT refuses a file that would make the importer leave, and a file listing a leaver brings them back', async () => {
    const err = await importRosterFile(db.dataSource, csv(s001Only), 'CSV', undefined, {
      mode: 'FULL_DISTRICT',
      dryRun: true,
      keepPersonCode: 'office-admin',
    }).catch((e: unknown) => e);
    expect((err as DomainError).fieldErrors).toEqual([
      {
        field: 'mode',
        reason: expect.stringContaining('does not list you (office-admin)'),
        message: expect.stringContaining('文件中没有您本人（office-admin）'),
      },
    ]);
    const back = await importRosterFile(db.dataSource, csv(rows), 'CSV', undefined, {
      mode: 'FULL_DISTRICT',
      keepPersonCode: 'office-admin',
    });
    expect(back).toMatchObject({ leavers: [], newPeople: [], changedPeople: gone, roleChanges: 2 });
    const vice = await person('s001-0002');
    expect(vice.leftAt).toBeNull();
    expect(vice.roles.map((r) => r.role).sort()).toEqual([
      'SUPERVISING_LEADER',
      'SUPERVISING_LEADER',
      'SUPERVISING_LEADER',
      'SUPERVISING_LEADER',
      'SUPERVISING_LEADER',
      'UNIT_LEADING_GROUP',
    ]);
  });
});

describe('R01 issue 13.4 XLSX bounds', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('refuses a sparse sheet (one value at XFD1048576) at once, naming the cell', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('sparse').getCell('XFD1048576').value = 'x';
    const sparse = Buffer.from(await book.xlsx.writeBuffer());
    const err = await importRosterFile(db.dataSource, sparse, 'XLSX').catch((e: unknown) => e);
    expect((err as DomainError).fieldErrors).toEqual([
      {
        field: 'file',
        reason: 'the sheet has a value in column 16384 (XFD1048576); at most 24 columns are known',
        message: '单元格 XFD1048576 有内容，表格最多 24 列',
      },
    ]);
  });

  it('refuses a sheet with a value below the row cap', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('long');
    sheet.getCell('A1').value = '单位编码';
    sheet.getCell('A50003').value = 'x';
    const err = await importRosterFile(db.dataSource, Buffer.from(await book.xlsx.writeBuffer()), 'XLSX').catch(
      (e: unknown) => e,
    );
    expect((err as DomainError).fieldErrors).toEqual([
      {
        field: 'file',
        reason: 'the sheet has a value in row 50003 (A50003); at most 50001 rows are allowed',
        message: '单元格 A50003 有内容，表格最多 50001 行',
      },
    ]);
  });
});

describe('R02 the district leading group and its office from attachment 1', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('imports the example file: 组长, 副组长, 成员, and the office with its director', async () => {
    const file = readFileSync(join(__dirname, '../../../infra/examples/district-leading-group.csv'));
    const summary = await importRosterFile(db.dataSource, file, 'CSV');
    expect(summary.people.created).toBe(53);
    expect(summary.leadingGroupChanges).toBe(1);
    const members: { name: string; role: string }[] = await db.dataSource.query(
      `SELECT p.name, m.role FROM leading_group_member m JOIN person p ON p.id = m.person_id WHERE m.unit_id IS NULL ORDER BY m.role, p.name`,
    );
    const byRole = (role: string) => members.filter((m) => m.role === role).map((m) => m.name);
    expect(byRole('LEADER').sort()).toEqual(['牛少健', '韩乃强'].sort());
    expect(byRole('DEPUTY')).toHaveLength(9);
    expect(byRole('MEMBER')).toHaveLength(38);
    expect(byRole('OFFICE_DIRECTOR')).toEqual(['侯玉梅']);
    expect(byRole('OFFICE_MEMBER').sort()).toEqual(['李强', '法永', '陈光智', '姜超', '杨德标'].sort());
    expect(await db.dataSource.getRepository(LeadingGroupMemberEntity).count()).toBe(55);
  });
});

/** GB18030 encoder for the test: Node has a decoder but no encoder, so map the few characters used. */
class TextEncoderGb {
  encode(text: string): number[] {
    const out: number[] = [];
    const decoder = new TextDecoder('gb18030');
    const cache = new Map<string, number[]>();
    for (const ch of text) {
      if (ch.charCodeAt(0) < 0x80) {
        out.push(ch.charCodeAt(0));
        continue;
      }
      let bytes = cache.get(ch);
      if (!bytes) {
        search: for (let hi = 0x81; hi <= 0xfe; hi++) {
          for (let lo = 0x40; lo <= 0xfe; lo++) {
            if (decoder.decode(new Uint8Array([hi, lo])) === ch) {
              bytes = [hi, lo];
              break search;
            }
          }
        }
        if (!bytes) throw new Error(`no GB18030 two-byte code for ${ch}`);
        cache.set(ch, bytes);
      }
      out.push(...bytes);
    }
    return out;
  }
}
