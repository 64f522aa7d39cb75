import type { ErrorText } from './errors';
import { REQUIRED, tooLong } from './fields';
import { ROLE_LABELS, Role } from './roles';
import { FORM_TYPES, FORM_TYPE_SHORT_LABELS, type FormType } from './risk';
import { emailProblem, mobileProblem } from './notify';

/**
 * R01/R02 roster import: the district's units, departments (科室/年级组), posts and people, with their
 * roles and the leading groups, from a decoded CSV/XLSX sheet (`rows[0]` = headers, every cell a string).
 * Pure and deterministic: the same rows always give the same roster and the same errors, in the same order.
 * Every problem is reported, not just the first; the roster is meaningful only when `errors` is empty.
 */

export const UNIT_KINDS = ['BUREAU', 'SCHOOL', 'OTHER'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  BUREAU: '局机关',
  SCHOOL: '学校',
  OTHER: '直属单位',
};

export const DEPARTMENT_KINDS = ['DEPARTMENT', 'GRADE_GROUP'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];
export const DEPARTMENT_KIND_LABELS: Readonly<Record<DepartmentKind, string>> = {
  DEPARTMENT: '科室',
  GRADE_GROUP: '年级组',
};

export const POST_POWERS = ['APPROVAL', 'INSPECTION', 'DISPOSAL', 'OTHER'] as const;
export type PostPower = (typeof POST_POWERS)[number];
export const POST_POWER_LABELS: Readonly<Record<PostPower, string>> = {
  APPROVAL: '审批',
  INSPECTION: '检查',
  DISPOSAL: '处置',
  OTHER: '其他',
};

export const LEADING_GROUP_ROLES = ['LEADER', 'DEPUTY', 'MEMBER', 'OFFICE_DIRECTOR', 'OFFICE_MEMBER'] as const;
export type LeadingGroupRole = (typeof LEADING_GROUP_ROLES)[number];
export const LEADING_GROUP_ROLE_LABELS: Readonly<Record<LeadingGroupRole, string>> = {
  LEADER: '组长',
  DEPUTY: '副组长',
  MEMBER: '成员',
  OFFICE_DIRECTOR: '办公室主任',
  OFFICE_MEMBER: '办公室成员',
};

export const LEADING_GROUP_SCOPES = ['DISTRICT', 'UNIT'] as const;
export type LeadingGroupScopeKind = (typeof LEADING_GROUP_SCOPES)[number];
export const LEADING_GROUP_SCOPE_LABELS: Readonly<Record<LeadingGroupScopeKind, string>> = {
  DISTRICT: '全区',
  UNIT: '本单位',
};

/** Short labels of the three forms as the roster's 填表类型 column spells them (existing rosters say 一般工作人员). */
export const ROSTER_FORM_TYPE_LABELS: Readonly<Record<FormType, string>> = {
  ...FORM_TYPE_SHORT_LABELS,
  GENERAL_STAFF: '一般工作人员',
};

/**
 * Who a file stands for: MERGE, only the people in it (missing people keep everything); FULL_UNITS, every
 * unit in it (its people missing from the file leave); FULL_DISTRICT, the whole district (everyone missing leaves).
 */
export const ROSTER_IMPORT_MODES = ['MERGE', 'FULL_UNITS', 'FULL_DISTRICT'] as const;
export type RosterImportMode = (typeof ROSTER_IMPORT_MODES)[number];
export const ROSTER_IMPORT_MODE_LABELS: Readonly<Record<RosterImportMode, string>> = {
  MERGE: '合并（名单外人员不变）',
  FULL_UNITS: '按单位全量（文件中单位的名单外人员离开）',
  FULL_DISTRICT: '全区全量（名单外人员全部离开）',
};

export interface RosterUnit {
  code: string;
  name: string;
  kind: UnitKind;
}

export interface RosterDepartment {
  unitCode: string;
  code: string;
  name: string;
  kind: DepartmentKind;
  headPersonCode: string | null;
}

export interface RosterPost {
  unitCode: string;
  code: string;
  name: string;
  postType: string;
  formType: FormType;
  duties: string;
  powers: PostPower[];
  processSteps: string[];
  /** The department of the first row defining the post. */
  departmentCode: string | null;
}

export interface RosterRoleGrant {
  role: Role;
  /** null: the whole district. */
  unitCode: string | null;
  departmentCode: string | null;
}

export interface RosterPerson {
  code: string;
  name: string;
  position: string;
  unitCode: string;
  departmentCode: string | null;
  postCode: string;
  roles: RosterRoleGrant[];
  /**
   * Contacts for outbound notifications (issue 18): a value; null when the column is in the file and the cell
   * is empty (the contact is removed); undefined when the file has no such column (the known one stays).
   */
  email?: string | null;
  mobile?: string | null;
}

export interface RosterLeadingGroupMember {
  scope: 'DISTRICT' | { unitCode: string };
  personCode: string;
  role: LeadingGroupRole;
  title: string;
}

