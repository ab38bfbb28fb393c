pub mod report;
pub mod text;

pub fn run(body: &str) -> String {
    report::render("Summary", body)
}
