import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/** Per-document limits that stop expensive or abusive queries before they run. */
export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 30, maxFields: 1_000 };

function walk(
  set: SelectionSetNode,
  depth: number,
  fragments: (name: string) => FragmentDefinitionNode | null | undefined,
  seen: Set<string>,
  stats: { depth: number; aliases: number; fields: number },
): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      stats.fields += 1;
      if (sel.alias) stats.aliases += 1;
      stats.depth = Math.max(stats.depth, depth);
      if (sel.selectionSet) walk(sel.selectionSet, depth + 1, fragments, seen, stats);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      walk(sel.selectionSet, depth, fragments, seen, stats);
    } else {
      const name = sel.name.value;
      const fragment = fragments(name);
      if (!fragment || seen.has(name)) continue; // unknown or cyclic fragments are reported by graphql's own rules
      walk(fragment.selectionSet, depth, fragments, new Set([...seen, name]), stats);
    }
  }
}

/** A validation rule rejecting operations deeper, more aliased or larger than QUERY_LIMITS. */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      const stats = { depth: 0, aliases: 0, fields: 0 };
      walk(node.selectionSet, 1, (n) => context.getFragment(n), new Set(), stats);
      const { maxDepth, maxAliases, maxFields } = QUERY_LIMITS;
      if (stats.depth > maxDepth) context.reportError(new GraphQLError(`The query is ${stats.depth} levels deep; at most ${maxDepth} are allowed.`, { nodes: [node] }));
      if (stats.aliases > maxAliases) context.reportError(new GraphQLError(`The query uses ${stats.aliases} aliases; at most ${maxAliases} are allowed.`, { nodes: [node] }));
      if (stats.fields > maxFields) context.reportError(new GraphQLError(`The query selects ${stats.fields} fields; at most ${maxFields} are allowed.`, { nodes: [node] }));
    },
  };
}