export interface Roster {
  units: RosterUnit[];
  departments: RosterDepartment[];
  posts: RosterPost[];
  people: RosterPerson[];
  leadingGroupMembers: RosterLeadingGroupMember[];
}

/**
 * `row` is the file's row number (header = 1); `column` the Chinese header ('' for the file as a whole); `reason`
 * in English for scripts, `message` in Chinese for the office.
 */
export interface RowError {
  row: number;
  column: string;
  reason: string;
  message: string;
}

/** What is wrong with a cell, for scripts (English) and for people (Chinese). */
type Problem = ErrorText;

export interface RosterColumn {
  header: string;
  alias: string;
  required: boolean;
}

export const ROSTER_COLUMNS = [
  { header: '单位编码', alias: 'unitCode', required: true },
  { header: '单位名称', alias: 'unitName', required: true },
  { header: '单位类型', alias: 'unitKind', required: true },
  { header: '科室编码', alias: 'departmentCode', required: false },
  { header: '科室名称', alias: 'departmentName', required: false },
  { header: '科室类型', alias: 'departmentKind', required: false },
  { header: '岗位编码', alias: 'postCode', required: true },
  { header: '岗位名称', alias: 'postName', required: true },
  { header: '岗位类别', alias: 'postType', required: true },
  { header: '填表类型', alias: 'formType', required: true },
  { header: '岗位职责', alias: 'postDuties', required: false },
  { header: '岗位权力', alias: 'postPowers', required: false },
  { header: '工作流程', alias: 'processSteps', required: false },
  { header: '工号', alias: 'personCode', required: true },
  { header: '姓名', alias: 'name', required: true },
  { header: '职务', alias: 'position', required: false },
  { header: '角色', alias: 'roles', required: false },
  { header: '分管科室', alias: 'supervisedDepartments', required: false },
  { header: '覆盖单位', alias: 'coveredUnits', required: false },
  { header: '领导小组', alias: 'leadingGroup', required: false },
  { header: '领导小组职务', alias: 'leadingGroupRole', required: false },
  { header: '小组职务说明', alias: 'leadingGroupTitle', required: false },
  { header: '电子邮箱', alias: 'email', required: false },
  { header: '手机号', alias: 'mobile', required: false },
] as const satisfies readonly RosterColumn[];

type ColumnKey = (typeof ROSTER_COLUMNS)[number]['alias'];

/** More non-blank data rows than this and nothing is parsed. */
export const MAX_ROSTER_ROWS = 50_000;

export const ROSTER_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const ROSTER_MAX_LENGTHS = { code: 64, name: 100, text: 2000 } as const;
type TextKind = keyof typeof ROSTER_MAX_LENGTHS;

const CODE_PROBLEM: Problem = {
  reason: 'must start with a letter or digit and contain only letters, digits, _ . -',
  message: '须以字母或数字开头，只能含字母、数字和 _ . -',
};
const WHOLE_DISTRICT = ['全区', '*'];
const LIST_SEPARATORS = /[;；,，、|]/;
const STEP_SEPARATORS = /[;；,，、|→]/;

const HEADER: Readonly<Record<ColumnKey, string>> = Object.fromEntries(
  ROSTER_COLUMNS.map((c) => [c.alias, c.header]),
) as Record<ColumnKey, string>;
const COLUMN_RANK: ReadonlyMap<string, number> = new Map(ROSTER_COLUMNS.map((c, i) => [c.header, i]));
const ROLE_ORDER: readonly Role[] = Object.values(Role);

// ---- enumerations: Chinese label (full-width parentheses tolerated) or English code, case-insensitive ----

interface Choice<T extends string> {
  values: readonly T[];
  labels: Readonly<Record<T, string>>;
}

const UNIT_KIND_CHOICE: Choice<UnitKind> = { values: UNIT_KINDS, labels: UNIT_KIND_LABELS };
const DEPARTMENT_KIND_CHOICE: Choice<DepartmentKind> = { values: DEPARTMENT_KINDS, labels: DEPARTMENT_KIND_LABELS };
const FORM_TYPE_CHOICE: Choice<FormType> = { values: FORM_TYPES, labels: ROSTER_FORM_TYPE_LABELS };
const POST_POWER_CHOICE: Choice<PostPower> = { values: POST_POWERS, labels: POST_POWER_LABELS };
const ROLE_CHOICE: Choice<Role> = { values: ROLE_ORDER, labels: ROLE_LABELS };
const LEADING_GROUP_CHOICE: Choice<LeadingGroupScopeKind> = {
  values: LEADING_GROUP_SCOPES,
  labels: LEADING_GROUP_SCOPE_LABELS,
};
const LEADING_GROUP_ROLE_CHOICE: Choice<LeadingGroupRole> = {
  values: LEADING_GROUP_ROLES,
  labels: LEADING_GROUP_ROLE_LABELS,
};

const halfWidthParens = (s: string): string => s.replace(/（/g, '(').replace(/）/g, ')');

