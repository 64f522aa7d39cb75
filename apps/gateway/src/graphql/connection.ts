import type { Type } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';
import { DomainError } from '@pirm/domain';
import type { Page } from '@pirm/persistence';
import { isUuid } from './formats';
import { NOT_A_CURSOR } from './page-size';

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoModel;
}

/** A Relay-style connection type named `${name}Connection`, its edges `${name}Edge`. */
export function connectionOf<T>(name: string, node: Type<T>): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfoModel)
    pageInfo!: PageInfoModel;
  }
  return ConnectionType;
}

/** A keyset list's cursor: the sort key of a row, opaque to clients. */
export function encodeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor of the list, or a field error: `arity` strings, the last `uuidTail` of them UUIDs. */
export function decodeCursor(cursor: string | null | undefined, arity: number, uuidTail = 0): string[] | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === 'string') &&
      key.slice(arity - uuidTail).every((k: string) => isUuid(k))
    ) {
      return key as string[];
    }
  } catch {
    // reported below
  }
  throw DomainError.validation([NOT_A_CURSOR]);
}

/** A page of a keyset list as a connection, each edge's cursor its row's key. */
export function connection<R, T>(page: Page<R>, toNode: (row: R) => T): Connection<T> {
  const edges = page.rows.map((r) => ({ cursor: encodeCursor(page.keyOf(r)), node: toNode(r) }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
