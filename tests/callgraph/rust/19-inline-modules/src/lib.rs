pub mod math {
    pub fn square(x: f64) -> f64 {
        x * x
    }

    pub mod stats {
        pub fn mean(xs: &[f64]) -> f64 {
            xs.iter().sum::<f64>() / xs.len() as f64
        }

        pub fn variance(xs: &[f64]) -> f64 {
            let m = mean(xs);
            mean(&xs.iter().map(|x| super::square(x - m)).collect::<Vec<_>>())
        }
    }
}

pub fn report(xs: &[f64]) -> String {
    let m = math::stats::mean(xs);
    let v = self::math::stats::variance(xs);
    format!("mean {} variance {} square {}", m, v, math::square(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_mentions_mean() {
        assert!(report(&[1.0, 2.0]).contains("mean"));
    }
}