function matchChoice<T extends string>(choice: Choice<T>, raw: string): T | undefined {
  const label = halfWidthParens(raw);
  const code = raw.toUpperCase();
  return choice.values.find((v) => choice.labels[v] === label || v === code);
}

const allowedValues = <T extends string>(choice: Choice<T>): string =>
  `${choice.values.map((v) => choice.labels[v]).join(', ')} (or ${choice.values.join(', ')})`;
const allowedLabels = <T extends string>(choice: Choice<T>): string =>
  choice.values.map((v) => choice.labels[v]).join('、');

const splitList = (cell: string, separators: RegExp): string[] =>
  cell
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const charCount = (s: string): number => [...s].length;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const compareNullable = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : compareText(a, b);

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

const uniqueSorted = (items: readonly string[]): string[] => [...new Set(items)].sort(compareText);

// ---- one row's cells ----

/** Parsed 覆盖单位: nothing, the whole district, or a sorted list of unit codes. */
type Coverage = { kind: 'NONE' } | { kind: 'DISTRICT' } | { kind: 'UNITS'; unitCodes: string[] };

class RowReader {
  constructor(
    readonly row: number,
    private readonly cells: readonly string[],
    private readonly index: ReadonlyMap<ColumnKey, number>,
    private readonly errors: RowError[],
  ) {}

  /** Whether the file has the column at all. */
  has(key: ColumnKey): boolean {
    return this.index.has(key);
  }

  /** An optional contact cell: undefined without the column, null when empty, the value when valid (else reported). */
  contact(key: 'email' | 'mobile'): string | null | undefined {
    if (!this.has(key)) return undefined;
    const value = this.raw(key).replace(key === 'mobile' ? /[\s-]/g : /^$/, '');
    if (value === '') return null;
    const reason = key === 'email' ? emailProblem(value) : mobileProblem(value);
    if (reason !== null) {
      this.error(key, { reason, message: key === 'email' ? '不是有效的电子邮箱地址' : '不是有效的手机号码' });
      return undefined;
    }
    return value;
  }

  raw(key: ColumnKey): string {
    const i = this.index.get(key);
    return i === undefined ? '' : (this.cells[i] ?? '').trim();
  }

  error(key: ColumnKey, problem: Problem): void {
    this.errors.push({ row: this.row, column: HEADER[key], ...problem });
  }

  /** The trimmed text; '' when an optional cell is empty; undefined when missing-but-required or invalid (reported). */
  text(key: ColumnKey, kind: TextKind, required: boolean): string | undefined {
    const value = this.raw(key);
    if (value === '') {
      if (!required) return '';
      this.error(key, REQUIRED);
      return undefined;
    }
    const problem = textProblem(value, kind);
    if (problem !== null) {
      this.error(key, problem);
      return undefined;
    }
    return value;
  }

  /** null when an optional cell is empty; undefined when missing-but-required or invalid (reported). */
  choice<T extends string>(key: ColumnKey, choice: Choice<T>, required: boolean): T | null | undefined {
    const value = this.raw(key);
    if (value === '') {
      if (required) this.error(key, REQUIRED);
      return required ? undefined : null;
    }
    const match = matchChoice(choice, value);
    if (match === undefined)
      this.error(key, {
        reason: `must be one of ${allowedValues(choice)}`,
        message: `须为以下之一：${allowedLabels(choice)}`,
      });
    return match;
  }

  /** Distinct values in the choice's canonical order; undefined when any item is invalid (each reported). */
  choiceList<T extends string>(key: ColumnKey, choice: Choice<T>): T[] | undefined {
    let cell = halfWidthParens(this.raw(key));
    // A label containing a separator (派驻纪检组、监察室) must not be split apart.
    for (const v of choice.values) {
      if (LIST_SEPARATORS.test(choice.labels[v])) cell = cell.split(choice.labels[v]).join(v);
    }
    const found = new Set<T>();
    let ok = true;
    for (const item of splitList(cell, LIST_SEPARATORS)) {
      const match = matchChoice(choice, item);
      if (match === undefined) {
        this.error(key, {
          reason: `'${item}' is not one of ${allowedValues(choice)}`,
          message: `“${item}”不是可选的值（${allowedLabels(choice)}）`,
        });
        ok = false;
      } else {
        found.add(match);
      }
    }
    return ok ? choice.values.filter((v) => found.has(v)) : undefined;
  }

  /** Distinct codes, sorted; undefined when any item is invalid (each reported). */
  codeList(key: ColumnKey, allowWholeDistrict = false): string[] | 'DISTRICT' | undefined {
    const items = splitList(this.raw(key), LIST_SEPARATORS);
    if (allowWholeDistrict && items.some((item) => WHOLE_DISTRICT.includes(item))) {
      if (items.length === 1) return 'DISTRICT';
      this.error(key, {
        reason: '全区 (or *) cannot be combined with unit codes',
        message: '全区（或 *）不能与单位编码同时填写',
      });
      return undefined;
    }
    let ok = true;
    for (const item of items) {
      const problem = textProblem(item, 'code');
      if (problem !== null) {
        this.error(key, { reason: `'${item}' ${problem.reason}`, message: `“${item}”${problem.message}` });
        ok = false;
      }
    }
    return ok ? uniqueSorted(items) : undefined;
  }

