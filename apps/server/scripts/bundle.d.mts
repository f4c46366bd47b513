// Types for bundle.mjs (plain JavaScript, run before any TypeScript loader), for the tests.
export declare const BUNDLE: string;
export declare const METAFILE: string;
/** Third-party packages compiled into the bundle (a bare import specifier matches). */
export declare const BUNDLED: RegExp;
export declare function staleReason(): string | null;
export declare function build(options?: { prune?: boolean }): Promise<void>;
export declare function ensureBundle(options?: {
  log?: (message: string) => void;
  timeoutMs?: number;
}): Promise<boolean>;
