//! Which files `posture check PATH…` reads: named files as they are, directories walked.
//!
//! A walk takes `.yaml`, `.yml` and `.json` files, and any other file whose text starts with
//! `#cloud-config` (decided when it is read: see [`Target::sniff`]). It skips hidden files and
//! directories, `node_modules`, and whatever `.gitignore` files (and `.git/info/exclude`) leave
//! out — read with the `ignore` crate, ripgrep's walker, because Git's rules (nested files,
//! `!` re-includes, anchoring, directory-only patterns) are easy to get subtly wrong. Exclude
//! patterns apply to named files too, so a pre-commit run honours them. Files are handed over
//! in the walk's order; `check` sorts the reports by path, so runs report in the same order on
//! every machine.

use std::path::{Component, Path, PathBuf};

use posture_engine::glob::Glob;

/// One file to check.
pub struct Target {
    /// The path to open.
    pub path: PathBuf,
    /// How reports name it: relative to the current directory when it lies below it.
    pub shown: String,
    /// Relative to the directory of `.posture.yaml`, for its path rules (the shown path when
    /// there is no config or the file lies outside its directory).
    pub config_path: String,
    /// Found by a walk rather than named: it needs `#cloud-config` at its start to count, and
    /// is reported once as "not evaluated" when it holds no configuration Posture checks.
    pub walked: bool,
    /// Found by a walk without a YAML or JSON extension: read only if it starts with
    /// `#cloud-config`.
    pub sniff: bool,
}

/// What decides which files are left out.
pub struct Filter<'a> {
    /// `--exclude` patterns, matched against the path shown and the path below a walked
    /// directory.
    pub cli: &'a [Glob],
    /// The config's `exclude`, matched against paths relative to the config's directory.
    pub config: &'a dyn Fn(&str) -> bool,
    /// The directory holding `.posture.yaml`, absolute.
    pub config_dir: Option<&'a Path>,
    /// For `compare`: files below the first directory (absolute) meet the config's path rules
    /// as the files of the same names below the second would. Comparing a base checkout with
    /// the working one, both sides then leave out and switch off the same files.
    pub rebase: Rebase<'a>,
}

/// See [`Filter::rebase`].
pub type Rebase<'a> = Option<(&'a Path, &'a Path)>;

/// Hands each file under `paths` to `found` as the walk meets it, in the walk's order and
/// without repeats (the first of two names that show alike counts); an error for a path that
/// does not exist (a typo in CI must not pass as "nothing found"). The caller sorts by
/// [`Target::shown`] for a stable order.
pub fn visit(
    paths: &[String],
    filter: &Filter,
    mut found: impl FnMut(Target),
) -> Result<(), String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    let mut seen = std::collections::HashSet::new();
    let mut found = move |target: Target| {
        if seen.insert(target.shown.clone()) {
            found(target);
        }
    };
    for arg in paths {
        if arg == "-" {
            found(Target {
                path: PathBuf::from("-"),
                shown: "-".to_string(),
                config_path: "-".to_string(),
                walked: false,
                sniff: false,
            });
            continue;
        }
        let meta = std::fs::metadata(arg).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{arg}: no such file or directory"),
            _ => format!("{arg}: cannot read: {e}"),
        })?;
        if !meta.is_dir() {
            if let Some(t) = target(&cwd, Path::new(arg), "", false, false, filter) {
                found(t);
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(arg)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            // A .gitignore counts even outside a Git checkout (an unpacked tarball, a fixture).
            .require_git(false)
            .parents(true)
            .ignore(false)
            .follow_links(false)
            .filter_entry(|e| e.file_name() != "node_modules")
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| format!("{arg}: {e}"))?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let below = path
                .strip_prefix(arg)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let config_like = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            );
            if let Some(t) = target(&cwd, path, &below, true, !config_like, filter) {
                found(t);
            }
        }
    }
    Ok(())
}

fn target(
    cwd: &Path,
    path: &Path,
    below: &str,
    walked: bool,
    sniff: bool,
    filter: &Filter,
) -> Option<Target> {
    let absolute = normalize(&cwd.join(path));
    let shown = shown_from(cwd, &absolute, path);
    let framed = filter
        .rebase
        .and_then(|(from, to)| absolute.strip_prefix(from).ok().map(|rest| to.join(rest)));
    let config_path = filter
        .config_dir
        .and_then(|d| framed.as_ref().unwrap_or(&absolute).strip_prefix(d).ok())
        .map_or_else(|| shown.clone(), slashes);
    // An absolute pattern is matched against the absolute path, any other against the path
    // shown and the path below the walked directory.
    let cli_match = |g: &Glob| {
        if g.text.starts_with('/') {
            g.matches(&slashes(&absolute))
        } else {
            g.matches(&shown) || (!below.is_empty() && g.matches(below))
        }
    };
    let excluded = filter.cli.iter().any(cli_match) || (filter.config)(&config_path);
    (!excluded).then(|| Target {
        path: path.to_path_buf(),
        shown,
        config_path,
        walked,
        sniff,
    })
}

/// How reports name `path`: relative to the current directory when it lies below it, as
/// [`Target::shown`] does (`compare` strips a directory's name, spelled so, from its files').
pub fn shown(path: &str) -> String {
    let Ok(cwd) = std::env::current_dir() else {
        return path.to_string();
    };
    shown_from(&cwd, &normalize(&cwd.join(path)), Path::new(path))
}

fn shown_from(cwd: &Path, absolute: &Path, path: &Path) -> String {
    let shown = match absolute.strip_prefix(cwd) {
        Ok(rel) => slashes(rel),
        Err(_) => slashes(path),
    };
    match shown.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => shown,
    }
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// `a/./b/../c` as `a/c`, without asking the file system (symbolic links are not resolved, as
/// the user's own spelling of the path is what reports should show).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
