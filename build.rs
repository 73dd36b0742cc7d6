//! Builds jieba's dictionary (`corpus/dict/jieba.dict`) into the segmenter's trie at compile time, with the
//! same code the library uses (`src/tokenize/dag/table.rs`), so that a run starts with the table ready.

#[allow(dead_code)]
#[path = "src/tokenize/dag/table.rs"]
mod table;

fn main() {
    println!("cargo::rerun-if-changed=corpus/dict/jieba.dict");
    println!("cargo::rerun-if-changed=src/tokenize/dag/table.rs");
    let dict = std::fs::read_to_string("corpus/dict/jieba.dict")
        .expect("corpus/dict/jieba.dict is readable");
    let (table, total) = table::WordTable::from_dict(&dict, table::JIEBA_SLOTS);
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let path = std::path::Path::new(&out).join("jieba.table");
    std::fs::write(&path, table.to_bytes(total)).expect("OUT_DIR is writable");
}
