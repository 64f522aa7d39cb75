import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { PAGE_SIZE } from './page-size';

/**
 * Per-document limits that stop expensive or abusive documents before they run. `maxTokens` bounds the parser
 * (Apollo's `parseOptions`); the rest are checked by `queryLimitsRule`. The introspection meta-fields (`__schema`,
 * `__type`) have a depth of their own, so the standard introspection query of GraphQL clients passes in
 * development, while the document as a whole stays under the same alias, field and cost limits.
 */
export const QUERY_LIMITS = {
  maxTokens: 5_000,
  maxDepth: 10,
  maxIntrospectionDepth: 15,
  maxSchemaFields: 1,
  maxAliases: 30,
  maxFields: 1_000,
  maxCost: 50_000,
};

/** What a selection set adds up to once every fragment in it is expanded, computed without expanding any. */
interface Stats {
  depth: number;
  introspectionDepth: number;
  schemaFields: number;
  aliases: number;
  fields: number;
  cost: number;
}

const ZERO: Stats = { depth: 0, introspectionDepth: 0, schemaFields: 0, aliases: 0, fields: 0, cost: 0 };
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** A list field's page size multiplies its selection's cost: the literal `first`, else the largest page. */
function multiplier(field: FieldNode): number {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  if (!first) return 1;
  return first.value.kind === Kind.INT
    ? Math.max(1, Math.min(Number(first.value.value), PAGE_SIZE.max))
    : PAGE_SIZE.max;
}

/**
 * Sums a document's selections bottom-up, each fragment once: a spread adds its fragment's memoised totals, so
 * ten spreads of a fragment of ten spreads cost twenty visits, not a hundred expansions. Totals may be huge
 * numbers; they are only compared with the limits.
 */
class DocumentStats {
  private readonly memo = new Map<string, Stats>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly fragment: (name: string) => FragmentDefinitionNode | null | undefined) {}

  of(set: SelectionSetNode): Stats {
    const s = { ...ZERO };
    for (const sel of set.selections) {
      const child =
        sel.kind === Kind.FIELD
          ? this.field(sel)
          : sel.kind === Kind.INLINE_FRAGMENT
            ? this.of(sel.selectionSet)
            : this.spread(sel.name.value);
      s.depth = Math.max(s.depth, child.depth);
      s.introspectionDepth = Math.max(s.introspectionDepth, child.introspectionDepth);
      s.schemaFields += child.schemaFields;
      s.aliases += child.aliases;
      s.fields += child.fields;
      s.cost += child.cost;
    }
    return s;
  }

  private field(node: FieldNode): Stats {
    const c = node.selectionSet ? this.of(node.selectionSet) : ZERO;
    const own = {
      aliases: c.aliases + (node.alias ? 1 : 0),
      fields: c.fields + 1,
      cost: 1 + multiplier(node) * c.cost,
    };
    if (INTROSPECTION_ROOTS.has(node.name.value)) {
      const introspectionDepth = 1 + Math.max(c.depth, c.introspectionDepth);
      return {
        ...own,
        depth: 1,
        introspectionDepth,
        schemaFields: c.schemaFields + (node.name.value === '__schema' ? 1 : 0),
      };
    }
    return {
      ...own,
      depth: 1 + c.depth,
      introspectionDepth: c.introspectionDepth ? 1 + c.introspectionDepth : 0,
      schemaFields: c.schemaFields,
    };
  }

  private spread(name: string): Stats {
    const known = this.memo.get(name);
    if (known) return known;
    const fragment = this.fragment(name);
    // Unknown and cyclic fragments are reported by graphql's own rules; here they add nothing.
    if (!fragment || this.inProgress.has(name)) return ZERO;
    this.inProgress.add(name);
    const s = this.of(fragment.selectionSet);
    this.inProgress.delete(name);
    this.memo.set(name, s);
    return s;
  }
}

/** A validation rule rejecting operations deeper, more aliased, larger or costlier than QUERY_LIMITS. */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const stats = new DocumentStats((n) => context.getFragment(n));
  return {
    OperationDefinition(node) {
      const s = stats.of(node.selectionSet);
      const L = QUERY_LIMITS;
      const refuse = (message: string) => context.reportError(new GraphQLError(message, { nodes: [node] }));
      if (s.depth > L.maxDepth) refuse(`The query is ${s.depth} levels deep; at most ${L.maxDepth} are allowed.`);
      if (s.introspectionDepth > L.maxIntrospectionDepth)
        refuse(
          `The introspection query is ${s.introspectionDepth} levels deep; at most ${L.maxIntrospectionDepth} are allowed.`,
        );
      if (s.schemaFields > L.maxSchemaFields)
        refuse(`The query asks for __schema ${s.schemaFields} times; at most ${L.maxSchemaFields} is allowed.`);
      if (s.aliases > L.maxAliases) refuse(`The query uses ${s.aliases} aliases; at most ${L.maxAliases} are allowed.`);
      if (s.fields > L.maxFields) refuse(`The query selects ${s.fields} fields; at most ${L.maxFields} are allowed.`);
      if (s.cost > L.maxCost) refuse(`The query costs ${s.cost}; at most ${L.maxCost} are allowed.`);
    },
  };
}