  /** Steps in their order; undefined when the cell is too long (reported). */
  stepList(key: ColumnKey): string[] | undefined {
    const value = this.text(key, 'text', false);
    return value === undefined ? undefined : splitList(value, STEP_SEPARATORS);
  }
}

function textProblem(value: string, kind: TextKind): Problem | null {
  const max = ROSTER_MAX_LENGTHS[kind];
  if (charCount(value) > max) return tooLong(max);
  if (kind === 'code' && !ROSTER_CODE_PATTERN.test(value)) return CODE_PROBLEM;
  return null;
}

// ---- entities defined across rows: the first row giving a field's value defines it; later rows must agree ----

class Definition<F extends object> {
  private readonly fields: { [K in keyof F]?: { value: F[K]; row: number } } = {};

  /** `label` names the entity in English and Chinese. */
  constructor(private readonly label: { en: string; zh: string }) {}

  /** Records `value` (skipped when undefined); a different value than the defining row's is reported. */
  define<K extends keyof F>(key: K, value: F[K] | undefined, reader: RowReader, column: ColumnKey): void {
    if (value === undefined) return;
    const prior = this.fields[key];
    if (prior === undefined) this.fields[key] = { value, row: reader.row };
    else if (!sameValue(prior.value, value))
      reader.error(column, {
        reason: `${this.label.en} was defined differently in row ${prior.row}`,
        message: `${this.label.zh} 与第 ${prior.row} 行的填写不一致`,
      });
  }

  get<K extends keyof F>(key: K, fallback: F[K]): F[K] {
    const field = this.fields[key];
    return field === undefined ? fallback : field.value;
  }
}

interface UnitFields {
  name: string;
  kind: UnitKind;
}
interface DepartmentFields {
  name: string;
  kind: DepartmentKind;
}
interface PostFields {
  name: string;
  postType: string;
  formType: FormType;
  duties: string;
  powers: PostPower[];
  processSteps: string[];
}

interface UnitEntry {
  code: string;
  def: Definition<UnitFields>;
}
interface DepartmentEntry {
  unitCode: string;
  code: string;
  def: Definition<DepartmentFields>;
  head: { personCode: string | null; row: number } | null;
}
interface PostEntry {
  unitCode: string;
  code: string;
  departmentCode: string | null;
  def: Definition<PostFields>;
}

/** Cross-references checked once every row is read (departments and units may appear later in the file). */
interface PendingReference {
  reader: RowReader;
  column: ColumnKey;
  kind: 'department' | 'unit';
  unitCode: string;
  code: string;
}

const departmentKey = (unitCode: string, code: string): string => `${unitCode}\u0000${code}`;

// ---- headers ----

function readHeaders(headerRow: readonly string[]): { index: Map<ColumnKey, number>; errors: RowError[] } {
  const index = new Map<ColumnKey, number>();
  const errors: RowError[] = [];
  headerRow.forEach((rawHeader, i) => {
    const header = rawHeader
      .trim()
      .replace(/[*＊]+$/, '')
      .trim();
    if (header === '') return;
    const column = ROSTER_COLUMNS.find((c) => c.header === header || c.alias.toLowerCase() === header.toLowerCase());
    if (column === undefined) {
      errors.push({ row: 1, column: rawHeader.trim(), reason: 'unknown column', message: '不认识的列名' });
      return;
    }
    const first = index.get(column.alias);
    if (first !== undefined) {
      errors.push({
        row: 1,
        column: column.header,
        reason: `column appears more than once (columns ${first + 1} and ${i + 1})`,
        message: `列名重复（第 ${first + 1} 列和第 ${i + 1} 列）`,
      });
      return;
    }
    index.set(column.alias, i);
  });
  for (const column of ROSTER_COLUMNS) {
    if (column.required && !index.has(column.alias))
      errors.push({ row: 1, column: column.header, reason: 'required column is missing', message: '缺少必需的列' });
  }
  return { index, errors };
}

const isBlank = (row: readonly string[]): boolean => row.every((cell) => (cell ?? '').trim() === '');

const emptyRoster = (): Roster => ({ units: [], departments: [], posts: [], people: [], leadingGroupMembers: [] });

// ---- the parser ----

/** Everything read so far: entries by key, collected as the rows are read. */
interface ParseState {
  errors: RowError[];
  units: Map<string, UnitEntry>;
  departments: Map<string, DepartmentEntry>;
  posts: Map<string, PostEntry>;
  people: Map<string, { row: number; person: RosterPerson }>;
  leadingGroupMembers: RosterLeadingGroupMember[];
  pending: PendingReference[];
}

