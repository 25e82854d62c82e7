//! Splitting a block that holds no quote and no carriage return into records: every delimiter
//! ends a field and every `\n` a record, so the fields are found with `memchr`'s vectorised
//! search instead of `csv-core`'s byte-by-byte state machine (about three times faster on the
//! import benchmark's numeric columns). The records and fields are exactly those `csv` gives
//! for such a block, each numbered by the line it starts on; a test checks this on random
//! blocks.

use crate::columns::Cell;

/// Whether `data` can be split by [`for_each_record`]: no quote character, no `\r`.
pub(crate) fn is_plain(data: &[u8], quote: u8) -> bool {
    memchr::memchr2(quote, b'\r', data).is_none()
}

/// Calls `on_record` with each record's cells and the line it starts on, in order; blank
/// lines are skipped, as `csv` skips them. `data` starts on line `first_line`.
///
/// The fields of the columns marked in `floats` are parsed as they are split: the number's
/// text ends the field when a delimiter or line end follows it, so a float column's field is
/// read once, not searched for and then parsed (a quarter less time on numeric files). Any
/// other field (text, a missing marker, spaces, a bad value) is found with `memchr`.
pub(crate) fn for_each_record<'d, E>(
    data: &'d [u8],
    delimiter: u8,
    first_line: u64,
    floats: &[bool],
    mut on_record: impl FnMut(&[Cell<'d>], u64) -> Result<(), E>,
) -> Result<(), E> {
    let mut cells: Vec<Cell<'d>> = Vec::with_capacity(floats.len() + 1);
    let mut pos = 0;
    let mut line = first_line;
    while pos < data.len() {
        cells.clear();
        loop {
            let rest = &data[pos..];
            let ends_field = |b: Option<&u8>| b.is_none_or(|&b| b == b'\n' || b == delimiter);
            let number = if ends_field(rest.first()) {
                // An empty field (most often a missing value) is no number.
                None
            } else if floats.get(cells.len()) == Some(&true) {
                fast_float2::parse_partial::<f64, _>(rest)
                    .ok()
                    .filter(|&(_, n)| ends_field(rest.get(n)))
            } else {
                None
            };
            let (len, float) = number.map_or_else(
                || (field_len(rest, delimiter), None),
                |(value, n)| (n, Some(value)),
            );
            cells.push(Cell {
                raw: &rest[..len],
                float,
            });
            pos += len + 1;
            if rest.get(len).is_none_or(|&b| b == b'\n') {
                break;
            }
        }
        // A blank line is no record.
        if cells.len() > 1 || !cells[0].raw.is_empty() {
            on_record(&cells, line)?;
        }
        line += 1;
    }
    Ok(())
}

/// Bytes a field read by a byte loop before [`field_len`] hands the rest to `memchr`.
const SHORT_FIELD: usize = 16;

/// The length of the field `rest` starts with: up to the next delimiter or `\n`. Empty
/// fields, labels and missing markers end within a few bytes, found by a byte loop before
/// `memchr`'s vector search would have been set up; a longer field goes to `memchr`.
#[inline]
fn field_len(rest: &[u8], delimiter: u8) -> usize {
    let (head, tail) = rest.split_at(rest.len().min(SHORT_FIELD));
    head.iter()
        .position(|&b| b == delimiter || b == b'\n')
        .unwrap_or_else(|| {
            memchr::memchr2(delimiter, b'\n', tail).map_or(rest.len(), |n| head.len() + n)
        })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Records as `csv` reads them: fields and the line each starts on (one more than the line
    /// breaks before its first byte).
    fn by_csv(data: &[u8]) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data);
        let mut out = Vec::new();
        let mut record = ::csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            let byte = record.position().map_or(0, ::csv::Position::byte);
            let mut start = usize::try_from(byte).unwrap_or(usize::MAX);
            while data.get(start) == Some(&b'\n') {
                start += 1;
            }
            let line = 1 + memchr::memchr_iter(b'\n', &data[..start]).count() as u64;
            out.push((record.iter().map(<[u8]>::to_vec).collect(), line));
        }
        out
    }

    /// Records as [`super::for_each_record`] splits them, reading the columns marked in
    /// `floats` as floats; each number found must be what parsing the field alone gives.
    fn by_plain(data: &[u8], floats: &[bool]) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut out = Vec::new();
        let split = super::for_each_record(data, b',', 1, floats, |cells, line| {
            for (i, cell) in cells.iter().enumerate() {
                if let Some(value) = cell.float {
                    assert_eq!(
                        floats.get(i),
                        Some(&true),
                        "column {i} is not read as floats"
                    );
                    let alone = crate::parse::parse_float(cell.raw, false);
                    assert_eq!(
                        alone.map(f64::to_bits),
                        Some(value.to_bits()),
                        "{:?}",
                        cell.raw
                    );
                }
            }
            out.push((cells.iter().map(|c| c.raw.to_vec()).collect(), line));
            Ok::<(), ()>(())
        });
        assert!(split.is_ok());
        out
    }

    /// Text made of fields that are often numbers (and often nearly numbers).
    fn numeric_text() -> impl Strategy<Value = String> {
        let field = prop_oneof![
            "-?[0-9]{1,22}(\\.[0-9]{0,22})?([eE][+-]?[0-9]{1,3})?",
            "[+-]?\\.[0-9]{1,5}",
            "(nan|NaN|inf|-inf|infinity|info|1e|1e\\+|--1|1\\.2\\.3| 1| 1 |1 |NA|-)",
            "[a-c0-9 .eE+-]{0,6}",
        ];
        let sep = prop_oneof![4 => Just(","), 1 => Just("\n"), 1 => Just(",,"), 1 => Just("\n\n")];
        prop::collection::vec((field, sep), 0..24)
            .prop_map(|parts| parts.into_iter().map(|(f, s)| f + s).collect::<String>())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn plain_blocks_split_as_csv_reads_them(
            text in "([a-c1 ]{0,40}[,\n]{1,2}){0,6}[a-c1 ,\n]{0,40}",
        ) {
            prop_assert!(super::is_plain(text.as_bytes(), b'"'));
            prop_assert_eq!(by_plain(text.as_bytes(), &[]), by_csv(text.as_bytes()));
        }

        #[test]
        fn numbers_read_while_splitting_are_the_fields_parsed_alone(
            text in numeric_text(),
            floats in prop::collection::vec(any::<bool>(), 0..8),
            trailing in any::<bool>(),
        ) {
            let text = if trailing { text } else { text.trim_end_matches('\n').to_owned() };
            prop_assert_eq!(by_plain(text.as_bytes(), &floats), by_csv(text.as_bytes()));
            prop_assert_eq!(by_plain(text.as_bytes(), &[true; 8]), by_csv(text.as_bytes()));
        }
    }

    #[test]
    fn float_columns_are_read_as_they_are_split() {
        let mut seen = Vec::new();
        let data = b"1.5,x,2e3\n,7,-0.25\n\n 4,1.5.5,inf";
        let split = super::for_each_record(data, b',', 10, &[true, false, true], |cells, line| {
            seen.push((line, cells.iter().map(|c| c.float).collect::<Vec<_>>()));
            Ok::<(), ()>(())
        });
        assert!(split.is_ok());
        assert_eq!(
            seen,
            [
                (10, vec![Some(1.5), None, Some(2000.0)]),
                (11, vec![None, None, Some(-0.25)]),
                (13, vec![None, None, Some(f64::INFINITY)]),
            ]
        );
    }

    #[test]
    fn a_field_ends_at_its_first_delimiter_or_line_end_at_any_length() {
        for len in 0..3 * super::SHORT_FIELD {
            let field = "x".repeat(len);
            for end in [",y", "\nz,w", ""] {
                let data = format!("{field}{end}");
                assert_eq!(super::field_len(data.as_bytes(), b','), len, "{data:?}");
            }
        }
    }

    #[test]
    fn quotes_and_carriage_returns_are_not_plain() {
        assert!(!super::is_plain(b"a,\"b\"\n", b'"'));
        assert!(!super::is_plain(b"a,b\r\n", b'"'));
        assert!(super::is_plain(b"a,b\n1,2", b'"'));
    }
}
