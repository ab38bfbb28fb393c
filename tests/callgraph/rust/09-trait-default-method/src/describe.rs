pub trait Describe {
    fn name(&self) -> String;

    fn describe(&self) -> String {
        format!("<{}>", self.name())
    }
}
