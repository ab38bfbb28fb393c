pub struct Stage {
    name: &'static str,
}

impl Stage {
    pub fn calibrate_flux_stage(&self, passes: u32) {
        for pass in 0..passes {
            println!("calibrating {} pass {}", self.name, pass);
        }
    }
}

pub fn stages() -> Vec<Stage> {
    vec![Stage { name: "intake" }, Stage { name: "exhaust" }]
}

pub fn primary() -> Stage {
    stages().remove(0)
}
