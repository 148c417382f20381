// Imported first by main.ts so it runs before any dependency is evaluated: client-node 2
// (undici 8) crashes on older Node with a stack trace that names none of this, and Ink 8
// needs Node 22 too. One line, exit 1.
const MIN = [22, 19] as const;

export function nodeVersionProblem(version: string): string | undefined {
  const [major, minor] = version.split('.').map(Number);
  if (major > MIN[0] || (major === MIN[0] && minor >= MIN[1])) return undefined;
  return `kdeck needs Node.js ${MIN.join('.')} or newer; this is Node.js ${version}.`;
}

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
