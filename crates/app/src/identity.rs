//! Who is working: the author recorded on every row.

/// The author name for new rows: `MODELDESK_AUTHOR`, else the profile's name (set on first
/// start), else the OS user, else "local user".
pub fn default_author() -> String {
    let env = |var: &str| std::env::var(var).ok().map(|v| v.trim().to_owned());
    env("MODELDESK_AUTHOR")
        .filter(|v| !v.is_empty())
        .or_else(|| {
            crate::UserSettings::for_user()
                .profile()
                .map(|p| p.name)
                .filter(|n| !n.is_empty())
        })
        .or_else(|| {
            ["USER", "USERNAME"]
                .into_iter()
                .find_map(|var| env(var).filter(|v| !v.is_empty()))
        })
        .unwrap_or_else(|| "local user".to_owned())
}
