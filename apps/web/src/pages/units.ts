import { useEffect, useState } from 'react';
import { useClient, type CombinedError, type OperationResult } from 'urql';
import { graphql } from '../gql';
import type { AllRosterUnitsQuery } from '../gql/graphql';

const AllRosterUnits = graphql(`
  query AllRosterUnits($after: String) {
    rosterUnits(first: 100, after: $after) {
      edges {
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export interface RosterUnit {
  id: string;
  name: string;
}

/**
 * Every unit the caller may read, in code order. The gateway serves at most 100 a page; a district (or a
 * province) can have more, and the pickers filter the whole list as one types, so this reads every page.
 */
export function useRosterUnits(): { units?: RosterUnit[]; error?: CombinedError } {
  const client = useClient();
  const [state, setState] = useState<{ units?: RosterUnit[]; error?: CombinedError }>({});
  useEffect(() => {
    let live = true;
    void (async () => {
      const units: RosterUnit[] = [];
      let after: string | null = null;
      do {
        const r: OperationResult<AllRosterUnitsQuery> = await client.query(AllRosterUnits, { after }).toPromise();
        if (!live) return;
        if (!r.data) return setState({ error: r.error });
        units.push(...r.data.rosterUnits.edges.map((e) => e.node));
        const info = r.data.rosterUnits.pageInfo;
        after = info.hasNextPage ? (info.endCursor ?? null) : null;
      } while (after);
      setState({ units });
    })();
    return () => {
      live = false;
    };
  }, [client]);
  return state;
}
