fn main() {
    for path in std::env::args().skip(1) {
        let p = std::path::Path::new(&path);
        match gongwen::process_file("x", p) {
            Ok(d) => print!("{}", d.outline_text()),
            Err(e) => println!("error: {e}"),
        }
    }
}
