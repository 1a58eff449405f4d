import { join } from 'node:path';
import ts from 'typescript';

// The house rule for every public function, class and constant: JSDoc with an ASCII marble
// diagram and an example that imports from livekit-rx; functions also say what their
// parameters are and what they return. Types are exempt (their fields carry the docs).
const root = join(__dirname, '..');
const entries = [
  ...['index.ts', 'operators.ts', 'testing/index.ts'].map((e) => join(root, 'src', e)),
  join(root, 'packages', 'dev-server', 'src', 'index.ts'),
];

function docOf(decl: ts.Declaration): string {
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  const text = node.getSourceFile().text;
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return ranges.map((r) => text.slice(r.pos, r.end)).join('\n');
}

function problemsOf(symbol: ts.Symbol, decl: ts.Declaration): string[] {
  const doc = docOf(decl);
  if (!doc.includes('/**')) return ['no JSDoc'];
  const problems: string[] = [];
  if (!doc.includes('```text')) problems.push('no marble diagram');
  if (!/@example[\s\S]*from 'livekit-rx/.test(doc))
    problems.push('no example importing livekit-rx');
  if (symbol.flags & ts.SymbolFlags.Function) {
    const fn = decl as ts.FunctionDeclaration;
    if (fn.parameters.length > 0 && !doc.includes('@param')) problems.push('no @param');
    if (!doc.includes('@returns')) problems.push('no @returns');
  }
  return problems;
}

describe('JSDoc of the public surface', () => {
  it('every exported function, class and constant has a marble diagram, an example, @param and @returns', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    ) as ts.ParsedCommandLine;
    const program = ts.createProgram(entries, config.options);
    const checker = program.getTypeChecker();
    const seen = new Set<ts.Symbol>();
    const incomplete: string[] = [];
    for (const entry of entries) {
      const module = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile);
      for (const exported of checker.getExportsOfModule(module as ts.Symbol)) {
        const symbol =
          exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        const decl = symbol.declarations?.[0];
        const value = ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable;
        if (decl === undefined || !(symbol.flags & value) || seen.has(symbol)) continue;
        seen.add(symbol);
        const problems = problemsOf(symbol, decl);
        if (problems.length > 0) incomplete.push(`${exported.name}: ${problems.join(', ')}`);
      }
    }
    expect(seen.size).toBeGreaterThan(80); // 86 when this was written
    expect(incomplete).toEqual([]);
  });
});
