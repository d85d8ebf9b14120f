//! The layering of `src/` (ARCHITECTURE.md): each top-level module imports only modules
//! of lower layers, so data flows one way and no import cycle can form. A new import
//! that breaks the order fails here, naming the file and the path.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level modules from the bottom layer up; a module may import any module of a
/// lower layer, none of its own or a higher one.
const LAYERS: &[&[&str]] = &[
    &["model"],
    &["config"],
    &["load"],
    &["parse"],
    &["link"],
    &["render"],
    &["write"],
    &["build", "scaffold", "corpus", "deploy", "import"],
    &["dev"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file of `src/` belongs to (`None` for `lib.rs`, `main.rs`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The top-level modules named by `crate::` paths in `text`, with comments left out:
/// `crate::link::Site`, and each item of `use crate::{link, render::Sink}`.
fn imported_modules(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let identifier = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group only: `{a::{b, c}, d}` imports a and d.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if c.is_whitespace() => {}
                    _ if item_start && depth == 0 => {
                        found.push(identifier(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(identifier(rest));
        }
    }
    found
}

fn rust_files(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(folder).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn every_module_imports_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut modules = BTreeMap::new();
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(layer) = layer_of(&module) else {
            wrong.push(format!(
                "{}: module `{module}` has no layer in this test",
                file.display()
            ));
            continue;
        };
        modules.insert(module.clone(), layer);
        let text = fs::read_to_string(file).expect("read source");
        for imported in imported_modules(&text) {
            if imported == module {
                continue;
            }
            match layer_of(&imported) {
                Some(lower) if lower < layer => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` imports `crate::{imported}`, which is not below it",
                    file.display()
                )),
                // Not a module of ours: a macro or item re-exported by lib.rs.
                None => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
    // The test checks what exists: every layer's modules are there.
    for module in LAYERS.iter().flat_map(|layer| layer.iter()) {
        assert!(
            modules.contains_key(*module),
            "no module `{module}` in src/"
        );
    }
}

#[test]
fn the_import_reader_finds_paths_and_groups() {
    let text = "use crate::model::urls;\nuse crate::{link, render::{Sink, OutputFile}, write};\n// crate::dev in a comment\nlet x = crate::parse::f();";
    assert_eq!(
        imported_modules(text),
        ["model", "link", "render", "write", "parse"]
    );
}
