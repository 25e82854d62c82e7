//! A CSV file is converted in blocks on several threads: the result must be what one reader
//! going row by row gives — the same rows and values, quoted newlines kept whole across block
//! boundaries, and errors and warnings on the lines where they are in the file.

use modeldesk_data::{ColumnType, DataError, ImportOptions, WarningKind};
use serde_json::{Value, json};

use crate::{import, source, warnings_seen};

/// A CSV of `rows` rows with quoted newlines, bad values and ragged rows at known places;
/// returns the text and the line of each data row.
fn tricky_csv(rows: usize) -> (String, Vec<u64>) {
    let mut text = String::from("id,text,x\n");
    let mut line = 2u64;
    let mut lines = Vec::with_capacity(rows);
    for i in 0..rows {
        if i == 8000 || i == 15_000 {
            text.push_str(if i == 8000 { "1,2\n" } else { "1,2,3,4\n" });
            line += 1;
        }
        lines.push(line);
        let x = match i {
            5000 => "bad".to_owned(),
            12_000 => "oops".to_owned(),
            _ => format!("{}", i as f64 * 0.5),
        };
        if i % 7 == 0 {
            text.push_str(&format!("{i},\"two\nlines, \"\"quoted\"\" {i}\",{x}\n"));
            line += 2;
        } else {
            text.push_str(&format!("{i},plain {i},{x}\n"));
            line += 1;
        }
    }
    (text, lines)
}

fn many_blocks() -> ImportOptions {
    ImportOptions {
        infer_rows: 1000,
        // Rows per batch: the blocks read in parallel are sized for this many rows.
        batch_rows: 40,
        ..ImportOptions::default()
    }
}

/// `options`, with every row read while the types are inferred: in blocks of a MiB, so these
/// files (under a MiB) are converted as one block, by one reader from the first row to the last.
fn in_one_block(options: &ImportOptions) -> ImportOptions {
    ImportOptions {
        infer_rows: 1 << 30,
        ..options.clone()
    }
}

#[test]
fn many_blocks_give_every_row_value_and_warning_in_file_order() {
    let (text, lines) = tricky_csv(20_000);
    let src = source("blocks.csv", &text);
    let (report, page) = import(&src.path, &many_blocks()).unwrap();
    assert_eq!(report.rows, 20_000);
    assert_eq!(report.skipped_rows, 2);
    for (i, row) in page.rows.iter().enumerate() {
        assert_eq!(row[0], json!(i), "row {i}");
        let text = if i % 7 == 0 {
            format!("two\nlines, \"quoted\" {i}")
        } else {
            format!("plain {i}")
        };
        assert_eq!(row[1], json!(text), "row {i}");
        let x = if i == 5000 || i == 12_000 {
            Value::Null
        } else {
            json!(i as f64 * 0.5)
        };
        assert_eq!(row[2], x, "row {i}");
    }
    let seen: Vec<_> = report
        .warnings
        .iter()
        .map(|w| (w.kind, w.first_line, w.column.as_deref(), w.count))
        .collect();
    assert_eq!(
        seen,
        [
            (
                WarningKind::BadValuesMissing,
                Some(lines[5000]),
                Some("x"),
                2
            ),
            (
                WarningKind::RaggedRowsSkipped,
                Some(lines[8000] - 1),
                None,
                2
            ),
        ]
    );
}

#[test]
fn strict_mode_stops_at_the_first_bad_line_of_the_file() {
    let (text, lines) = tricky_csv(20_000);
    let src = source("strict.csv", &text);
    let strict = ImportOptions {
        strict: true,
        ..many_blocks()
    };
    match import(&src.path, &strict).unwrap_err() {
        DataError::Value { line, column, .. } => {
            assert_eq!((line, column.as_str()), (lines[5000], "x"));
        }
        other => panic!("expected a value error, got {other}"),
    }
    // Past the first bad value, the first ragged row (in a later block) is the error.
    let fixed = text.replacen(",bad\n", ",1\n", 1);
    let src = source("strict2.csv", &fixed);
    match import(&src.path, &strict).unwrap_err() {
        DataError::Ragged { line, found, .. } => assert_eq!((line, found), (lines[8000] - 1, 2)),
        other => panic!("expected a ragged-row error, got {other}"),
    }
}

