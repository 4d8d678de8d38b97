// Counts CloudTrail records by eventName with DuckDB, for compare_cli.sh.
//
//   node duckdb_count.mjs ndjson FILE        one record per line
//   node duckdb_count.mjs s3 'DIR/*.json.gz' S3 delivery objects {"Records":[...]}
//   node duckdb_count.mjs version
//
// Prints one JSON object {"<eventName>": count, ...} on stdout. Needs the
// @duckdb/node-api package (npm) resolvable from this file's folder:
// compare_cli.sh copies it next to a temporary node_modules.
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, path] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();

const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;
let sql;
if (mode === 'version') {
  sql = 'SELECT version() AS v';
} else if (mode === 'ndjson') {
  // The natural query: schema inferred by DuckDB's JSON reader.
  sql = `SELECT eventName AS name, count(*) AS n FROM read_json_auto(${literal(path)}, format = 'newline_delimited') GROUP BY 1`;
} else if (mode === 's3') {
  // One JSON document per file holding every record: unnest Records.
  sql = `SELECT r.eventName AS name, count(*) AS n FROM (SELECT unnest(Records) AS r FROM read_json_auto(${literal(path)}, maximum_object_size = 1073741824)) GROUP BY 1`;
} else {
  console.error('usage: node duckdb_count.mjs ndjson FILE | s3 GLOB | version');
  process.exit(2);
}
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRowObjectsJson();
if (mode === 'version') {
  console.log(rows[0].v);
} else {
  const out = {};
  for (const row of rows) out[row.name === null ? '(none)' : row.name] = Number(row.n);
  console.log(JSON.stringify(out));
}