export function parseRoster(rows: readonly (readonly string[])[]): { roster: Roster; errors: RowError[] } {
  const [headerRow, ...dataRows] = rows;
  const shape = checkShape(headerRow, dataRows);
  if ('errors' in shape) return { roster: emptyRoster(), errors: shape.errors };
  const { index } = shape;
  const state: ParseState = {
    errors: [],
    units: new Map(),
    departments: new Map(),
    posts: new Map(),
    people: new Map(),
    leadingGroupMembers: [],
    pending: [],
  };
  const headedColumns = new Set(index.values());
  dataRows.forEach((cells, i) => {
    if (!isBlank(cells)) readRow(state, new RowReader(i + 2, cells, index, state.errors), cells, headedColumns);
  });
  checkReferences(state);
  return { roster: assemble(state), errors: sortErrors(state.errors) };
}

/** The file as a whole: a header row naming known columns (each once, the required ones present), 1 to MAX_ROSTER_ROWS data rows. */
function checkShape(
  headerRow: readonly string[] | undefined,
  dataRows: readonly (readonly string[])[],
): { index: Map<ColumnKey, number> } | { errors: RowError[] } {
  if (headerRow === undefined || isBlank(headerRow))
    return { errors: [{ row: 1, column: '', reason: 'the file has no header row', message: '文件没有表头行' }] };
  const dataRowCount = dataRows.filter((r) => !isBlank(r)).length;
  if (dataRowCount > MAX_ROSTER_ROWS) {
    return {
      errors: [
        {
          row: 1,
          column: '',
          reason: `the file has ${dataRowCount} data rows; at most ${MAX_ROSTER_ROWS} are allowed`,
          message: `文件有 ${dataRowCount} 行数据，最多 ${MAX_ROSTER_ROWS} 行`,
        },
      ],
    };
  }
  const { index, errors } = readHeaders(headerRow);
  if (errors.length > 0) return { errors };
  if (dataRowCount === 0)
    return { errors: [{ row: 1, column: '', reason: 'the file has no data rows', message: '文件没有数据行' }] };
  return { index };
}

/** One data row: its unit, department, post, person, roles and leading-group membership, in that order. */
function readRow(
  state: ParseState,
  reader: RowReader,
  cells: readonly string[],
  headedColumns: ReadonlySet<number>,
): void {
  cells.forEach((cell, c) => {
    if (!headedColumns.has(c) && (cell ?? '').trim() !== '') {
      state.errors.push({
        row: reader.row,
        column: `第${c + 1}列`,
        reason: 'has a value but no column header',
        message: '有内容但没有列名',
      });
    }
  });
  const unitCode = readUnit(state, reader);
  const department = readDepartment(state, reader, unitCode);
  const rowDepartmentCode = department === undefined ? null : department.code;
  const postCode = readPost(state, reader, unitCode, rowDepartmentCode);
  const person = readPersonCells(state, reader);
  const { roles, supervisedCodes, coverage } = readRoles(state, reader, unitCode, department, person.code);
  const membership = readLeadingGroup(reader);
  if (!person.firstOccurrence || person.code === undefined) return;
  const ownUnit = unitCode ?? '';
  state.people.set(person.code, {
    row: reader.row,
    person: {
      code: person.code,
      name: person.name ?? '',
      position: person.position ?? '',
      unitCode: ownUnit,
      departmentCode: rowDepartmentCode,
      postCode: postCode ?? '',
      roles: grantsFor(roles, ownUnit, rowDepartmentCode, supervisedCodes, coverage),
      email: reader.contact('email'),
      mobile: reader.contact('mobile'),
    },
  });
  if (membership.group && unitCode !== undefined) {
    for (const role of membership.roles) {
      state.leadingGroupMembers.push({
        scope: membership.group === 'DISTRICT' ? 'DISTRICT' : { unitCode },
        personCode: person.code,
        role,
        title: membership.title ?? '',
      });
    }
  }
}

function readUnit(state: ParseState, reader: RowReader): string | undefined {
  const unitCode = reader.text('unitCode', 'code', true);
  const unitName = reader.text('unitName', 'name', true);
  const unitKind = reader.choice('unitKind', UNIT_KIND_CHOICE, true) ?? undefined;
  if (unitCode !== undefined) {
    let unit = state.units.get(unitCode);
    if (unit === undefined) {
      unit = { code: unitCode, def: new Definition({ en: `单位 ${unitCode}`, zh: `单位 ${unitCode}` }) };
      state.units.set(unitCode, unit);
    }
    unit.def.define('name', unitName, reader, 'unitName');
    unit.def.define('kind', unitKind, reader, 'unitKind');
  }
  return unitCode;
}