#[test]
fn one_block_or_many_give_the_same_snapshot() {
    let (text, _) = tricky_csv(5000);
    let src = source("same.csv", &text);
    let (a, rows_a) = import(&src.path, &many_blocks()).unwrap();
    let one_block = ImportOptions {
        batch_rows: 1 << 20,
        ..many_blocks()
    };
    let (b, rows_b) = import(&src.path, &one_block).unwrap();
    assert_eq!(a.columns, b.columns);
    assert_eq!(a.warnings, b.warnings);
    assert_eq!(rows_a.rows, rows_b.rows);
}

#[test]
fn quote_free_blocks_split_fast_give_what_the_csv_reader_gives() {
    // No quote in the file: blocks are split by the fast path. Reading every row while the
    // types are inferred (a huge `infer_rows`) uses the `csv` reader alone: same result.
    let mut text = String::from("id,x,label\n");
    for i in 0..20_000 {
        match i {
            9000 => text.push_str("9000,1\n"),
            3000 | 15_000 => text.push_str(&format!("{i},n/a?,b\n")),
            _ => text.push_str(&format!("{i},{},{}\n", i % 97, ["a", "b", "c"][i % 3])),
        }
    }
    let src = source("plain.csv", &text);
    let fast_options = ImportOptions {
        types: [("x".to_owned(), ColumnType::Integer)].into(),
        ..many_blocks()
    };
    let sequential = in_one_block(&fast_options);
    let (fast, fast_rows) = import(&src.path, &fast_options).unwrap();
    let (slow, slow_rows) = import(&src.path, &sequential).unwrap();
    assert_eq!(fast.rows, 19_999);
    assert_eq!(fast.warnings.len(), 2);
    assert_eq!(
        (fast.warnings, fast.skipped_rows, fast.columns),
        (slow.warnings, slow.skipped_rows, slow.columns)
    );
    assert_eq!(fast_rows.rows, slow_rows.rows);
    for strict in [&fast_options, &sequential] {
        let strict = ImportOptions {
            strict: true,
            ..strict.clone()
        };
        match import(&src.path, &strict).unwrap_err() {
            DataError::Value { line, .. } => assert_eq!(line, 3002),
            other => panic!("expected a value error, got {other}"),
        }
    }
}

#[test]
fn float_columns_read_while_splitting_give_what_the_csv_reader_gives() {
    // Float fields are parsed as the fast path splits them; markers that are numbers (-999),
    // NaN, infinities, spaced and bad values must come out as the `csv` reader path gives them.
    let odd = [
        "-999", "NaN", "nan", "inf", "-inf", " 2.5", "2.5 ", "1e3", "", "-", "1.2.3", "NA",
    ];
    let mut text = String::from("id,x,y\n");
    for i in 0..20_000usize {
        let x = if i % 13 == 0 {
            odd[(i / 13) % odd.len()].to_owned()
        } else {
            format!("{}", (i as f64).sqrt() * -1.25e-3)
        };
        text.push_str(&format!("{i},{x},{}\n", i as f64 / 7.0));
    }
    let src = source("floats.csv", &text);
    let fast = ImportOptions {
        missing: ["", "NA", "NaN", "nan", "-999", "-"]
            .map(String::from)
            .to_vec(),
        types: [("x".to_owned(), ColumnType::Float)].into(),
        ..many_blocks()
    };
    let (fast_report, fast_rows) = import(&src.path, &fast).unwrap();
    let (slow_report, slow_rows) = import(&src.path, &in_one_block(&fast)).unwrap();
    assert_eq!(fast_report.rows, 20_000);
    assert_eq!(fast_rows.rows, slow_rows.rows);
    assert_eq!(fast_report.warnings, slow_report.warnings);
    // Row 0: "-999" (a marker), 13: "NaN", 65: " 2.5", 91: "1e3", 143: "1.2.3" (a warning).
    let x = |row: usize| fast_rows.rows[row][1].clone();
    assert_eq!(x(0), Value::Null);
    assert_eq!(x(13), Value::Null);
    assert_eq!(x(65), json!(2.5));
    assert_eq!(x(91), json!(1000.0));
    assert_eq!(x(1), json!(-1.25e-3));
    assert_eq!(fast_report.warnings.len(), 1, "{:?}", fast_report.warnings);
    assert_eq!(fast_report.warnings[0].kind, WarningKind::BadValuesMissing);
}

