pub trait Named {
    fn type_name() -> &'static str
    where
        Self: Sized;

    fn greet(&self) -> String
    where
        Self: Sized,
    {
        format!("hi, {}", Self::type_name())
    }
}

pub struct Dog;
pub struct Cat;

impl Named for Dog {
    fn type_name() -> &'static str {
        "dog"
    }
}

impl Named for Cat {
    fn type_name() -> &'static str {
        "cat"
    }
}