/** The department (optional): code and name go together; the kind defaults to 科室. */
function readDepartment(
  state: ParseState,
  reader: RowReader,
  unitCode: string | undefined,
): DepartmentEntry | undefined {
  const departmentCode = reader.text('departmentCode', 'code', false);
  const departmentName = reader.text('departmentName', 'name', false);
  const departmentKind = reader.choice('departmentKind', DEPARTMENT_KIND_CHOICE, false);
  if (
    reader.raw('departmentCode') === '' &&
    (reader.raw('departmentName') !== '' || reader.raw('departmentKind') !== '')
  ) {
    const given = reader.raw('departmentName') !== '' ? '科室名称' : '科室类型';
    reader.error('departmentCode', { reason: `is required when ${given} is given`, message: `填写了${given}时必填` });
  }
  if (reader.raw('departmentCode') !== '' && reader.raw('departmentName') === '') {
    reader.error('departmentName', { reason: 'is required when 科室编码 is given', message: '填写了科室编码时必填' });
  }
  if (unitCode === undefined || departmentCode === undefined || departmentCode === '') return undefined;
  const key = departmentKey(unitCode, departmentCode);
  let department = state.departments.get(key);
  if (department === undefined) {
    department = {
      unitCode,
      code: departmentCode,
      def: new Definition({
        en: `科室 ${departmentCode} of unit ${unitCode}`,
        zh: `单位 ${unitCode} 的科室 ${departmentCode}`,
      }),
      head: null,
    };
    state.departments.set(key, department);
  }
  department.def.define('name', departmentName === '' ? undefined : departmentName, reader, 'departmentName');
  department.def.define('kind', departmentKind ?? undefined, reader, 'departmentKind');
  return department;
}

/** The post: empty optional cells inherit from the row defining them. */
function readPost(
  state: ParseState,
  reader: RowReader,
  unitCode: string | undefined,
  rowDepartmentCode: string | null,
): string | undefined {
  const postCode = reader.text('postCode', 'code', true);
  const postName = reader.text('postName', 'name', true);
  const postType = reader.text('postType', 'text', true);
  const formType = reader.choice('formType', FORM_TYPE_CHOICE, true) ?? undefined;
  const duties = reader.text('postDuties', 'text', false);
  const powers = reader.choiceList('postPowers', POST_POWER_CHOICE);
  const steps = reader.stepList('processSteps');
  if (unitCode !== undefined && postCode !== undefined) {
    const key = departmentKey(unitCode, postCode);
    let post = state.posts.get(key);
    if (post === undefined) {
      post = {
        unitCode,
        code: postCode,
        departmentCode: rowDepartmentCode,
        def: new Definition({
          en: `岗位 ${postCode} of unit ${unitCode}`,
          zh: `单位 ${unitCode} 的岗位 ${postCode}`,
        }),
      };
      state.posts.set(key, post);
    }
    post.def.define('name', postName, reader, 'postName');
    post.def.define('postType', postType, reader, 'postType');
    post.def.define('formType', formType, reader, 'formType');
    post.def.define('duties', duties === '' ? undefined : duties, reader, 'postDuties');
    post.def.define('powers', powers?.length === 0 ? undefined : powers, reader, 'postPowers');
    post.def.define('processSteps', steps?.length === 0 ? undefined : steps, reader, 'processSteps');
  }
  return postCode;
}

/** The person's own cells; a 工号 seen in an earlier row is an error and the row adds nobody. */
function readPersonCells(
  state: ParseState,
  reader: RowReader,
): { code: string | undefined; name: string | undefined; position: string | undefined; firstOccurrence: boolean } {
  const code = reader.text('personCode', 'code', true);
  const name = reader.text('name', 'name', true);
  const position = reader.text('position', 'text', false);
  let firstOccurrence = false;
  if (code !== undefined) {
    const prior = state.people.get(code);
    if (prior !== undefined)
      reader.error('personCode', {
        reason: `工号 ${code} already appears in row ${prior.row}`,
        message: `工号 ${code} 已在第 ${prior.row} 行出现`,
      });
    else firstOccurrence = true;
  }
  return { code, name, position, firstOccurrence };
}

