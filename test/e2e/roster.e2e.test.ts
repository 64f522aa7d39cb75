import ExcelJS from 'exceljs';
import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv, writeXlsx } from '@pirm/persistence';
import { TestStack } from '../support/gateway';
import { within } from '../support/wait';

interface Person {
  id: string;
  name: string;
  unitId: string | null;
  departmentName: string | null;
  postName: string | null;
  code: string | null;
  position: string | null;
  roles: { role: string; unitId: string | null }[] | null;
  leftAt: string | null;
}
interface Conn<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PEOPLE = `query($u: ID, $s: String, $l: Boolean, $f: Int, $a: String) {
  rosterPeople(unitId: $u, search: $s, includeLeft: $l, first: $f, after: $a) {
    edges { cursor node { id name unitId departmentName postName code position roles { role unitId } leftAt } } pageInfo { hasNextPage endCursor } } }`;
const GROUPS = `query($u: ID, $d: Boolean) { leadingGroupMembers(unitId: $u, district: $d, first: 100) { edges { node { unitId role label name code } } pageInfo { hasNextPage } } }`;
const IMPORT = `mutation($i: ImportRosterInput!) { importRoster(input: $i) { mode dryRun newPeople changedPeople leavers { code unitId } unitIds errors { row column reason } } }`;
const b64 = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64');

