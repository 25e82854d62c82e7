//! Per-project settings: small JSON values by key.

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Result, Store, StoreError, time_fmt};

impl Store {
    /// Stores `value` under `key`, replacing any earlier value.
    pub fn set_setting<T: Serialize>(&self, key: &str, value: &T, author: &str) -> Result<()> {
        let json = serde_json::to_string(value).map_err(|source| StoreError::Json {
            what: format!("setting {key}"),
            source,
        })?;
        self.conn.execute(
            "INSERT INTO project_settings (project_id, key, value_json, updated_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (project_id, key) DO UPDATE SET
                 value_json = excluded.value_json, updated_at = excluded.updated_at, author = excluded.author",
            (self.project().id.to_string(), key, json, time_fmt::now(), author),
        )?;
        Ok(())
    }

    /// Reads the value under `key`, if set.
    pub fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value_json FROM project_settings WHERE project_id = ?1 AND key = ?2",
                (self.project().id.to_string(), key),
                |row| row.get(0),
            )
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j).map_err(|source| StoreError::Json {
                what: format!("setting {key}"),
                source,
            })
        })
        .transpose()
    }
}
