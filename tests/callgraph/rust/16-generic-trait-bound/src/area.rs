pub trait Area {
    fn area(&self) -> f64;
}

pub struct Rect {
    pub w: f64,
    pub h: f64,
}

pub struct Tri {
    pub b: f64,
    pub h: f64,
}

impl Area for Rect {
    fn area(&self) -> f64 {
        self.w * self.h
    }
}

impl Area for Tri {
    fn area(&self) -> f64 {
        half(self.b * self.h)
    }
}

fn half(x: f64) -> f64 {
    x / 2.0
}