describe('R01/R02 the roster read back by scope, leavers, and bounded XLSX (issues 12.4, 12.9, 13.4)', () => {
  const stack = new TestStack();
  const rows = generateDistrictRows({ units: 3, people: 60, seed: 12 });
  const header = rows[0]!;
  const code = (r: string[]): string => r[header.indexOf('工号')]!;
  const unit = (r: string[]): string => r[header.indexOf('单位编码')]!;
  let root: string;
  const as = (who: string) => stack.token(who);

  /** Every page of rosterPeople, following the cursors. */
  async function allPeople(token: string, vars: Record<string, unknown> = {}): Promise<Person[]> {
    const out: Person[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: { rosterPeople: Conn<Person> } | null; errors?: unknown } = await stack.graphql<{
        rosterPeople: Conn<Person>;
      }>(PEOPLE, { ...vars, f: 7, a: after }, token);
      expect(res.errors).toBeUndefined();
      const c: Conn<Person> = res.data!.rosterPeople;
      out.push(...c.edges.map((e) => e.node));
      if (!c.pageInfo.hasNextPage) return out;
      after = c.pageInfo.endCursor;
    }
  }
  const codeOf = async (token: string, q: string, vars: Record<string, unknown> = {}) =>
    (await stack.graphql(q, vars, token)).errors?.[0]?.extensions?.code ?? 'OK';

  beforeAll(async () => {
    await stack.start();
    root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const res = await stack.graphql(IMPORT, { i: { format: 'CSV', contentBase64: b64(toCsv(rows)) } }, root);
    expect(res.errors).toBeUndefined();
  });
  afterAll(() => stack.stop());

  it('R01 issue 12.9: the discipline team reads every unit in full, paged without gaps, searchable by 工号', async () => {
    const people = await allPeople(as('discipline-1'));
    expect(people.map((p) => p.code).sort()).toEqual([...rows.slice(1).map(code), 'root-admin'].sort());
    const found = await stack.graphql<{ rosterPeople: Conn<Person> }>(PEOPLE, { s: 's002-0001' }, as('discipline-1'));
    expect(found.data!.rosterPeople.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        code: 's002-0001',
        unitId: 's002',
        roles: expect.arrayContaining([{ role: 'UNIT_PRINCIPAL', unitId: 's002' }]),
      }),
    ]);
    expect(await codeOf(as('discipline-1'), PEOPLE, { a: 'not a cursor' })).toBe('VALIDATION_FAILED');
    expect(await codeOf(as('discipline-1'), PEOPLE, { f: 101 })).toBe('VALIDATION_FAILED');
    const groups = await stack.graphql<{ leadingGroupMembers: Conn<{ unitId: string | null }> }>(
      GROUPS,
      { d: true },
      as('office-admin'),
    );
    expect(groups.data!.leadingGroupMembers.edges.length).toBeGreaterThan(0);
    expect(groups.data!.leadingGroupMembers.edges.every((e) => e.node.unitId === null)).toBe(true);
  });

  it('R01 issue 12.9: a unit’s leaders read their unit in full and nothing of another unit', async () => {
    const principal = as('s001-0001');
    const people = await allPeople(principal);
    expect(people.map((p) => p.code).sort()).toEqual(
      rows
        .slice(1)
        .filter((r) => unit(r) === 's001')
        .map(code)
        .sort(),
    );
    expect(people.every((p) => p.roles !== null && p.position !== null)).toBe(true);
    expect(await codeOf(principal, PEOPLE, { u: 's002' })).toBe('FORBIDDEN');
    const groups = await stack.graphql<{ leadingGroupMembers: Conn<{ unitId: string | null; label: string }> }>(
      GROUPS,
      {},
      principal,
    );
    expect(new Set(groups.data!.leadingGroupMembers.edges.map((e) => e.node.unitId))).toEqual(new Set(['s001']));
    expect(await codeOf(principal, GROUPS, { d: true })).toBe('FORBIDDEN');
    expect(await codeOf(principal, GROUPS, { u: 's002' })).toBe('FORBIDDEN');
  });

  it('R01 issue 12.9: staff read their unit’s directory of names, departments and posts only', async () => {
    const staff = as('s001-0020');
    const people = await allPeople(staff);
    expect(people).toHaveLength(rows.slice(1).filter((r) => unit(r) === 's001').length);
    for (const p of people) {
      expect(p).toMatchObject({ unitId: 's001', code: null, position: null, roles: null, leftAt: null });
      expect(p.postName).toEqual(expect.any(String));
    }
    // Names are searchable; 工号 are not theirs to search.
    const someone = rows.slice(1).find((r) => unit(r) === 's001' && code(r) === 's001-0001')!;
    const byName = await stack.graphql<{ rosterPeople: Conn<Person> }>(
      PEOPLE,
      { s: someone[header.indexOf('姓名')] },
      staff,
    );
    expect(byName.data!.rosterPeople.edges.map((e) => e.node.name)).toContain(someone[header.indexOf('姓名')]);
    expect(
      (await stack.graphql<{ rosterPeople: Conn<Person> }>(PEOPLE, { s: 's001-0001' }, staff)).data!.rosterPeople.edges,
    ).toEqual([]);
    expect(await codeOf(staff, PEOPLE, { u: 's002' })).toBe('FORBIDDEN');
    expect(await codeOf(staff, GROUPS)).toBe('FORBIDDEN');
    const units = await stack.graphql<{ rosterUnits: Conn<{ id: string }> }>(
      '{ rosterUnits { edges { node { id } } } }',
      {},
      staff,
    );
    expect(units.data!.rosterUnits.edges.map((e) => e.node.id)).toEqual(['s001']);
    const departments = await stack.graphql<{ rosterDepartments: Conn<{ unitId: string }> }>(
      '{ rosterDepartments(first: 100) { edges { node { unitId } } } }',
      {},
      staff,
    );
    expect(new Set(departments.data!.rosterDepartments.edges.map((e) => e.node.unitId))).toEqual(new Set(['s001']));
    const posts = await stack.graphql<{ rosterPosts: Conn<{ unitId: string }> }>(
      '{ rosterPosts(first: 100) { edges { node { unitId } } } }',
      {},
      staff,
    );
    expect(new Set(posts.data!.rosterPosts.edges.map((e) => e.node.unitId))).toEqual(new Set(['s001']));
  });

  it('R01 issue 12.4: a dry run lists who would leave; the full import makes them leave: no sign-in, listed as left to the office only', async () => {
    const leaver = 's002-0011';
    const file = b64(toCsv(rows.filter((r) => r === header || (unit(r) === 's002' && code(r) !== leaver))));
    const dry = await stack.graphql<{ importRoster: { leavers: { code: string }[]; dryRun: boolean } }>(
      IMPORT,
      { i: { format: 'CSV', contentBase64: file, mode: 'FULL_UNITS', dryRun: true } },
      root,
    );
    expect(dry.data!.importRoster).toMatchObject({
      dryRun: true,
      leavers: [{ code: leaver, unitId: 's002' }],
      unitIds: ['s002'],
      errors: [],
    });
    expect(await codeOf(as(leaver), '{ me { code } }')).toBe('OK');

    const done = await stack.graphql(IMPORT, { i: { format: 'CSV', contentBase64: file, mode: 'FULL_UNITS' } }, root);
    expect(done.data!.importRoster).toMatchObject({ dryRun: false, leavers: [{ code: leaver, unitId: 's002' }] });
    expect(await codeOf(as(leaver), '{ me { code } }')).toBe('UNAUTHENTICATED');
    const listed = await allPeople(as('office-admin'), { u: 's002', l: true });
    expect(listed.find((p) => p.code === leaver)).toMatchObject({ leftAt: expect.any(String), roles: [] });
    expect((await allPeople(as('office-admin'), { u: 's002' })).some((p) => p.code === leaver)).toBe(false);
    expect(
      (await allPeople(as('s002-0020'), { l: true })).some(
        (p) => p.name === listed.find((x) => x.code === leaver)!.name,
      ),
    ).toBe(false);
  });

  it('R01 issue 13.4: a sparse XLSX is refused at once with a clear error, and /health answers while a 10,000-row XLSX is read', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('sparse').getCell('XFD1048576').value = 'x';
    const sparse = Buffer.from(await book.xlsx.writeBuffer());
    const refused = await within(
      'the sparse XLSX refusal',
      stack.graphql(IMPORT, { i: { format: 'XLSX', contentBase64: b64(sparse), dryRun: true } }, root),
      20_000,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        {
          field: 'file',
          reason: 'the sheet has a value in column 16384 (XFD1048576); at most 24 columns are known',
          message: '单元格 XFD1048576 有内容，表格最多 24 列',
        },
      ],
    });

    const big = await writeXlsx('人员名册', generateDistrictRows({ units: 20, people: 10_000, seed: 3 }));
    const reading = stack.graphql<{ importRoster: { newPeople: string[] } }>(
      IMPORT,
      { i: { format: 'XLSX', contentBase64: b64(big), dryRun: true } },
      root,
    );
    let settled = false;
    void reading.finally(() => (settled = true));
    let answered = 0;
    while (!settled) {
      // Generous: a blocked event loop answers nothing until the whole file is read.
      const t0 = Date.now();
      const res = await within('/health during the XLSX read', fetch(`${stack.url}/health`), 2_000);
      expect(res.status).toBeLessThan(500);
      expect(Date.now() - t0).toBeLessThan(2_000);
      answered++;
    }
    expect(answered).toBeGreaterThan(1);
    expect((await reading).data!.importRoster.newPeople.length).toBeGreaterThan(9_000);
  });

  it('R01 issue 18: 电子邮箱 and 手机号 imported with the roster reach the person; a bad address is refused by field; a file without them keeps them', async () => {
    const ours = rows.filter((r) => r !== header && unit(r) === 's001');
    const who = code(ours.find((r) => !r[header.indexOf('角色')])!);
    const rowOf = ours.findIndex((r) => code(r) === who) + 2; // the header is row 1
    /** Our unit's rows with the two contact columns, filled in for `who` only. */
    const withContacts = (email: string, mobile: string) =>
      b64(
        toCsv([
          [...header, '电子邮箱', '手机号'],
          ...ours.map((r) => [...r, code(r) === who ? email : '', code(r) === who ? mobile : '']),
        ]),
      );
    const CONTACTS = '{ myNotificationPreferences { email mobile channels chosen } }';
    type Contacts = { myNotificationPreferences: { email: string | null; mobile: string | null; channels: string[] } };
    const contacts = async () => (await stack.graphql<Contacts>(CONTACTS, {}, as(who))).data!.myNotificationPreferences;

    const imported = await stack.graphql(
      IMPORT,
      { i: { format: 'CSV', contentBase64: withContacts('li.ming@school.cn', '138 0013 8000') } },
      root,
    );
    expect(imported.errors).toBeUndefined();
    // The number is kept as 11 digits; with an address and no choice of their own, the person is e-mailed.
    expect(await contacts()).toEqual({
      email: 'li.ming@school.cn',
      mobile: '13800138000',
      channels: ['EMAIL'],
      chosen: false,
    });

    const bad = await stack.graphql(
      IMPORT,
      { i: { format: 'CSV', contentBase64: withContacts('li.ming@', '12345') } },
      root,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        { field: `row ${rowOf}, 电子邮箱`, reason: expect.any(String), message: '不是有效的电子邮箱地址' },
        { field: `row ${rowOf}, 手机号`, reason: expect.any(String), message: '不是有效的手机号码' },
      ],
    });
    expect(await contacts()).toMatchObject({ email: 'li.ming@school.cn', mobile: '13800138000' });

    // A file without the columns says nothing about contacts: what is known stays.
    const plain = await stack.graphql(
      IMPORT,
      { i: { format: 'CSV', contentBase64: b64(toCsv([header, ...ours])) } },
      root,
    );
    expect(plain.errors).toBeUndefined();
    expect(await contacts()).toMatchObject({ email: 'li.ming@school.cn', mobile: '13800138000' });

    // An empty cell in a file with the columns removes it.
    expect(
      (await stack.graphql(IMPORT, { i: { format: 'CSV', contentBase64: withContacts('', '') } }, root)).errors,
    ).toBeUndefined();
    expect(await contacts()).toMatchObject({ email: null, mobile: null });
  });
});
