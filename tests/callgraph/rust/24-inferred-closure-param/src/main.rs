mod pipeline;

fn main() {
    warm_up();
    let first = pipeline::primary();
    first.calibrate_flux_stage(2);
}

fn warm_up() {
    pipeline::stages()
        .iter()
        .for_each(|stage| stage.calibrate_flux_stage(1));
}
