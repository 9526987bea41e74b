//! Embeds testdata/demo/ into the engine, so the demo catalog works wherever
//! the binary runs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((key, path.canonicalize()?));
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let demo = manifest.join("..").join("testdata").join("demo");
    println!("cargo:rerun-if-changed={}", demo.display());
    let mut files = Vec::new();
    if demo.is_dir() {
        collect(&demo, &demo, &mut files)?;
    }
    let mut code = String::from(
        "/// The demo data: (path under testdata/demo, contents).\npub(crate) static DEMO_FILES: &[(&str, &[u8])] = &[\n",
    );
    for (key, path) in files {
        writeln!(
            code,
            "    ({key:?}, include_bytes!({:?})),",
            path.display().to_string()
        )?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("demo_files.rs");
    std::fs::write(out, code)?;
    Ok(())
}
