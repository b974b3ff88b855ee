#!/usr/bin/env node
// lint.mjs — kg's Cypher check (adapted from the shared cypherlint.mjs): offline linter for .cypher files, built on Neo4j's
// official @neo4j-cypher/language-support (ANTLR parser + Neo4j's own semantic
// analysis compiled to JS). No database needed.
//
// Usage:
//   node cypherlint.mjs [options] FILE_OR_DIR...
// Options:
//   --schema FILE.json   DbSchema subset: {labels:[], relationshipTypes:[],
//                        propertyKeys:[], graphSchema:[{from,relType,to}],
//                        parameters:{name:value}|[names]}.  If labels AND
//                        relationshipTypes are given, unknown ones are warned;
//                        if propertyKeys is given, unknown read props are warned;
//                        graphSchema enables (:A)-[:R]->(:B) path warnings.
//   --params warn|error|ignore   undeclared $params (default: warn). Params
//                        declared with :param / :params lines in the file or in
//                        --schema count as declared.
//   --cypher 5|25        language version (default 5)
//   --plugins            also accept the APOC/GDS/etc. functions & procedures
//                        bundled in the package's test schema
//   --no-functions       skip unknown-function/procedure checks
//   --strict             exit 1 on warnings too
//   --modules DIR        node_modules dir holding the package (else: env
//                        CYPHERLINT_NODE_MODULES, script dir, cwd)
// Output: file:line:col severity message   (1-based line/col)
// Exit: 0 clean, 1 errors (or warnings with --strict), 2 usage/IO problem.
//
// Install the package (only prerelease versions exist, so pin it):
//   npm install @neo4j-cypher/language-support@2.0.0-next.38

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const PKG = '@neo4j-cypher/language-support';
const SEV = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function usage(msg) {
  if (msg) console.error(`cypherlint: ${msg}`);
  console.error('usage: node cypherlint.mjs [--schema f.json] [--params warn|error|ignore] [--cypher 5|25] [--plugins] [--no-functions] [--strict] [--modules DIR] FILE_OR_DIR...');
  process.exit(2);
}

// ---------------- args ----------------
const opts = { params: 'warn', cypher: '5', plugins: false, functions: true, strict: false, schema: null, modules: null };
const inputs = [];
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const val = () => (i + 1 < a.length ? a[++i] : usage(`${x} needs a value`));
    if (x === '--schema') opts.schema = val();
    else if (x === '--params') opts.params = val();
    else if (x === '--cypher') opts.cypher = val();
    else if (x === '--plugins') opts.plugins = true;
    else if (x === '--no-functions') opts.functions = false;
    else if (x === '--strict') opts.strict = true;
    else if (x === '--modules') opts.modules = val();
    else if (x === '-h' || x === '--help') usage();
    else if (x.startsWith('--')) usage(`unknown option ${x}`);
    else inputs.push(x);
  }
  if (!inputs.length) usage('no input files');
  if (!['warn', 'error', 'ignore'].includes(opts.params)) usage('--params must be warn, error or ignore');
  if (!['5', '25'].includes(opts.cypher)) usage('--cypher must be 5 or 25');
}

// ---------------- load the package ----------------
function loadPkg() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const cands = [opts.modules, process.env.CYPHERLINT_NODE_MODULES,
    path.join(here, 'node_modules'), path.join(process.cwd(), 'node_modules')].filter(Boolean);
  for (const dir of cands) {
    try {
      const req = createRequire(path.join(path.resolve(dir), '..', 'noop.js'));
      return req(PKG); // CJS bundle (self-contained, includes semantic analysis)
    } catch { /* next */ }
  }
  usage(`cannot find ${PKG}; tried ${cands.join(', ')} (npm install ${PKG}@2.0.0-next.38)`);
}
const ls = loadPkg();
const { lintCypherQuery, testData } = ls;

// ---------------- schema ----------------
const version = `CYPHER ${opts.cypher}`;
const baseSchema = { defaultLanguage: version };
let userSchema = {};
if (opts.schema) {
  try { userSchema = JSON.parse(fs.readFileSync(opts.schema, 'utf8')); }
  catch (e) { usage(`cannot read schema ${opts.schema}: ${e.message}`); }
  for (const k of ['labels', 'relationshipTypes', 'propertyKeys', 'graphSchema'])
    if (userSchema[k] !== undefined) baseSchema[k] = userSchema[k];
  // label warnings fire only when BOTH lists exist
  if (baseSchema.labels && !baseSchema.relationshipTypes) baseSchema.relationshipTypes = [];
  if (baseSchema.relationshipTypes && !baseSchema.labels) baseSchema.labels = [];
}
const schemaParams = Array.isArray(userSchema.parameters)
  ? Object.fromEntries(userSchema.parameters.map((p) => [p, null]))
  : (userSchema.parameters ?? {});
if (opts.functions) {
  // The package ships a full Neo4j 5 / 25 function & procedure registry as test data.
  const fns = testData.mockSchema.functions[version] ?? {};
  const procs = testData.mockSchema.procedures[version] ?? {};
  const isCore = (n) => /^(db|dbms|tx|cdc)\./.test(n);
  baseSchema.functions = { [version]: Object.fromEntries(Object.entries(fns).filter(([n, f]) => opts.plugins || f.isBuiltIn)) };
  baseSchema.procedures = { [version]: Object.fromEntries(Object.entries(procs).filter(([n]) => opts.plugins || isCore(n))) };
}

