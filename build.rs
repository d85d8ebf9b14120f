//! The default theme is compiled into the binary (`include_dir!` in src/source.rs).
//! Cargo only notices changes to files it knows about; this makes it rebuild when any
//! file under the theme folder is added, removed or edited.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