/** Roles and their scopes: a department head's department, a supervising leader's departments, the units a district role covers. */
function readRoles(
  state: ParseState,
  reader: RowReader,
  unitCode: string | undefined,
  department: DepartmentEntry | undefined,
  personCode: string | undefined,
): { roles: Role[]; supervisedCodes: string[]; coverage: Coverage } {
  const roles = reader.choiceList('roles', ROLE_CHOICE) ?? [];
  const has = (role: Role): boolean => roles.includes(role);
  const supervised = reader.codeList('supervisedDepartments');
  const coveredCell = reader.codeList('coveredUnits', true);
  const supervisedCodes = Array.isArray(supervised) ? supervised : [];
  const coverage: Coverage =
    coveredCell === 'DISTRICT'
      ? { kind: 'DISTRICT' }
      : coveredCell && coveredCell.length > 0
        ? { kind: 'UNITS', unitCodes: coveredCell }
        : { kind: 'NONE' };

  if (has(Role.DEPARTMENT_HEAD)) {
    if (reader.raw('departmentCode') === '') {
      reader.error('roles', {
        reason: 'DEPARTMENT_HEAD requires the row to have a department (科室编码)',
        message: `${ROLE_LABELS[Role.DEPARTMENT_HEAD]}须填写所在科室（科室编码）`,
      });
    } else if (department !== undefined) {
      if (department.head === null) department.head = { personCode: personCode ?? null, row: reader.row };
      else
        reader.error('roles', {
          reason: `科室 ${department.code} of unit ${department.unitCode} already has a head in row ${department.head.row}`,
          message: `单位 ${department.unitCode} 的科室 ${department.code} 已在第 ${department.head.row} 行有负责人`,
        });
    }
  }
  const supervisedGiven = reader.raw('supervisedDepartments') !== '';
  if (has(Role.SUPERVISING_LEADER) && !supervisedGiven)
    reader.error('supervisedDepartments', {
      reason: 'is required for the role SUPERVISING_LEADER',
      message: `角色为${ROLE_LABELS[Role.SUPERVISING_LEADER]}时必填`,
    });
  if (!has(Role.SUPERVISING_LEADER) && supervisedGiven)
    reader.error('supervisedDepartments', {
      reason: 'is allowed only with the role SUPERVISING_LEADER',
      message: `仅角色为${ROLE_LABELS[Role.SUPERVISING_LEADER]}时填写`,
    });
  if (unitCode !== undefined && has(Role.SUPERVISING_LEADER)) {
    for (const code of supervisedCodes)
      state.pending.push({ reader, column: 'supervisedDepartments', kind: 'department', unitCode, code });
  }
  if (reader.raw('coveredUnits') !== '' && !has(Role.DISCIPLINE_TEAM) && !has(Role.OFFICE_ADMIN)) {
    reader.error('coveredUnits', {
      reason: 'is allowed only with the role DISCIPLINE_TEAM or OFFICE_ADMIN',
      message: `仅角色为${ROLE_LABELS[Role.DISCIPLINE_TEAM]}或${ROLE_LABELS[Role.OFFICE_ADMIN]}时填写`,
    });
  }
  if (coverage.kind === 'UNITS') {
    for (const code of coverage.unitCodes)
      state.pending.push({ reader, column: 'coveredUnits', kind: 'unit', unitCode: code, code });
  }
  return { roles, supervisedCodes, coverage };
}

/** Leading group (R02): group and role go together; the title needs them. */
function readLeadingGroup(reader: RowReader): {
  group: string | null | undefined;
  roles: RosterLeadingGroupMember['role'][];
  title: string | undefined;
} {
  const groupGiven = reader.raw('leadingGroup') !== '';
  const groupRoleGiven = reader.raw('leadingGroupRole') !== '';
  const group = reader.choice('leadingGroup', LEADING_GROUP_CHOICE, false);
  // A list: one person can hold two posts in the group (attachment 1: 副组长 and 办公室主任).
  const roles = reader.choiceList('leadingGroupRole', LEADING_GROUP_ROLE_CHOICE) ?? [];
  const title = reader.text('leadingGroupTitle', 'text', false);
  if (groupGiven && !groupRoleGiven)
    reader.error('leadingGroupRole', { reason: 'is required when 领导小组 is given', message: '填写了领导小组时必填' });
  if (!groupGiven && groupRoleGiven)
    reader.error('leadingGroup', {
      reason: 'is required when 领导小组职务 is given',
      message: '填写了领导小组职务时必填',
    });
  if (!groupGiven && !groupRoleGiven && reader.raw('leadingGroupTitle') !== '') {
    reader.error('leadingGroupTitle', {
      reason: 'requires 领导小组 and 领导小组职务',
      message: '须同时填写领导小组和领导小组职务',
    });
  }
  return { group, roles, title };
}

/** Departments and units named by other rows must be in the file (they may come later than the row naming them). */
function checkReferences(state: ParseState): void {
  for (const ref of state.pending) {
    if (ref.kind === 'department' && !state.departments.has(departmentKey(ref.unitCode, ref.code))) {
      ref.reader.error(ref.column, {
        reason: `科室 ${ref.code} of unit ${ref.unitCode} is not in the file`,
        message: `文件中没有单位 ${ref.unitCode} 的科室 ${ref.code}`,
      });
    }
    if (ref.kind === 'unit' && !state.units.has(ref.code))
      ref.reader.error(ref.column, {
        reason: `单位 ${ref.code} is not in the file`,
        message: `文件中没有单位 ${ref.code}`,
      });
  }
}

