//! `leakhound install-hook`: a plain git pre-commit hook that runs the staged scan, for
//! repositories that do not use the pre-commit framework (which uses `.pre-commit-hooks.yaml`).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;

/// Marks hooks we wrote, so reinstalling replaces them and a foreign hook is never
/// overwritten by accident.
pub const MARKER: &str = "# installed by `leakhound install-hook`";

fn script(exe: &str) -> String {
    format!(
        r#"#!/bin/sh
{MARKER}: blocks commits that add secrets.
# Bypass once (after checking the finding): git commit --no-verify
# Turn off in this clone:                 git config hooks.leakhound false
if [ "$(git config --bool hooks.leakhound)" = "false" ]; then
    exit 0
fi
leakhound='{exe}'
if ! command -v "$leakhound" >/dev/null 2>&1; then
    leakhound=leakhound
fi
exec "$leakhound" scan --staged --no-progress
"#
    )
}

/// The hooks directory git uses for the repository at `dir`: `git rev-parse --git-path hooks`
/// honours `core.hooksPath` and linked worktrees.
fn hooks_dir(dir: &Path) -> Result<PathBuf, Error> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .map_err(|e| Error::Usage(format!("install-hook needs git on PATH: {e}")))?;
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "{} is not inside a git repository: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let hooks = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim_end_matches(['\n', '\r']));
    Ok(if hooks.is_absolute() || dir == Path::new(".") {
        hooks
    } else {
        dir.join(hooks)
    })
}

/// Where [`install`] wrote the hook, and where it kept a replaced foreign hook.
#[derive(Debug)]
pub struct Installed {
    pub hook: PathBuf,
    pub backup: Option<PathBuf>,
}

/// Writes the pre-commit hook; refuses to replace a hook leakhound did not write unless
/// `force`, and then keeps it as `pre-commit.leakhound-backup`.
pub fn install(dir: &Path, force: bool) -> Result<Installed, Error> {
    let hooks = hooks_dir(dir)?;
    std::fs::create_dir_all(&hooks).map_err(|e| Error::io(&hooks, e))?;
    let hook = hooks.join("pre-commit");
    let mut kept = None;
    match std::fs::read(&hook) {
        Ok(existing) => {
            let ours = existing
                .windows(MARKER.len())
                .any(|w| w == MARKER.as_bytes());
            if !ours {
                if !force {
                    return Err(Error::Usage(format!(
                        "{} already exists and was not written by leakhound; run it from your hook \
                         manager, or pass --force to replace it (it is kept as pre-commit.leakhound-backup)",
                        hook.display()
                    )));
                }
                let backup = hooks.join("pre-commit.leakhound-backup");
                std::fs::rename(&hook, &backup).map_err(|e| Error::io(&backup, e))?;
                kept = Some(backup);
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(&hook, e)),
    }
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .filter(|p| !p.contains('\''))
        .unwrap_or_else(|| "leakhound".into());
    let mut file = std::fs::File::create(&hook).map_err(|e| Error::io(&hook, e))?;
    file.write_all(script(&exe).as_bytes())
        .map_err(|e| Error::io(&hook, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(&hook, e))?;
    }
    Ok(Installed { hook, backup: kept })
}
