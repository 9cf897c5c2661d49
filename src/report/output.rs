//! Where a report goes: standard output, or a file written atomically (a temporary file in the
//! same directory, renamed into place), so a reader never sees half a report.

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
