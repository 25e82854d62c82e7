//! Image folders: one sub-folder per class holding PNG/JPEG files, imported as a table of
//! (path, label, width, height, thumbnail), and the pixels of those files as model features
//! (grey levels of the image resized to a square), computed when a recipe asks for them.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use base64::Engine as _;
use image::imageops::FilterType;

use crate::import::{BatchSink, BatchWriter, ImportReport, SourceFormat, Warnings};
use crate::{
    CancelToken, ColumnSchema, ColumnType, DataError, ImportOptions, JobProgress, Progress, Result,
    WarningKind,
};

/// Image file extensions an image folder import reads.
pub const IMAGE_EXTENSIONS: [&str; 3] = ["png", "jpg", "jpeg"];
/// Side of the thumbnails kept with an imported image (pixels; aspect ratio kept).
pub const THUMBNAIL_SIDE: u32 = 48;
/// Largest side a pixel-feature square may have (`size × size` columns).
pub const MAX_PIXEL_SIDE: u32 = 64;

/// The columns of an imported image folder.
fn image_columns() -> Vec<ColumnSchema> {
    [
        ("path", ColumnType::Text),
        ("label", ColumnType::Categorical),
        ("width", ColumnType::Integer),
        ("height", ColumnType::Integer),
        ("thumbnail", ColumnType::Text),
    ]
    .into_iter()
    .map(|(name, ty)| ColumnSchema {
        name: name.to_owned(),
        ty,
    })
    .collect()
}

/// The image files of `dir`'s class folders, sorted by class then file name.
fn image_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for class in std::fs::read_dir(dir).map_err(DataError::io(dir))? {
        let class = class.map_err(DataError::io(dir))?.path();
        if !class.is_dir() {
            continue;
        }
        let label = class
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for file in std::fs::read_dir(&class).map_err(DataError::io(&class))? {
            let path = file.map_err(DataError::io(&class))?.path();
            let image = path
                .extension()
                .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
            if image && path.is_file() {
                files.push((label.clone(), path));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// A decoded image file, or why it is not one.
fn open_image(path: &Path) -> Result<image::DynamicImage> {
    image::ImageReader::open(path)
        .map_err(DataError::io(path))?
        .with_guessed_format()
        .map_err(DataError::io(path))?
        .decode()
        .map_err(|e| DataError::Image {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

/// A small PNG of `image` as a `data:` URL (what the UI shows in the table).
fn thumbnail(image: &image::DynamicImage) -> String {
    let small = image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    let mut png = Vec::new();
    if small
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .is_err()
    {
        return String::new();
    }
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

/// Imports the image folder `dir`: one row per PNG/JPEG file in its sub-folders, labelled by
/// the sub-folder. A file that does not decode is skipped with a warning (an error in strict
/// mode, naming the file); the images themselves are only read.
pub(crate) fn import_images<K: BatchSink>(
    dir: &Path,
    options: &ImportOptions,
    sink: K,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<(ImportReport, K::Output)> {
    let files = image_files(dir)?;
    if files.is_empty() {
        return Err(DataError::InvalidOption {
            field: "image folder",
            reason: format!(
                "{} holds no class folders with {} files (one sub-folder per class)",
                dir.display(),
                IMAGE_EXTENSIONS.join("/")
            ),
        });
    }
    let columns = image_columns();
    let mut out = BatchWriter::new(sink, &columns, options.batch_rows)?;
    let schema = out.schema();
    let mut warnings = Warnings::default();
    let total = files.len() as u64;
    let (mut paths, mut labels, mut widths, mut heights, mut thumbs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (n, (label, path)) in files.iter().enumerate() {
        if cancel.is_cancelled() {
            return Err(DataError::Cancelled);
        }
        match open_image(path) {
            Ok(image) => {
                paths.push(path.display().to_string());
                labels.push(label.clone());
                widths.push(i64::from(image.width()));
                heights.push(i64::from(image.height()));
                thumbs.push(thumbnail(&image));
            }
            Err(e) if options.strict => return Err(e),
            Err(e) => warnings.add(WarningKind::UnreadableImagesSkipped, None, None, || {
                format!("image files that do not decode were skipped, first: {e}")
            }),
        }
        progress.report(JobProgress {
            stage: "import",
            done: n as u64 + 1,
            total: Some(total),
            rows: paths.len() as u64,
        });
    }
    let rows = paths.len() as u64;
    if rows == 0 {
        return Err(DataError::InvalidOption {
            field: "image folder",
            reason: format!("no image in {} could be read", dir.display()),
        });
    }
    let arrays: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(paths)),
        Arc::new(StringArray::from(labels)),
        Arc::new(Int64Array::from(widths)),
        Arc::new(Int64Array::from(heights)),
        Arc::new(StringArray::from(thumbs)),
    ];
    out.write_ready(RecordBatch::try_new(schema, arrays)?)?;
    let (_, sink) = out.finish()?;
    let skipped = total - rows;
    Ok((
        ImportReport {
            format: SourceFormat::Images,
            source: dir.to_path_buf(),
            rows,
            columns,
            dialect: None,
            warnings: warnings.into_vec(),
            skipped_rows: skipped,
            options: options.clone(),
        },
        sink,
    ))
}

/// The grey levels (0 black .. 1 white) of the image at `path` resized to `side × side`
/// (triangle filter), row by row.
pub fn pixels(path: &Path, side: u32) -> Result<Vec<f64>> {
    let grey = open_image(path)?
        .resize_exact(side, side, FilterType::Triangle)
        .to_luma8();
    Ok(grey.pixels().map(|p| f64::from(p.0[0]) / 255.0).collect())
}

/// One pixel column per position: `<column>.px<k>` for `k` in `0..side²`.
pub fn pixel_column_names(column: &str, side: u32) -> Vec<String> {
    (0..side * side)
        .map(|k| format!("{column}.px{k}"))
        .collect()
}

/// The pixel columns of every path in `paths` (a missing path gives missing pixels).
pub fn pixel_columns(paths: &[Option<String>], side: u32) -> Result<Vec<ArrayRef>> {
    if side == 0 || side > MAX_PIXEL_SIDE {
        return Err(DataError::InvalidOption {
            field: "image_pixels size",
            reason: format!("{side} is not between 1 and {MAX_PIXEL_SIDE}"),
        });
    }
    let n = (side * side) as usize;
    let mut columns: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(paths.len()); n];
    for path in paths {
        let values = match path {
            Some(p) => pixels(Path::new(p), side)?.into_iter().map(Some).collect(),
            None => vec![None; n],
        };
        for (column, v) in columns.iter_mut().zip(values) {
            column.push(v);
        }
    }
    Ok(columns
        .into_iter()
        .map(|c| Arc::new(Float64Array::from(c)) as ArrayRef)
        .collect())
}
