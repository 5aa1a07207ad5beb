// The one matcher of a request to its operation, built over the operation index (dist/operations.js
// calls `matcherOf` with the index it holds). Its rules are the API's: `.json` on the last segment,
// the vendor's singular `/side_conversation/{id}` (its own show sample) read as the plural, the
// sandbox's `/ns/{name}` prefix, and literal segments before templated ones (the index's order).

const NAMESPACE = /^\/ns\/([A-Za-z0-9_.-]{1,64})(\/.*)$/;
const SINGULAR = /^(\/api\/v2\/tickets\/[^/]+)\/side_conversation(\/[^/]+)$/;

/** The sandbox's /ns/{name} prefix split from a path. */
export function splitNamespace(pathname) {
  const scoped = NAMESPACE.exec(pathname);
  return scoped ? { namespace: scoped[1], path: scoped[2] } : { namespace: undefined, path: pathname };
}

/** `match(method, pathname)` over these operations, each path template compiled once. */
export function matcherOf(operations) {
  const compiled = operations.map((operation) => {
    const names = [];
    const source = operation.path.replace(/\{([^}]+)\}/g, (_, name) => {
      names.push(name);
      return "([^/]+)";
    });
    return { operation, names, pattern: new RegExp(`^${source}$`) };
  });
  return function match(method, pathname) {
    const { namespace, path: scopedPath } = splitNamespace(pathname);
    let path = scopedPath.endsWith(".json") ? scopedPath.slice(0, -5) : scopedPath;
    const singular = SINGULAR.exec(path);
    const alias = Boolean(singular && singular[2] !== "/import");
    if (alias && singular) path = `${singular[1]}/side_conversations${singular[2]}`;
    let pathExists = false;
    for (const { operation, names, pattern } of compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      pathExists = true;
      if (operation.method !== method.toUpperCase()) continue;
      const params = {};
      names.forEach((name, i) => {
        params[name] = found[i + 1];
      });
      return { operation, params, alias, namespace, pathExists };
    }
    return { operation: undefined, params: {}, alias, namespace, pathExists };
  };
}
