//! Runs the extract stage over the bundled documents many times, for profiling.
fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut docs = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let src = gongwen::ingest::decode(&p, &bytes).unwrap();
        let norm = gongwen::normalize::normalize(&src);
        let outline = gongwen::structure::structure(&norm);
        docs.push((norm, outline));
    }
    let mut n = 0;
    for _ in 0..300 {
        for (norm, outline) in &docs {
            n += gongwen::extract::extract(norm, outline).entities.len();
        }
    }
    println!("{n}");
}
