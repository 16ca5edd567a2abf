export type Language = "node" | "python";

export interface RuntimeDef {
  id: string;
  language: Language;
  label: string;
  /** Version the packaging step targets (esbuild `target`, pip `--python-version`). */
  version: string;
}

/** Lambda runtimes we generate for, newest first within each language; the first is the default. */
export const runtimes: readonly RuntimeDef[] = [
  { id: "nodejs24.x", language: "node", label: "Node.js 24 (TypeScript)", version: "24" },
  { id: "nodejs22.x", language: "node", label: "Node.js 22 (TypeScript)", version: "22" },
  { id: "python3.14", language: "python", label: "Python 3.14", version: "3.14" },
  { id: "python3.13", language: "python", label: "Python 3.13", version: "3.13" },
  { id: "python3.12", language: "python", label: "Python 3.12", version: "3.12" },
];

export const defaultRuntime = "nodejs24.x";

export function runtimeById(id: string): RuntimeDef {
  const runtime = runtimes.find((r) => r.id === id);
  if (!runtime) throw new Error(`unknown runtime ${id}`);
  return runtime;
}
