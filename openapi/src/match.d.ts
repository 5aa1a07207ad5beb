import type { OperationMatch, SpecOperation } from "./operations.js";
/** The sandbox's /ns/{name} prefix split from a path. */
export declare function splitNamespace(pathname: string): { namespace: string | undefined; path: string };
/** `match(method, pathname)` over these operations, each path template compiled once. */
export declare function matcherOf(operations: SpecOperation[]): (method: string, pathname: string) => OperationMatch;
