//! A file of the output, and where rendered files go.

/// One file of the output, by its path inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go as they are made (the staging folder of a build, memory in
/// watch mode, nowhere for `check`). Called from many threads.
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> std::io::Result<()> + Sync);
