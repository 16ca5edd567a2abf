export type Language = "node" | "python";

export interface RuntimeDef {
  id: string;
  language: Language;
  label: string;
  /** Version the packaging step targets (esbuild `target`, pip `--python-version`). */
  version: string;
  /**
   * The first aws provider whose validation accepts this runtime, when that is newer than the
   * oldest provider verify's terraform step accepts (5.0): an older provider (a mirror's) is
   * given the newest same-language runtime it knows before its first run, not after a failed
   * one. The versions are those tested in the provider's PR #45024 (its CHANGELOG lists both
   * under 6.21.0): erring early costs nothing, since a provider that still lacks the runtime
   * says so and verify swaps it then.
   */
  awsProviderSince?: string;
}

/** Lambda runtimes we generate for, newest first within each language; the first is the default. */
export const runtimes: readonly RuntimeDef[] = [
  { id: "nodejs24.x", language: "node", label: "Node.js 24 (TypeScript)", version: "24", awsProviderSince: "6.19.0" },
  { id: "nodejs22.x", language: "node", label: "Node.js 22 (TypeScript)", version: "22" },
  { id: "python3.14", language: "python", label: "Python 3.14", version: "3.14", awsProviderSince: "6.20.0" },
  { id: "python3.13", language: "python", label: "Python 3.13", version: "3.13" },
  { id: "python3.12", language: "python", label: "Python 3.12", version: "3.12" },
];

export const defaultRuntime = "nodejs24.x";

export function runtimeById(id: string): RuntimeDef {
  const runtime = runtimes.find((r) => r.id === id);
  if (!runtime) throw new Error(`unknown runtime ${id}`);
  return runtime;
}
