// Types of scripts/build-freshness.js (plain JavaScript: bin/callguard.js loads it before any TypeScript tooling).
export declare const CLI_ENTRY: string;
export declare const CLI_INPUTS: string;
export declare function cliBuildIsFresh(root?: string): boolean;
export declare function webBuildIsFresh(root?: string): boolean;
