mod describe;
mod models;

use describe::Describe;
use models::{Team, User};

pub fn summary() -> String {
    let user = User::new("ann");
    let team = Team::new("core");
    let a = user.describe();
    let b = team.describe();
    a + &b
}
