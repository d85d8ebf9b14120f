//! A file of the output, and where rendered files go.

/// One file of the output, by its path inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Set by a build for a file it can take whole from a cache (a social card): the
    /// cache's file, which the staging folder links rather than copies; `bytes` is
    /// then empty. Watch mode, which compares bytes, always gets the bytes.
    pub cached: Option<std::path::PathBuf>,
}

/// Where rendered files go as they are made (the staging folder of a build, memory in
/// watch mode, nowhere for `check`). Called from many threads.
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> std::io::Result<()> + Sync);
