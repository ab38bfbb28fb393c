mod account;

use account::Account;

pub fn open() -> i64 {
    let mut acct = Account::new();
    acct.deposit(5);
    acct.deposit(7);
    acct.balance()
}
