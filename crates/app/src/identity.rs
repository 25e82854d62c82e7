//! Who is working: the author recorded on every row. A real profile (name, email, colour)
//! arrives with team notes; until then the OS user name is used.

/// The author name for new rows: `MODELDESK_AUTHOR`, else the OS user, else "local user".
pub fn default_author() -> String {
    ["MODELDESK_AUTHOR", "USER", "USERNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "local user".to_owned())
}
