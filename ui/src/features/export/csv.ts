// Reading the bundle's sample rows: CSV as the backend writes it (RFC 4180).

/**
 * The records of a CSV text, each a list of fields. A field in double quotes may hold commas,
 * line breaks and doubled quotes (`""` is one `"`); records end at `\n` or `\r\n`, and a line
 * break at the very end starts no record. Empty text has none.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  // Whether the current record has anything yet (so a trailing line break adds no empty record).
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
      continue;
    }
    if (c === '"') {
      quoted = true;
      started = true;
    } else if (c === ",") {
      record.push(field);
      field = "";
      started = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      started = false;
    } else {
      field += c;
      started = true;
    }
  }
  if (started) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The sample rows: the header and the rows under it (none of either for empty text). */
export function sampleTable(csv: string): { columns: string[]; rows: string[][] } {
  const [columns = [], ...rows] = parseCsv(csv);
  return { columns, rows };
}
