fn main() {
    let doc = docparse::api::parse_document("let x 42");
    println!("{:?}", doc);
    println!("{}", docparse::api::load("notes.txt"));
    println!("{:?}", docparse::parse("1 2 3"));
}
