//! Files the user saves from the app (plots as PNG or SVG) go to the project's `exports/`
//! folder, under a safe, unique name — nothing outside the project is written.

use std::path::PathBuf;

use crate::{AppError, Result, Workspace};

/// Extensions a saved export may have.
const ALLOWED: &[&str] = &["png", "svg", "csv", "json", "html", "pdf"];

/// `name` reduced to letters, digits, `-`, `_` and `.` (no path separators), never empty.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c| c == '.' || c == '-');
    if trimmed.is_empty() {
        "export".to_owned()
    } else {
        trimmed.to_owned()
    }
}

impl Workspace {
    /// Writes `bytes` to `exports/<name>.<extension>` in the open project (a numbered name when
    /// taken) and returns the path.
    pub fn save_export(&self, name: &str, extension: &str, bytes: &[u8]) -> Result<PathBuf> {
        let extension = extension.to_ascii_lowercase();
        if !ALLOWED.contains(&extension.as_str()) {
            return Err(AppError::Invalid {
                field: "extension",
                reason: format!("{extension:?} is not one of {}", ALLOWED.join(", ")),
            });
        }
        let (path, mut file) = self.new_export_file(name, &extension)?;
        std::io::Write::write_all(&mut file, bytes).map_err(|source| AppError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }

    /// Creates a new, empty `exports/<name>.<extension>` in the open project (numbered when
    /// the name is taken; never replacing a file) and returns it.
    pub(crate) fn new_export_file(
        &self,
        name: &str,
        extension: &str,
    ) -> Result<(PathBuf, std::fs::File)> {
        let dir = self.store()?.root().join("exports");
        let io = |path: &std::path::Path| {
            let path = path.to_path_buf();
            move |source| AppError::Io { path, source }
        };
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let stem = safe_name(name);
        for n in 1u32.. {
            let file = if n == 1 {
                format!("{stem}.{extension}")
            } else {
                format!("{stem}-{n}.{extension}")
            };
            let path = dir.join(file);
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(f) => return Ok((path, f)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(&path)(e)),
            }
        }
        Err(AppError::Invalid {
            field: "name",
            reason: "no free file name".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names_cannot_leave_the_exports_folder() {
        assert_eq!(safe_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_name("beeswarm income"), "beeswarm-income");
        assert_eq!(safe_name("..."), "export");
    }
}
