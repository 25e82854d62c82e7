//! ONNX nodes of the recipe steps that derive columns — casts, date parts, word counts and
//! TF-IDF — computing what `modeldesk_data::recipe` computes: dates by integer arithmetic in
//! `double` (every intermediate a whole number below 2^53, so `Floor(a / b)` is exact), words
//! by `StringSplit` on spaces after an ASCII `StringNormalizer`, weights by `TfIdfVectorizer`
//! counts scaled in `double`.

use modeldesk_data::recipe::{CastTo, DatePart, MICROS_PER_DAY, MICROS_PER_HOUR, TfIdfFit};
use modeldesk_onnx::{Attr, ElemType, GraphBuilder};

use super::{Columns, unsupported};
use crate::error::Result;

/// Arithmetic on `double` tensors, one node per call.
struct Arith<'g> {
    g: &'g mut GraphBuilder,
}

impl Arith<'_> {
    fn k(&mut self, v: f64) -> String {
        self.g.constant_f64("k", vec![], vec![v])
    }
    fn bin(&mut self, op: &str, a: &str, b: &str) -> String {
        self.g.op(op, "", &[a, b], vec![])
    }
    fn add_k(&mut self, a: &str, v: f64) -> String {
        let k = self.k(v);
        self.bin("Add", a, &k)
    }
    fn mul_k(&mut self, a: &str, v: f64) -> String {
        let k = self.k(v);
        self.bin("Mul", a, &k)
    }
    /// `Floor(a / v)`.
    fn floor_div(&mut self, a: &str, v: f64) -> String {
        let k = self.k(v);
        let q = self.bin("Div", a, &k);
        self.g.op("Floor", "", &[&q], vec![])
    }
    /// `a - v * Floor(a / v)`.
    fn modulo(&mut self, a: &str, v: f64) -> String {
        let q = self.floor_div(a, v);
        let m = self.mul_k(&q, v);
        self.bin("Sub", a, &m)
    }
}

fn cast(g: &mut GraphBuilder, x: &str, to: ElemType) -> String {
    g.op("Cast", "", &[x], vec![("to", Attr::Int(to.code().into()))])
}

/// `cast`: numbers stay `double` (an integer cast truncates, missing and infinite values
/// become missing); whole numbers become their decimal labels ("" when missing).
pub(super) fn cast_step(
    cols: &mut Columns,
    g: &mut GraphBuilder,
    column: &str,
    to: CastTo,
) -> Result<()> {
    let (x, strings) = cols.tensor(g, column)?;
    match (to, strings) {
        (CastTo::Float, false) | (CastTo::Categorical | CastTo::Text, true) => {}
        (CastTo::Integer, false) => {
            let nan = g.op("IsNaN", "", &[&x], vec![]);
            let inf = g.op("IsInf", "", &[&x], vec![]);
            let bad = g.op("Or", "", &[&nan, &inf], vec![]);
            let whole = cast(g, &x, ElemType::Int64);
            let back = cast(g, &whole, ElemType::Double);
            let missing = g.constant_f64("nan", vec![], vec![f64::NAN]);
            let out = g.op("Where", "", &[&bad, &missing, &back], vec![]);
            cols.set(column, out, false);
        }
        (CastTo::Categorical | CastTo::Text, false) => {
            let nan = g.op("IsNaN", "", &[&x], vec![]);
            let whole = cast(g, &x, ElemType::Int64);
            let label = cast(g, &whole, ElemType::String);
            let empty = g.constant_str("empty", vec![], vec![String::new()]);
            let out = g.op("Where", "", &[&nan, &empty, &label], vec![]);
            cols.set(column, out, true);
        }
        (CastTo::Float | CastTo::Integer, true) => {
            return Err(unsupported(
                column,
                "a cast of labels to numbers cannot be exported",
            ));
        }
    }
    Ok(())
}

