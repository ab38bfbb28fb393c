require_relative "account"

def main()
  acct = Account.new("ada")
  acct.deposit(100)
  acct.withdraw(30)
  puts(acct.statement())
rescue ArgumentError => e
  warn(e.message())
end

main()