// ---------------- console commands (:param etc.) ----------------
// Blank out lines that start with ':' at a statement boundary (Neo4j Browser
// commands), keeping offsets/line numbers, and collect declared parameter names.
function stripCommands(text) {
  const out = text.split('');
  const params = new Set();
  let i = 0, hasContent = false, lineStart = true;
  const n = text.length;
  while (i < n) {
    const c = text[i], d = text[i + 1];
    if (c === '\n') { lineStart = true; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && d === '/') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === '/' && d === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue; }
    if (c === ':' && lineStart && !hasContent && /^:auto\b/i.test(text.slice(i, i + 6))) {
      // Browser ':auto <query>' prefix: blank the prefix, lint the query
      for (let k = i; k < i + 5; k++) out[k] = ' ';
      i += 5; continue;
    }
    if (c === ':' && lineStart && !hasContent) {
      // command: to end of line, continuing while brackets are unbalanced
      let j = i, depth = 0, q = null;
      for (; j < n; j++) {
        const ch = text[j];
        if (q) { if (ch === '\\') j++; else if (ch === q) q = null; continue; }
        if (ch === "'" || ch === '"' || ch === '`') q = ch;
        else if ('[{('.includes(ch)) depth++;
        else if (']})'.includes(ch)) depth--;
        else if (ch === '\n' && depth <= 0) break;
      }
      const cmd = text.slice(i, j);
      collectParams(cmd, params);
      for (let k = i; k < j; k++) if (out[k] !== '\n') out[k] = ' ';
      // a trailing ';' directly after a command belongs to it
      i = j; continue;
    }
    lineStart = false;
    if (c === "'" || c === '"' || c === '`') {
      hasContent = true; i++;
      while (i < n && text[i] !== c) { if (text[i] === '\\') i++; i++; }
      i++; continue;
    }
    if (c === ';') { hasContent = false; i++; continue; }
    hasContent = true; i++;
  }
  return { text: out.join(''), params };
}

function collectParams(cmd, params) {
  const m = /^:params?\s+(.*)$/s.exec(cmd.trim());
  if (!m) return;
  const body = m[1].trim();
  const single = /^(`[^`]+`|[A-Za-z_][\w]*)\s*(=>|:)/.exec(body);
  if (single) { params.add(single[1].replace(/^`|`$/g, '')); return; }
  if (!body.startsWith('{')) return;
  // top-level keys of a map literal: {a: 1, `b c`: [..], d => ...}
  let depth = 0, q = null, expectKey = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (q) { if (ch === '\\') i++; else if (ch === q) q = null; continue; }
    if (depth === 1 && expectKey && !/\s/.test(ch)) {
      const km = /^(`[^`]+`|'[^']*'|"[^"]*"|[A-Za-z_]\w*)\s*(:|=>)/.exec(body.slice(i));
      expectKey = false;
      if (km) { params.add(km[1].replace(/^[`'"]|[`'"]$/g, '')); i += km[0].length - 1; continue; }
    }
    if (ch === "'" || ch === '"' || ch === '`') q = ch;
    else if ('{[('.includes(ch)) { depth++; if (depth === 1) expectKey = true; }
    else if ('}])'.includes(ch)) depth--;
    else if (ch === ',' && depth === 1) expectKey = true;
  }
}

// ---------------- files ----------------
function expand(p) {
  let st;
  try { st = fs.statSync(p); } catch (e) { console.error(`cypherlint: ${p}: ${e.message}`); process.exitCode = 2; return []; }
  if (!st.isDirectory()) return [p];
  return fs.readdirSync(p).sort().flatMap((e) => {
    const f = path.join(p, e);
    return fs.statSync(f).isDirectory() ? expand(f) : (/\.(cypher|cyp|cql|cy)$/i.test(e) ? [f] : []);
  });
}

let errors = 0, warnings = 0;
for (const file of inputs.flatMap(expand)) {
  const raw = fs.readFileSync(file, 'utf8');
  const { text, params } = stripCommands(raw);
  const schema = { ...baseSchema, parameters: { ...schemaParams, ...Object.fromEntries([...params].map((p) => [p, null])) } };
  let diags;
  try {
    diags = lintCypherQuery(text, schema, { consoleCommandsEnabled: false }).diagnostics;
  } catch (e) {
    console.log(`${file}:1:1 error linter crashed: ${e.message}`); errors++; continue;
  }
  const seen = new Set();
  for (const d of diags) {
    let sev = d.severity ?? 1;
    if (/^Parameter \$.* is not defined\.$/.test(d.message)) {
      if (opts.params === 'ignore') continue;
      sev = opts.params === 'error' ? 1 : 2;
    }
    const line = d.range.start.line + 1, col = d.range.start.character + 1;
    const msg = d.message.replace(/\s*\n\s*/g, ' ');
    const key = `${line}:${col}:${msg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (sev === 1) errors++; else if (sev === 2) warnings++;
    console.log(`${file}:${line}:${col} ${SEV[sev] ?? 'error'} ${msg}`);
  }
}
if (process.exitCode === 2) process.exit(2);
process.exit(errors > 0 || (opts.strict && warnings > 0) ? 1 : 0);
