// Introspects a GraphQL endpoint as a client would (graphql-js's own introspection query),
// builds a schema from the answer and compares it, printed, with a published one.
// Usage: node introspection-roundtrip.mjs URL TOKEN PUBLISHED.json.gz
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';

const [url, token, publishedPath] = process.argv.slice(2);
const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});
const res = await fetch(url, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': token },
  body: JSON.stringify({ query }),
});
const body = await res.json();
if (body.errors) {
  console.log(JSON.stringify(body.errors).slice(0, 2000));
  process.exit(1);
}
const answered = printSchema(buildClientSchema(body.data)).split('\n');
const publishedJson = JSON.parse(gunzipSync(readFileSync(publishedPath)).toString('utf8'));
const published = printSchema(buildClientSchema(publishedJson.data ?? publishedJson)).split('\n');
let diff = 0;
for (let i = 0; i < Math.max(answered.length, published.length); i++) {
  if (answered[i] !== published[i]) {
    if (diff++ < 5) console.log(`line ${i + 1}:\n  answered:  ${answered[i]}\n  published: ${published[i]}`);
  }
}
console.log(`${res.headers.get('x-shopify-api-version')}: ${body.data.__schema.types.length} types, ` +
            `${published.length} printed lines, ${diff} differ`);
process.exit(diff ? 1 : 0);
