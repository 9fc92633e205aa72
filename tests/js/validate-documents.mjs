// Validates GraphQL documents with graphql-js against published introspection schemas.
// Usage: node validate-documents.mjs DOCUMENTS.json SCHEMA.json.gz...
// DOCUMENTS.json: [{"name", "text", "variables"}]. Prints one line per problem; exit 1 if any.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, parse, validate } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';

const [documentsPath, ...schemaPaths] = process.argv.slice(2);
const documents = JSON.parse(readFileSync(documentsPath, 'utf8'));
let problems = 0;
for (const path of schemaPaths) {
  const introspection = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
  const schema = buildClientSchema(introspection.data ?? introspection);
  for (const d of documents) {
    const ast = parse(d.text);
    const errors = validate(schema, ast);
    for (const e of errors) {
      problems++;
      console.log(`${path}: ${d.name}: ${e.message}`);
    }
    if (errors.length) continue;
    const op = ast.definitions.find((x) => x.kind === 'OperationDefinition');
    const coerced = getVariableValues(schema, op.variableDefinitions ?? [], d.variables ?? {});
    for (const e of coerced.errors ?? []) {
      problems++;
      console.log(`${path}: ${d.name}: variables: ${e.message}`);
    }
  }
}
console.log(`${documents.length} documents × ${schemaPaths.length} schemas: ${problems} problems`);
process.exit(problems ? 1 : 0);
