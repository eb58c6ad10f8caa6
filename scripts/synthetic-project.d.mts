// Types of synthetic-project.mjs, for the tests that import it.
/** A generated compose file (YAML text) of `n` services; see synthetic-project.mjs for its shape. */
export declare function syntheticProject(n: number): string;