/// `date_parts`: the raw date-time enters as `double` microseconds since 1970 (UTC).
pub(super) fn date_parts(
    cols: &mut Columns,
    g: &mut GraphBuilder,
    column: &str,
    parts: &[DatePart],
) -> Result<()> {
    let x = cols.numeric(g, column, "date_parts")?;
    #[allow(
        clippy::cast_precision_loss,
        reason = "both constants are exact in f64"
    )]
    let (day, hour) = (MICROS_PER_DAY as f64, MICROS_PER_HOUR as f64);
    let mut a = Arith { g };
    let days = a.floor_div(&x, day);
    let mut civil: Option<[String; 3]> = None;
    for part in parts {
        let out = match part {
            DatePart::Hour => {
                let whole = a.mul_k(&days, day);
                let rest = a.bin("Sub", &x, &whole);
                a.floor_div(&rest, hour)
            }
            DatePart::Weekday => {
                let shifted = a.add_k(&days, 3.0);
                a.modulo(&shifted, 7.0)
            }
            DatePart::Year | DatePart::Month | DatePart::Day => {
                let [y, m, d] = civil
                    .get_or_insert_with(|| civil_from_days(&mut a, &days))
                    .clone();
                match part {
                    DatePart::Year => y,
                    DatePart::Month => m,
                    _ => d,
                }
            }
        };
        cols.set(&format!("{column}.{}", part.name()), out, false);
    }
    cols.columns.remove(column);
    Ok(())
}

/// Hinnant's `civil_from_days` on a `double` day count: [year, month, day].
fn civil_from_days(a: &mut Arith<'_>, days: &str) -> [String; 3] {
    let z = a.add_k(days, 719_468.0);
    let era = a.floor_div(&z, 146_097.0);
    let era_days = a.mul_k(&era, 146_097.0);
    let doe = a.bin("Sub", &z, &era_days);
    let q1460 = a.floor_div(&doe, 1460.0);
    let q36524 = a.floor_div(&doe, 36_524.0);
    let q146096 = a.floor_div(&doe, 146_096.0);
    let t1 = a.bin("Sub", &doe, &q1460);
    let t2 = a.bin("Add", &t1, &q36524);
    let t3 = a.bin("Sub", &t2, &q146096);
    let yoe = a.floor_div(&t3, 365.0);
    let y365 = a.mul_k(&yoe, 365.0);
    let y4 = a.floor_div(&yoe, 4.0);
    let y100 = a.floor_div(&yoe, 100.0);
    let s1 = a.bin("Add", &y365, &y4);
    let s2 = a.bin("Sub", &s1, &y100);
    let doy = a.bin("Sub", &doe, &s2);
    let doy5 = a.mul_k(&doy, 5.0);
    let doy52 = a.add_k(&doy5, 2.0);
    let mp = a.floor_div(&doy52, 153.0);
    let mp153 = a.mul_k(&mp, 153.0);
    let mp1532 = a.add_k(&mp153, 2.0);
    let back = a.floor_div(&mp1532, 5.0);
    let d0 = a.bin("Sub", &doy, &back);
    let day = a.add_k(&d0, 1.0);
    // month = mp + 3 - 12 * Floor(mp / 10)
    let wrap = a.floor_div(&mp, 10.0);
    let wrap12 = a.mul_k(&wrap, 12.0);
    let mp3 = a.add_k(&mp, 3.0);
    let month = a.bin("Sub", &mp3, &wrap12);
    // year = yoe + 400 era + (month <= 2), with (month <= 2) = Floor((14 - month) / 12)
    let era400 = a.mul_k(&era, 400.0);
    let y0 = a.bin("Add", &yoe, &era400);
    let fourteen = a.k(14.0);
    let left = a.bin("Sub", &fourteen, &month);
    let early = a.floor_div(&left, 12.0);
    let year = a.bin("Add", &y0, &early);
    [year, month, day]
}

