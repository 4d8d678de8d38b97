// Counts CloudTrail records by eventName (or by errorCode) with DuckDB, for
// compare_cli.sh.
//
//   node duckdb_count.mjs ndjson FILE        one record per line
//   node duckdb_count.mjs s3 'DIR/*.json.gz' S3 delivery objects {"Records":[...]}
//   node duckdb_count.mjs ndjson|s3 PATH errorCode
//   node duckdb_count.mjs version
//
// By eventName it prints one JSON object {"<eventName>": count, ...} on
// stdout. By errorCode it answers the SPL search
// `stats count by errorCode | sort - count` (a record without errorCode
// counts as "success"): one JSON line {"errorCode": ..., "count": n} per
// group, largest count first. Needs the @duckdb/node-api package (npm)
// resolvable from this file's folder: compare_cli.sh copies it next to a
// temporary node_modules.
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, path, by = 'eventName'] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();

const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;
let from;
let col = '';  // how a record's field is named in `from`
if (mode === 'ndjson') {
  // The natural query: schema inferred by DuckDB's JSON reader.
  from = `read_json_auto(${literal(path)}, format = 'newline_delimited')`;
} else if (mode === 's3') {
  // One JSON document per file holding every record: unnest Records.
  from = `(SELECT unnest(Records) AS r FROM read_json_auto(${literal(path)}, maximum_object_size = 1073741824))`;
  col = 'r.';
} else if (mode !== 'version') {
  console.error('usage: node duckdb_count.mjs ndjson FILE | s3 GLOB [errorCode] | version');
  process.exit(2);
}
let sql;
if (mode === 'version') {
  sql = 'SELECT version() AS v';
} else if (by === 'eventName') {
  sql = `SELECT ${col}eventName AS name, count(*) AS n FROM ${from} GROUP BY 1`;
} else if (by === 'errorCode') {
  sql = `SELECT coalesce(${col}errorCode, 'success') AS name, count(*) AS n FROM ${from} GROUP BY 1 ORDER BY 2 DESC`;
} else {
  console.error(`duckdb_count.mjs: cannot count by ${by}`);
  process.exit(2);
}
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRowObjectsJson();
if (mode === 'version') {
  console.log(rows[0].v);
} else if (by === 'errorCode') {
  console.log(rows.map((row) => JSON.stringify({ errorCode: row.name, count: Number(row.n) })).join('\n'));
} else {
  const out = {};
  for (const row of rows) out[row.name === null ? '(none)' : row.name] = Number(row.n);
  console.log(JSON.stringify(out));
}
