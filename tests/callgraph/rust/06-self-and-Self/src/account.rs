pub struct Account {
    balance: i64,
    history: Vec<i64>,
}

impl Account {
    pub fn new() -> Self {
        Self::with_balance(0)
    }

    pub fn with_balance(balance: i64) -> Self {
        Account {
            balance,
            history: Vec::new(),
        }
    }

    pub fn deposit(&mut self, amount: i64) {
        self.balance = self.add(amount);
        self.history.push(amount);
        self.audit();
    }

    fn add(&self, amount: i64) -> i64 {
        self.balance + amount
    }

    fn audit(&self) {
        println!("{} deposits, balance {}", self.history.len(), self.balance());
    }

    pub fn balance(&self) -> i64 {
        self.balance
    }
}
