/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends) into rows of
 * objects keyed by the header row. Blank lines are skipped. Small on purpose: the IAM
 * credential report is the only CSV orgscan reads.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const records = parseRecords(text);
  const header = records.shift();
  if (!header) return [];
  return records.map((fields, index) => {
    if (fields.length !== header.length) {
      throw new Error(`CSV record ${index + 2} has ${fields.length} fields, the header has ${header.length}`);
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      row[name] = fields[i] ?? '';
    });
    return row;
  });
}

function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push(fields);
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') endRecord();
    else if (c === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 1;
    } else field += c;
    i += 1;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
