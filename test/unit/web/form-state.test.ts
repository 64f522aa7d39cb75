import { changeRows } from '../../../apps/web/src/lib/diff';
import {
  blankPoint,
  draftOf,
  errorsByControl,
  movePoint,
  saveInput,
  updatePoint,
} from '../../../apps/web/src/lib/form-state';
import { fieldLabel } from '../../../apps/web/src/lib/labels';
import { menuFor } from '../../../apps/web/src/lib/roles';

const point = (description: string) => ({ ...blankPoint(), description });

/** Issue 14: the console's own logic (form state, field errors, the reviewer's diff, menus by role). */
describe('the web console’s form state and diff (issue 14)', () => {
  it('R08 reorders, edits and saves risk points; a point keeps its key when it moves', () => {
    const [a, b, c] = [point('a'), point('b'), point('c')];
    const moved = movePoint([a, b, c], 2, -1);
    expect(moved.map((p) => p.description)).toEqual(['a', 'c', 'b']);
    expect(moved[1]!.key).toBe(c.key);
    expect(movePoint([a, b], 0, -1).map((p) => p.description)).toEqual(['a', 'b']);
    expect(movePoint([a, b], 1, 1).map((p) => p.description)).toEqual(['a', 'b']);

    // The server refuses causes without the point's own category, and a source without backward analysis.
    const [edited] = updatePoint([{ ...a, direction: 'BACKWARD', backwardSource: 'COMPLAINTS' }], 0, {
      category: 'INSTITUTIONAL',
      direction: 'FORWARD',
    });
    expect(edited!.causes).toEqual(['POST_DUTY', 'INSTITUTIONAL']);
    expect(edited!.backwardSource).toBeNull();

    const input = saveInput(
      { fields: { position: '会计' }, riskPoints: [{ ...a, responsiblePostCode: '  ' }] },
      '2027',
      4,
    );
    expect(input).toMatchObject({ campaignId: '2027', expectedVersion: 4, position: '会计' });
    expect(input.riskPoints[0]).not.toHaveProperty('key');
    expect(input.riskPoints[0]!.responsiblePostCode).toBeNull();
  });

  it('R08 reads a form into a draft with only its type’s fields', () => {
    const draft = draftOf({
      fields: ['position', 'postDuties'],
      position: '会计',
      postDuties: '核算',
      departmentName: '不属于此表',
      riskPoints: [point('x')],
    });
    expect(draft.fields).toEqual({ position: '会计', postDuties: '核算' });
    expect(draft.riskPoints[0]!.key).toMatch(/^p\d+$/);
  });

  it('puts a server field error on the control of the point it names, even after the point moved', () => {
    const [a, b] = [point('a'), point('b')];
    const errors = errorsByControl(
      [
        { field: 'riskPoints[1].likelihood', reason: 'must be 1–3', message: '须为 1 到 3 的整数' },
        { field: 'riskPoints[1].likelihood', reason: 'again', message: '再次' },
        { field: 'postDuties', reason: 'too long', message: '太长' },
        { field: 'riskPoints[0]', reason: 'whole point', message: '整个风险点' },
      ],
      [a, b],
    );
    // The person reads the Chinese `message`, never the English `reason`.
    expect(errors.get(`${b.key}.likelihood`)).toBe('须为 1 到 3 的整数；再次');
    expect(errors.get('postDuties')).toBe('太长');
    expect(errors.get(`${a.key}.description`)).toBe('整个风险点');
    expect(fieldLabel('riskPoints[2].likelihood')).toBe('风险点3 · 发生几率');
    expect(fieldLabel('controlMeasures')).toBe('自我防控措施');
  });

  it('R09 shows the changes since the previous round in words, enum values in Chinese', () => {
    expect(
      changeRows([
        { field: 'postDuties', before: '核算', after: '核算；三审' },
        { field: 'riskPoints[0].causes', before: 'POST_DUTY', after: 'POST_DUTY, INSTITUTIONAL' },
        { field: 'riskPoints[3]', before: null, after: '新增风险点' },
        { field: 'riskPoints[4]', before: '删掉的', after: null },
      ]),
    ).toEqual([
      { field: 'postDuties', label: '岗位职责', before: '核算', after: '核算；三审', kind: 'changed' },
      {
        field: 'riskPoints[0].causes',
        label: '风险点1 · 形成原因',
        before: '岗位职责',
        after: '岗位职责、制度机制',
        kind: 'changed',
      },
      { field: 'riskPoints[3]', label: '风险点4', before: '—', after: '新增风险点', kind: 'added' },
      { field: 'riskPoints[4]', label: '风险点5', before: '删掉的', after: '—', kind: 'removed' },
    ]);
  });

  it('shows each role the pages it may use', () => {
    const paths = (me: Parameters<typeof menuFor>[0]) => menuFor(me).map((m) => m.path);
    expect(paths({ unitId: 's001', roles: [] })).toEqual(['/my-form', '/notifications', '/access-tokens']);
    expect(paths({ unitId: 's001', roles: [{ role: 'DEPARTMENT_HEAD' }] })).toEqual([
      '/my-form',
      '/inbox',
      '/notifications',
      '/access-tokens',
    ]);
    // The discipline team watches the campaign, audits it and handles oversight; only the office launches it, steers
    // it, imports the roster, configures chains, rules and holidays and retries dead letters.
    expect(paths({ unitId: null, roles: [{ role: 'DISCIPLINE_TEAM' }] })).toEqual([
      '/inbox',
      '/office',
      '/office/units',
      '/forms',
      '/office/exports',
      '/oversight',
      '/notifications',
      '/access-tokens',
    ]);
    expect(paths({ unitId: 'bureau', roles: [{ role: 'OFFICE_ADMIN' }] })).toEqual([
      '/my-form',
      '/inbox',
      '/office',
      '/office/units',
      '/forms',
      '/office/exports',
      '/office/launch',
      '/office/roster',
      '/office/configuration',
      '/office/deliveries',
      '/oversight',
      '/notifications',
      '/access-tokens',
    ]);
    // Unit leaders also see their unit's work and execution records.
    expect(paths({ unitId: 's001', roles: [{ role: 'UNIT_PRINCIPAL', unitId: 's001' }] })).toEqual([
      '/my-form',
      '/inbox',
      '/unit',
      '/unit/execution',
      '/forms',
      '/notifications',
      '/access-tokens',
    ]);
  });
});
