import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType, lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import * as generated from '../../../apps/web/src/gql/labels';
import * as labels from '../../../apps/web/src/lib/labels';

interface CodegenPlugin {
  plugin(schema: GraphQLSchema, documents: unknown[], config: object): string;
}
/* eslint-disable @typescript-eslint/no-require-imports -- the codegen plugin is a CommonJS module without types */
const { plugin } = require('../../../apps/web/codegen-labels.cjs') as CodegenPlugin;
/* eslint-enable @typescript-eslint/no-require-imports */

const SDL = `
"""风险级别 (R12)"""
enum RiskLevel {
  """一级"""
  LEVEL_1
  """二级"""
  LEVEL_2
}

"""R17: mildest first."""
enum DisposalMeasure {
  """约见谈话"""
  TALK
  """重点提醒"""
  REMINDER
  """警示教育"""
  WARNING_EDUCATION
}

enum TableFormat {
  CSV
  XLSX
}

enum Phase {
  """动员学习"""
  MOBILISATION
  SCREENING
}

type Query {
  level: RiskLevel
  measure: DisposalMeasure
  format: TableFormat
  phase: Phase
}
`;

const EXPECTED = `type DisposalMeasure = 'TALK' | 'REMINDER' | 'WARNING_EDUCATION';
export const DisposalMeasureLabels: Readonly<Record<DisposalMeasure, string>> = {
  TALK: "约见谈话",
  REMINDER: "重点提醒",
  WARNING_EDUCATION: "警示教育",
};

type RiskLevel = 'LEVEL_1' | 'LEVEL_2';
export const RiskLevelLabels: Readonly<Record<RiskLevel, string>> = {
  LEVEL_1: "一级",
  LEVEL_2: "二级",
};
`;

describe('the console’s labels are generated from the schema (apps/web/codegen-labels.cjs)', () => {
  it('R12, R17: one map per enum whose values all have a description, keyed in the definition’s order', () => {
    // graphql-codegen hands plugins the schema sorted; the maps keep the order the file defines.
    expect(plugin(lexicographicSortSchema(buildSchema(SDL)), [], {})).toBe(EXPECTED);
  });

  it('keeps no hand copy: every label map of an enum the console exports is the generated one', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../../apps/gateway/schema.gql'), 'utf8'));
    const valueSets = Object.values(schema.getTypeMap())
      .filter(isEnumType)
      .map((t) =>
        JSON.stringify(
          t
            .getValues()
            .map((v) => v.name)
            .sort(),
        ),
      );
    const maps = Object.entries(labels).filter(([, v]) => typeof v === 'object' && !Array.isArray(v));
    const copies = maps.filter(([, map]) => valueSets.includes(JSON.stringify(Object.keys(map).sort())));
    // A hand copy would be a second object with the same keys as a generated one.
    const fromSchema = new Set<unknown>(Object.values(generated));
    expect(copies.filter(([, map]) => !fromSchema.has(map)).map(([name]) => name)).toEqual([]);
    expect(copies.length).toBeGreaterThan(30);
  });
});
