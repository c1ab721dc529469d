// Checks that every export of the public entries carries TSDoc with a summary and an @example, and
// that an export declared in a module that implements the wire format (RULE_MODULES) cites the rule
// it follows: an RFC section, an IETF draft, or a rule of docs/rules.md. Elsewhere (formatting,
// capture files, arbitraries, errors) a citation is written where a rule comes from an RFC, not
// required. TypeDoc's own validation (typedoc.json) already fails on an export with no comment at
// all; this adds what TypeDoc cannot check. Usage: node scripts/check-tsdoc.mjs [entry.ts ...]
// (default: the entryPoints of typedoc.json). Exits 1 and lists every export that falls short.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';

const CITATION = /\bRFC ?\d{3,5}\b|\bdraft-[a-z0-9-]+|docs\/rules\.md [A-Z]\d/;

/** The modules (paths under src/) whose exports state a wire rule and must cite it. */
const RULE_MODULES = /\/src\/(header|options|checksum|view|seq|segment|handshake|constants)(\/|\.ts$)/;

const entries =
  process.argv.length > 2
    ? process.argv.slice(2)
    : JSON.parse(readFileSync(new URL('../typedoc.json', import.meta.url), 'utf8')).entryPoints;

const program = ts.createProgram(entries, {
  allowImportingTsExtensions: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  types: [],
});
const checker = program.getTypeChecker();

/** The whole doc text of a symbol: its summary and every tag with its text. */
function docOf(symbol) {
  const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol.getJsDocTags(checker).map((tag) => ({
    name: tag.name,
    text: ts.displayPartsToString(tag.text ?? []),
  }));
  return { summary, tags };
}

const problems = [];
for (const entry of entries) {
  const file = program.getSourceFile(entry);
  if (file === undefined) {
    problems.push(`${entry}: not found`);
    continue;
  }
  const moduleSymbol = checker.getSymbolAtLocation(file);
  if (moduleSymbol === undefined) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const { summary, tags } = docOf(symbol);
    const declaration = symbol.declarations?.[0]?.getSourceFile().fileName ?? entry;
    const where = `${relative(process.cwd(), declaration)}: ${exported.name}`;
    const missing = [];
    if (summary === '') missing.push('a summary');
    if (!tags.some((tag) => tag.name === 'example')) missing.push('an @example');
    const allText = [summary, ...tags.map((tag) => tag.text)].join('\n');
    if (RULE_MODULES.test(declaration) && !CITATION.test(allText)) {
      missing.push('the RFC, draft or docs/rules.md rule it follows');
    }
    if (missing.length > 0) problems.push(`${where} lacks ${missing.join(', ')}`);
  }
}

if (problems.length > 0) {
  console.error(`${problems.length} export(s) with incomplete TSDoc:\n${problems.sort().join('\n')}`);
  process.exit(1);
}
console.log(`TSDoc complete for every export of ${entries.join(', ')}`);