/** The roster in a stable order: by code (units, people), by unit then code (departments, posts). */
function assemble(state: ParseState): Roster {
  return {
    units: [...state.units.values()]
      .map((u) => ({ code: u.code, name: u.def.get('name', ''), kind: u.def.get('kind', 'OTHER') }))
      .sort((a, b) => compareText(a.code, b.code)),
    departments: [...state.departments.values()]
      .map((d) => ({
        unitCode: d.unitCode,
        code: d.code,
        name: d.def.get('name', ''),
        kind: d.def.get('kind', 'DEPARTMENT'),
        headPersonCode: d.head?.personCode ?? null,
      }))
      .sort((a, b) => compareText(a.unitCode, b.unitCode) || compareText(a.code, b.code)),
    posts: [...state.posts.values()]
      .map((p) => ({
        unitCode: p.unitCode,
        code: p.code,
        name: p.def.get('name', ''),
        postType: p.def.get('postType', ''),
        formType: p.def.get('formType', 'GENERAL_STAFF'),
        duties: p.def.get('duties', ''),
        powers: p.def.get('powers', []),
        processSteps: p.def.get('processSteps', []),
        departmentCode: p.departmentCode,
      }))
      .sort((a, b) => compareText(a.unitCode, b.unitCode) || compareText(a.code, b.code)),
    people: [...state.people.values()].map((p) => p.person).sort((a, b) => compareText(a.code, b.code)),
    leadingGroupMembers: state.leadingGroupMembers.sort(compareMembers),
  };
}

function grantsFor(
  roles: readonly Role[],
  unitCode: string,
  departmentCode: string | null,
  supervised: readonly string[],
  coverage: Coverage,
): RosterRoleGrant[] {
  const grants: RosterRoleGrant[] = [];
  const grant = (role: Role, unit: string | null, department: string | null = null): void => {
    grants.push({ role, unitCode: unit, departmentCode: department });
  };
  for (const role of roles) {
    switch (role) {
      case Role.OFFICE_ADMIN:
        if (coverage.kind === 'UNITS') coverage.unitCodes.forEach((u) => grant(role, u));
        else grant(role, null);
        break;
      case Role.DISCIPLINE_TEAM:
        if (coverage.kind === 'UNITS') coverage.unitCodes.forEach((u) => grant(role, u));
        else grant(role, coverage.kind === 'DISTRICT' ? null : unitCode);
        break;
      case Role.DEPARTMENT_HEAD:
        if (departmentCode !== null) grant(role, unitCode, departmentCode);
        break;
      case Role.SUPERVISING_LEADER:
        supervised.forEach((d) => grant(role, unitCode, d));
        break;
      case Role.UNIT_LEADING_GROUP:
      case Role.UNIT_PRINCIPAL:
        grant(role, unitCode);
        break;
    }
  }
  return grants;
}

function compareMembers(a: RosterLeadingGroupMember, b: RosterLeadingGroupMember): number {
  const scopeOf = (m: RosterLeadingGroupMember): string | null => (m.scope === 'DISTRICT' ? null : m.scope.unitCode);
  return (
    compareNullable(scopeOf(a), scopeOf(b)) ||
    LEADING_GROUP_ROLES.indexOf(a.role) - LEADING_GROUP_ROLES.indexOf(b.role) ||
    compareText(a.personCode, b.personCode)
  );
}

/** By row, then by column in ROSTER_COLUMNS order (headerless columns last); stable otherwise. */
function sortErrors(errors: RowError[]): RowError[] {
  const rank = (column: string): number => COLUMN_RANK.get(column) ?? ROSTER_COLUMNS.length;
  return errors.sort((a, b) => a.row - b.row || rank(a.column) - rank(b.column));
}

// ---- reading the roster back (issue 12.9) ----

/**
 * What a person may read of the roster: the office and the discipline team every unit they cover in full
 * ('ALL' when district-wide); a unit's leaders (principal, leading group) their unit in full; everyone their
 * own unit's directory (names, departments, posts: no 工号, 职务, roles, leavers or leading groups).
 */
export interface RosterReadScope {
  full: 'ALL' | string[];
  /** Units readable as a directory only (not in `full`). */
  directory: string[];
}

const FULL_READERS: readonly Role[] = [
  Role.OFFICE_ADMIN,
  Role.DISCIPLINE_TEAM,
  Role.UNIT_PRINCIPAL,
  Role.UNIT_LEADING_GROUP,
];

export function rosterReadScope(
  grants: readonly { role: Role; unitId: string | null }[],
  ownUnitId: string | null,
): RosterReadScope {
  const readers = grants.filter((g) => FULL_READERS.includes(g.role));
  if (readers.some((g) => g.unitId === null)) return { full: 'ALL', directory: [] };
  const full = uniqueSorted(readers.map((g) => g.unitId as string));
  return { full, directory: ownUnitId !== null && !full.includes(ownUnitId) ? [ownUnitId] : [] };
}

/** How `scope` may read unit `unitId` (null: the district as a whole, e.g. its leading group). */
export function rosterAccess(scope: RosterReadScope, unitId: string | null): 'FULL' | 'DIRECTORY' | null {
  if (scope.full === 'ALL') return 'FULL';
  if (unitId === null) return null;
  if (scope.full.includes(unitId)) return 'FULL';
  return scope.directory.includes(unitId) ? 'DIRECTORY' : null;
}
