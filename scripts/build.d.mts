// Types of scripts/build.mjs for the TypeScript that imports it (tests).
export declare const ROOT: string;
export declare const DIST: string;
export declare const LAZY_PACKAGES: string[];
interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>;
}
export declare function staticPackages(metafile: Metafile, entry: string): string[];
export declare function buildServer(opts?: { outdir?: string }): Promise<{ outdir: string; entry: string; staticPackages: string[] }>;
export declare function staleReason(outdir?: string): string;