/// The words of a text tensor `[N, 1]`: `[N, T]` strings, padded with "" (ASCII lower-cased
/// when `lower`), and their counts `[N]`.
fn split_words(g: &mut GraphBuilder, x: &str, lower: bool) -> (String, String) {
    let flat = g.constant_i64("flat", vec![1], vec![-1]);
    let mut text = g.op("Reshape", "", &[x, &flat], vec![]);
    if lower {
        text = g.op(
            "StringNormalizer",
            "",
            &[&text],
            vec![
                ("case_change_action", Attr::Str("LOWER".to_owned())),
                // The C locale: ASCII letters only, as the recipe does, on every machine.
                ("locale", Attr::Str("C".to_owned())),
            ],
        );
    }
    let words = g.fresh("words");
    let counts = g.fresh("word_counts");
    g.node("StringSplit", "", &[&text], &[&words, &counts], vec![]);
    (words, counts)
}

/// `word_count`: `<column>.words` as `double`.
pub(super) fn word_count(cols: &mut Columns, g: &mut GraphBuilder, column: &str) -> Result<()> {
    let x = cols.strings(g, column)?;
    let (_, counts) = split_words(g, &x, false);
    let counts = cast(g, &counts, ElemType::Double);
    let column_shape = g.constant_i64("column", vec![2], vec![-1, 1]);
    let out = g.op("Reshape", "", &[&counts, &column_shape], vec![]);
    cols.set(&format!("{column}.words"), out, false);
    Ok(())
}

/// `tf_idf`: word counts by `TfIdfVectorizer`, times idf, rows scaled to unit length, one
/// `[N, 1]` column per vocabulary word.
pub(super) fn tf_idf(
    cols: &mut Columns,
    g: &mut GraphBuilder,
    column: &str,
    fit: &TfIdfFit,
) -> Result<()> {
    let x = cols.strings(g, column)?;
    cols.columns.remove(column);
    let n = fit.vocabulary.len();
    if n == 0 {
        return Ok(());
    }
    let (words, _) = split_words(g, &x, true);
    let indexes: Vec<i64> = (0..n)
        .map(|i| i64::try_from(i).unwrap_or(i64::MAX))
        .collect();
    let counts = g.op(
        "TfIdfVectorizer",
        "",
        &[&words],
        vec![
            ("mode", Attr::Str("TF".to_owned())),
            ("min_gram_length", Attr::Int(1)),
            ("max_gram_length", Attr::Int(1)),
            ("max_skip_count", Attr::Int(0)),
            ("ngram_counts", Attr::Ints(vec![0])),
            ("ngram_indexes", Attr::Ints(indexes)),
            ("pool_strings", Attr::Strs(fit.vocabulary.clone())),
        ],
    );
    let counts = cast(g, &counts, ElemType::Double);
    let width = i64::try_from(n).unwrap_or(i64::MAX);
    let idf = g.constant_f64("idf", vec![width], fit.idf.clone());
    let weights = g.op("Mul", "", &[&counts, &idf], vec![]);
    let squares = g.op("Mul", "", &[&weights, &weights], vec![]);
    let axis = g.constant_i64("axis", vec![1], vec![1]);
    let sum = g.op(
        "ReduceSum",
        "",
        &[&squares, &axis],
        vec![("keepdims", Attr::Int(1))],
    );
    let norm = g.op("Sqrt", "", &[&sum], vec![]);
    let zero = g.constant_f64("zero", vec![], vec![0.0]);
    let one = g.constant_f64("one", vec![], vec![1.0]);
    let empty = g.op("Equal", "", &[&norm, &zero], vec![]);
    let divisor = g.op("Where", "", &[&empty, &one, &norm], vec![]);
    let scaled = g.op("Div", "", &[&weights, &divisor], vec![]);
    let sizes = g.constant_i64("sizes", vec![width], vec![1; n]);
    let outputs: Vec<String> = (0..n).map(|_| g.fresh("tfidf")).collect();
    let names: Vec<&str> = outputs.iter().map(String::as_str).collect();
    g.node(
        "Split",
        "",
        &[&scaled, &sizes],
        &names,
        vec![("axis", Attr::Int(1))],
    );
    for (word, out) in fit.vocabulary.iter().zip(outputs) {
        cols.set(&format!("{column}:{word}"), out, false);
    }
    Ok(())
}
