pub struct Counter {
    value: u32,
    step: u32,
}

impl Counter {
    pub fn new() -> Self {
        Counter::with_step(1)
    }

    pub fn with_step(step: u32) -> Self {
        Counter { value: 0, step }
    }

    pub fn incr(&mut self) {
        self.value = self.value.saturating_add(self.step);
    }

    pub fn get(&self) -> u32 {
        self.value
    }
}

impl Default for Counter {
    fn default() -> Self {
        Self::new()
    }
}
