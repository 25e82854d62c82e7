//! Guessing a CSV file's dialect from its first bytes.

use encoding_rs::Encoding;

use super::{CsvDialect, CsvOptions, LineEnds, encoding_for_label};
use crate::columns::infer_type;
use crate::parse::ParseConfig;
use crate::{ColumnType, DataError, Result};

/// Delimiters tried, in order of preference on ties.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Lines of the sample used to judge delimiter and header.
const SAMPLE_LINES: usize = 200;

/// Sniffs the dialect of `sample` (the first bytes of the file) and applies `options`.
/// `path` names the file in errors; `tab_first` prefers tabs (a `.tsv` file).
pub fn sniff(
    sample: &[u8],
    options: &CsvOptions,
    missing: &[String],
    path: &std::path::Path,
    tab_first: bool,
) -> Result<CsvDialect> {
    let (sniffed, bom) = sniff_encoding(sample, path)?;
    let encoding = match &options.encoding {
        Some(label) => encoding_for_label(label).ok_or_else(|| DataError::InvalidOption {
            field: "encoding",
            reason: format!(
                "unknown encoding {label:?}; try utf-8, utf-16le, utf-16be, latin1 or windows-1252"
            ),
        })?,
        None => sniffed,
    };
    let mut text = decode_sample(sample, encoding, bom);
    let line_ends = if text.contains('\r') && !text.contains('\n') {
        text = text.replace('\r', "\n");
        LineEnds::CarriageReturn
    } else {
        LineEnds::Newline
    };
    let lines = complete_lines(&text);
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    let quote = ascii_option(options.quote, "quote")?.unwrap_or(b'"');
    let delimiter = match ascii_option(options.delimiter, "delimiter")? {
        Some(d) => d,
        None => sniff_delimiter(&lines, quote, tab_first),
    };
    let rows = parse_rows(&lines, delimiter, quote);
    let decimal_comma = options
        .decimal_comma
        .unwrap_or_else(|| delimiter != b',' && looks_decimal_comma(&rows));
    let has_header = options
        .has_header
        .unwrap_or_else(|| sniff_header(&rows, &ParseConfig::new(decimal_comma, missing)));
    Ok(CsvDialect {
        encoding: encoding.name().to_owned(),
        bom: bom && encoding == sniffed,
        delimiter: char::from(delimiter),
        quote: char::from(quote),
        has_header,
        decimal_comma,
        line_ends,
    })
}

fn ascii_option(c: Option<char>, field: &'static str) -> Result<Option<u8>> {
    match c {
        None => Ok(None),
        Some(c) if c.is_ascii() && c != '\n' && c != '\r' => Ok(Some(c as u8)),
        Some(c) => Err(DataError::InvalidOption {
            field,
            reason: format!("{c:?} must be a single ASCII character other than a line break"),
        }),
    }
}

/// Encoding from a byte-order mark, else UTF-16 by its zero bytes, else UTF-8 if the sample
/// is valid UTF-8, else windows-1252 (a superset of Latin-1 that decodes every byte).
fn sniff_encoding(sample: &[u8], path: &std::path::Path) -> Result<(&'static Encoding, bool)> {
    if let Some((enc, _)) = Encoding::for_bom(sample) {
        return Ok((enc, true));
    }
    if sample.contains(&0) {
        let even_zeros = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd_zeros = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        let half = sample.len() / 2;
        if odd_zeros * 10 >= half * 9 && even_zeros * 10 < half {
            return Ok((encoding_rs::UTF_16LE, false));
        }
        if even_zeros * 10 >= half * 9 && odd_zeros * 10 < half {
            return Ok((encoding_rs::UTF_16BE, false));
        }
        return Err(DataError::Binary {
            path: path.to_path_buf(),
            expected: "CSV text",
            checked: sample.len(),
        });
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Ok((encoding_rs::UTF_8, false)),
        // Cut mid-character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() => Ok((encoding_rs::UTF_8, false)),
        Err(_) => Ok((encoding_rs::WINDOWS_1252, false)),
    }
}

fn decode_sample(sample: &[u8], encoding: &'static Encoding, bom: bool) -> String {
    let body = if bom {
        Encoding::for_bom(sample).map_or(sample, |(_, n)| &sample[n..])
    } else {
        sample
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    text.into_owned()
}

/// The sample's lines, without a possibly cut-off last line when the sample has several.
fn complete_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().take(SAMPLE_LINES + 1).collect();
    if lines.len() > SAMPLE_LINES {
        lines.truncate(SAMPLE_LINES);
    } else if lines.len() > 1 && !text.ends_with('\n') {
        lines.pop();
    }
    lines
}

