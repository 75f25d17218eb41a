/**
 * Types for the modules the similarity tests and benchmark use as oracles or baselines that ship
 * no declarations: talisman 1.1.4's Jaro and Jaro-Winkler, and natural's Jaro-Winkler module
 * (imported on its own, see benchmarks/jaro-winkler.bench.ts).
 */
declare module 'talisman/metrics/jaro.js' {
  const jaro: (a: string, b: string) => number;
  export default jaro;
}

declare module 'talisman/metrics/jaro-winkler.js' {
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}

declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  const jaroWinklerDistance: (a: string, b: string, options?: { dj?: number; ignoreCase?: boolean }) => number;
  export default jaroWinklerDistance;
}
