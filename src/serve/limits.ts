/**
 * The service's default request limits, apart from the fastify app (server.ts) so that the CLI
 * can show them in `khop serve --help` without loading fastify at every start of `khop`.
 */
export const DEFAULT_MAX_BATCH = 1000;
export const DEFAULT_BODY_LIMIT = 1 << 20;