fn parse_rows(lines: &[&str], delimiter: u8, quote: u8) -> Vec<Vec<String>> {
    let joined = lines.join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(quote)
        .from_reader(joined.as_bytes());
    reader
        .records()
        .map_while(std::result::Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect()
}

/// The candidate giving the most fields with the same count on (nearly) every line.
fn sniff_delimiter(lines: &[&str], quote: u8, tab_first: bool) -> u8 {
    let mut order = CANDIDATES.to_vec();
    if tab_first {
        order.sort_by_key(|&c| c != b'\t');
    }
    let mut best = (order[0], 1usize);
    for &delim in &order {
        let rows = parse_rows(lines, delim, quote);
        let counts: Vec<usize> = rows.iter().map(Vec::len).filter(|&n| n > 0).collect();
        let Some(mode) = mode(&counts) else { continue };
        let consistent = counts.iter().filter(|&&n| n == mode).count();
        if mode > best.1 && consistent * 10 >= counts.len() * 9 {
            best = (delim, mode);
        }
    }
    best.0
}

fn mode(values: &[usize]) -> Option<usize> {
    let mut counts = std::collections::HashMap::new();
    for &v in values {
        *counts.entry(v).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(v, n)| (n, v))
        .map(|(v, _)| v)
}

/// Most number-like fields look like `12,5` (and none like `12.5`).
fn looks_decimal_comma(rows: &[Vec<String>]) -> bool {
    let (mut comma, mut point) = (0usize, 0usize);
    for field in rows.iter().flatten() {
        let f = field.trim();
        let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let unsigned = f.strip_prefix(['-', '+']).unwrap_or(f);
        if let Some((a, b)) = unsigned.split_once(',') {
            if digits_only(a) && digits_only(b) {
                comma += 1;
            }
        } else if let Some((a, b)) = unsigned.split_once('.')
            && digits_only(a)
            && digits_only(b)
        {
            point += 1;
        }
    }
    comma > 0 && point == 0
}

/// A header is assumed unless the first row converts to the types the other rows have in
/// every typed column. All-text files are assumed to have a header.
fn sniff_header(rows: &[Vec<String>], cfg: &ParseConfig) -> bool {
    let Some((first, rest)) = rows.split_first() else {
        return true;
    };
    if rest.is_empty() {
        return true;
    }
    let mut typed_columns = 0;
    for (i, head) in first.iter().enumerate() {
        let values = rest
            .iter()
            .filter_map(|row| row.get(i))
            .map(String::as_bytes)
            .filter(|v| !cfg.is_missing(v));
        let ty = infer_type(values, cfg);
        if matches!(ty, ColumnType::Categorical | ColumnType::Text) {
            continue;
        }
        typed_columns += 1;
        let head_ty = infer_type(std::iter::once(head.as_bytes()), cfg);
        let head_fits = cfg.is_missing(head.as_bytes())
            || match ty {
                ColumnType::Float => matches!(head_ty, ColumnType::Integer | ColumnType::Float),
                other => head_ty == other,
            };
        if !head_fits {
            return true;
        }
    }
    typed_columns == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialect(text: &[u8]) -> CsvDialect {
        sniff(
            text,
            &CsvOptions::default(),
            &crate::parse::DEFAULT_MISSING
                .iter()
                .map(|s| (*s).to_owned())
                .collect::<Vec<_>>(),
            std::path::Path::new("t.csv"),
            false,
        )
        .unwrap()
    }

    #[test]
    fn lines_ending_in_a_lone_carriage_return() {
        let d = dialect(b"a;b;c\r1;2,5;x\r3;4,5;y\r");
        assert_eq!(
            (d.delimiter, d.has_header, d.decimal_comma, d.line_ends),
            (';', true, true, LineEnds::CarriageReturn)
        );
        assert_eq!(dialect(b"a,b\r\n1,2\r\n").line_ends, LineEnds::Newline);
        assert_eq!(dialect(b"a,b\n1,2\n").line_ends, LineEnds::Newline);
    }

    #[test]
    fn comma_file_with_header() {
        let d = dialect(b"a,b,c\n1,2.5,x\n3,4.5,y\n");
        assert_eq!(
            (d.delimiter, d.has_header, d.decimal_comma),
            (',', true, false)
        );
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn semicolon_with_decimal_comma() {
        let d = dialect(b"name;price;qty\napple;1,5;3\npear;2,25;4\n");
        assert_eq!(
            (d.delimiter, d.has_header, d.decimal_comma),
            (';', true, true)
        );
    }

    #[test]
    fn tabs_and_pipes() {
        assert_eq!(dialect(b"a\tb\n1\t2\n3\t4\n").delimiter, '\t');
        assert_eq!(dialect(b"a|b|c\n1|2|3\n").delimiter, '|');
    }

    #[test]
    fn headerless_numeric_file() {
        let d = dialect(b"1,2,3\n4,5,6\n7,8,9\n");
        assert!(!d.has_header);
    }

    #[test]
    fn quoted_delimiters_do_not_confuse() {
        let d = dialect(b"id,comment\n1,\"a; b; c\"\n2,\"d; e\"\n");
        assert_eq!(d.delimiter, ',');
    }

    #[test]
    fn boms_and_utf16() {
        let d = dialect(b"\xEF\xBB\xBFa,b\n1,2\n");
        assert_eq!((d.encoding.as_str(), d.bom), ("UTF-8", true));
        let utf16: Vec<u8> = "a,b\n1,2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(dialect(&utf16).encoding, "UTF-16LE");
        let latin1 = b"name,city\nJos\xe9,K\xf6ln\n";
        assert_eq!(dialect(latin1).encoding, "windows-1252");
    }

    #[test]
    fn binary_and_empty_are_errors() {
        let path = std::path::Path::new("x.csv");
        let err = sniff(
            b"\x00\x01\x02\xff\x00\x13",
            &CsvOptions::default(),
            &[],
            path,
            false,
        )
        .unwrap_err();
        assert!(matches!(err, DataError::Binary { .. }), "{err}");
        let err = sniff(b"\n\n  \n", &CsvOptions::default(), &[], path, false).unwrap_err();
        assert!(matches!(err, DataError::Empty { .. }), "{err}");
    }
}
