/**
 * The creation time written into model files and register indexes: now, or the time in the
 * `SOURCE_DATE_EPOCH` environment variable (seconds since 1970, the reproducible-builds.org
 * convention) when it is set, so that two runs on the same input, settings and seed can give
 * byte-identical files.
 */
export function createdAt(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d{1,12}$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000).toISOString();
  return new Date().toISOString();
}
