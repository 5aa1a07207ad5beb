/** The folders of the packages we publish: packed, served, installed and released by these tests. */
export const PUBLISHED = [
  "openapi",
  "packages/client",
  "packages/sandbox",
  "packages/mock",
  "packages/verify",
  "packages/cli",
];