/// A disk that fills up after 64 KiB.
struct FullDisk(usize);

impl std::io::Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        if self.0 > 64 * 1024 {
            return Err(std::io::Error::other("no space left on device"));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_cancel_or_an_error_mid_file_stops_every_block_thread_and_returns() {
    use modeldesk_data::{CancelToken, JobProgress, import_file};
    let (text, _) = tricky_csv(60_000);
    assert!(text.len() > 1 << 20);
    let src = source("cancel.csv", &text);
    // Cancelled after the 100th batch — past the first MiB (read to infer the types), while
    // the later blocks are converted in parallel: the reader and the workers stop, nothing hangs.
    let cancel = CancelToken::new();
    let reports = std::sync::Mutex::new(Vec::new());
    let progress = |p: JobProgress| {
        let mut reports = reports.lock().unwrap();
        reports.push(p.rows);
        if reports.len() == 100 {
            cancel.cancel();
        }
    };
    let outcome = import_file(&src.path, &many_blocks(), Vec::new(), &progress, &cancel);
    assert!(matches!(outcome, Err(DataError::Cancelled)));
    let reports = reports.into_inner().unwrap();
    assert_eq!(reports.len(), 100);
    assert!(reports[99] > 4000, "cancelled at row {}", reports[99]);
    // A sink that fails mid-file: its error comes back, whatever the blocks are doing.
    let small_groups = ImportOptions {
        batch_rows: 10,
        ..many_blocks()
    };
    let outcome = import_file(
        &src.path,
        &small_groups,
        FullDisk(0),
        &modeldesk_data::NoProgress,
        &CancelToken::new(),
    );
    match outcome {
        Err(e) => assert!(e.to_string().contains("no space left"), "{e}"),
        Ok(_) => panic!("a full disk must fail the import"),
    }
}

/// A record is named by the line it starts on, whatever ends the lines (`\n`, `\r\n`, or a lone
/// `\r` as classic Mac files have) and however many blank lines come before it: among the rows
/// read for type inference, and in the blocks converted in parallel after them.
#[test]
fn errors_and_warnings_name_the_line_a_row_starts_on() {
    for ending in ["\n", "\r\n", "\r"] {
        let mut text = format!("id,text,x{ending}");
        let (mut line, mut lines) = (2u64, Vec::new());
        for i in 0..20_000 {
            if i % 1000 == 999 {
                text.push_str(&ending.repeat(2));
                line += 2;
            }
            lines.push(line);
            if i % 7 == 0 {
                text.push_str(&format!("{i},\"two{ending}lines\",{i}{ending}"));
                line += 2;
            } else {
                text.push_str(&format!("{i},plain,{i}{ending}"));
                line += 1;
            }
        }
        // Rows 999 (inference rows) and 15_999 (a later block) follow two blank lines.
        for bad in [999usize, 15_999] {
            let broken = text.replacen(
                &format!("{ending}{bad},plain,{bad}{ending}"),
                &format!("{ending}{bad},plain,oops{ending}"),
                1,
            );
            assert_ne!(broken, text);
            let src = source("lines.csv", &broken);
            let mut options = ImportOptions {
                strict: true,
                ..many_blocks()
            };
            options.types.insert("x".into(), ColumnType::Integer);
            match import(&src.path, &options).unwrap_err() {
                DataError::Value { line, .. } => {
                    assert_eq!(line, lines[bad], "row {bad}, {ending:?} line ends");
                }
                other => panic!("expected a value error, got {other}"),
            }
            options.strict = false;
            let (report, page) = import(&src.path, &options).unwrap();
            assert_eq!(report.rows, 20_000);
            // A quoted line break is kept, a lone `\r` read as `\n`.
            let kept = if ending == "\r\n" {
                "two\r\nlines"
            } else {
                "two\nlines"
            };
            assert_eq!(page.rows[7][1], json!(kept), "{ending:?} line ends");
            let first: Vec<_> = report.warnings.iter().map(|w| w.first_line).collect();
            assert_eq!(first, [Some(lines[bad])], "row {bad}, {ending:?} line ends");
        }
    }
}

#[test]
fn rows_read_to_infer_types_are_converted_again_from_the_line_after_the_header() {
    for end in ["\n", "\r\n"] {
        // The header spans lines 1-2 (a quoted newline); line 3 is blank; rows from line 4.
        let mut text = format!("\"first{end}name\",x{end}{end}");
        for i in 0..50 {
            text.push_str(&format!("n{i},{i}{end}"));
        }
        text.push_str(&format!("bad,y{end}last,7{end}"));
        let src = source("header.csv", &text);
        let options = ImportOptions {
            infer_rows: 10,
            ..ImportOptions::default()
        };
        let (report, page) = import(&src.path, &options).unwrap();
        assert_eq!(report.rows, 52, "{end:?}");
        assert_eq!(page.rows[0], [json!("n0"), json!(0)], "{end:?}");
        assert_eq!(page.rows[50], [json!("bad"), Value::Null], "{end:?}");
        assert_eq!(page.rows[51], [json!("last"), json!(7)], "{end:?}");
        let lines: Vec<Option<u64>> = report.warnings.iter().map(|w| w.first_line).collect();
        assert_eq!(lines, [Some(54)], "{end:?}");
        let strict = ImportOptions {
            strict: true,
            ..options
        };
        match import(&src.path, &strict).unwrap_err() {
            DataError::Value { line, column, .. } => {
                assert_eq!((line, column.as_str()), (54, "x"), "{end:?}");
            }
            other => panic!("expected a value error, got {other}"),
        }
    }
}

#[test]
fn a_row_of_another_width_gives_what_a_row_by_row_reader_gives() {
    // Among rows converted in parallel blocks, a ragged row leaves none of its values, and no
    // warning for them, behind; the first error in strict mode is the first in the file.
    let mut text = String::from("a,b\n");
    for i in 0..3000 {
        text.push_str(&format!("{i},{i}.5\n"));
    }
    let tail = "1,x\ny,2,3\n5,6\n"; // lines 3002 (a bad float), 3003 (ragged, a bad integer), 3004
    let options = ImportOptions {
        infer_rows: 100,
        ..many_blocks()
    };
    let src = source("ragged.csv", format!("{text}{tail}"));
    let (report, page) = import(&src.path, &options).unwrap();
    assert_eq!((report.rows, report.skipped_rows), (3002, 1));
    assert_eq!(
        warnings_seen(&report),
        [
            (
                WarningKind::BadValuesMissing,
                Some(3002),
                Some("b".into()),
                1
            ),
            (WarningKind::RaggedRowsSkipped, Some(3003), None, 1),
        ]
    );
    assert_eq!(page.rows[2999], [json!(2999), json!(2999.5)]);
    assert_eq!(page.rows[3000], [json!(1), Value::Null]);
    assert_eq!(page.rows[3001], [json!(5), json!(6.0)]);
    let strict = ImportOptions {
        strict: true,
        ..options
    };
    match import(&src.path, &strict).unwrap_err() {
        DataError::Value { line, column, .. } => assert_eq!((line, column.as_str()), (3002, "b")),
        other => panic!("expected a value error, got {other}"),
    }
    let src = source("ragged.csv", format!("{text}y,2,3\n5,6\n"));
    match import(&src.path, &strict).unwrap_err() {
        DataError::Ragged {
            line,
            found,
            expected,
            ..
        } => {
            assert_eq!((line, found, expected), (3002, 3, 2));
        }
        other => panic!("expected a ragged row error, got {other}"),
    }
}
