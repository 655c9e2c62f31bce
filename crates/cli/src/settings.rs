//! Finding and reading `.posture.yaml`: `--config FILE`, else the first one in the current
//! directory or its parents, else none (`--no-config` skips the search). What the file means is
//! the engine's business (`posture_engine::config`); this module only finds and reads it.

use std::path::{Path, PathBuf};

use posture_engine::config::{Config, FILE_NAME, MAX_CONFIG_BYTES};
use posture_engine::report::escape_controls as safe;

/// The config in force and the directory its paths are relative to.
#[derive(Default)]
pub struct Settings {
    pub config: Config,
    pub dir: Option<PathBuf>,
}

/// Where to look for the config.
pub enum Source {
    Search,
    File(String),
    None,
}

/// Loads the config; on a mistake, every error as `FILE:LINE:COL: message`.
pub fn load(source: &Source) -> Result<Settings, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    let path = match source {
        Source::None => return Ok(Settings::default()),
        Source::File(f) => crate::walk::normalize(&cwd.join(f)),
        Source::Search => match search(&cwd) {
            Some(p) => p,
            None => return Ok(Settings::default()),
        },
    };
    let shown = match path.strip_prefix(&cwd) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    };
    let meta = std::fs::metadata(&path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if meta.len() > MAX_CONFIG_BYTES as u64 {
        return Err(format!("{shown}: a config larger than 1 MiB"));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let config = Config::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{e}", safe(&shown)))
            .collect();
        lines.join("\n")
    })?;
    Ok(Settings {
        config,
        dir: path.parent().map(Path::to_path_buf),
    })
}

fn search(from: &Path) -> Option<PathBuf> {
    from.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}
