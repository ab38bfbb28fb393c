pub mod area;

use area::{Area, Rect, Tri};

pub fn total<T: Area>(items: &[T]) -> f64 {
    items.iter().map(|i| i.area()).sum()
}

pub fn describe(shape: &impl Area) -> String {
    format!("area {:.1}", shape.area())
}

pub fn report() -> String {
    let rect = Rect { w: 2.0, h: 3.0 };
    let rect_area = rect.area();
    let tris = [Tri { b: 1.0, h: 1.0 }, Tri { b: 2.0, h: 2.0 }];
    format!("{} {} {}", rect_area, total(&tris), describe(&rect))
}
