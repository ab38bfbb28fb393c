pub fn double(x: i64) -> i64 {
    x * 2
}

pub fn negate(x: i64) -> i64 {
    -x
}

pub struct Handler {
    callback: fn(i64) -> i64,
}

impl Handler {
    pub fn new(callback: fn(i64) -> i64) -> Self {
        Handler { callback }
    }

    pub fn call(&self, x: i64) -> i64 {
        (self.callback)(x)
    }
}
