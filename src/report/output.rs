//! Where a report goes: standard output, or a file written atomically (a temporary file in the
//! same directory, renamed into place), so a reader never sees half a report. Only regular
//! files (or paths that do not exist yet) are replaced that way: `-o /dev/null`, a FIFO or a
//! terminal is written in place, and a symbolic link's target, not the link, gets the report.

use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Writes via `render` to `path`, or to standard output when `path` is `None`.
pub fn write_to(
    path: Option<&Path>,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), crate::Error> {
    match path {
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            render(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| crate::Error::io("<stdout>", e))
        }
        Some(path) => {
            let resolved;
            let path = match std::fs::metadata(path) {
                Ok(meta) if !meta.is_file() => {
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .open(path)
                        .map_err(|e| crate::Error::io(path, e))?;
                    let mut out = BufWriter::new(file);
                    return render(&mut out)
                        .and_then(|()| out.flush())
                        .map_err(|e| crate::Error::io(path, e));
                }
                Ok(_) => {
                    resolved =
                        std::fs::canonicalize(path).map_err(|e| crate::Error::io(path, e))?;
                    resolved.as_path()
                }
                Err(_) => path,
            };
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let io_err = |e: io::Error| crate::Error::io(path, e);
            let tmp = tempfile::Builder::new()
                .prefix(".leakhound-report-")
                .tempfile_in(dir)
                .map_err(io_err)?;
            {
                let mut out = BufWriter::new(tmp.as_file());
                render(&mut out)
                    .and_then(|()| out.flush())
                    .map_err(io_err)?;
            }
            tmp.as_file().sync_all().map_err(io_err)?;
            tmp.persist(path).map_err(|e| io_err(e.error))?;
            Ok(())
        }
    }
}
