import { createContext, useContext } from 'react';
import type { MeQuery } from '../gql/graphql';

export type Me = MeQuery['me'];

export const MeContext = createContext<Me | null>(null);

/** Who is signed in; null while the shell is still asking the gateway. */
export function useMe(): Me | null {
  return useContext(MeContext);
}
