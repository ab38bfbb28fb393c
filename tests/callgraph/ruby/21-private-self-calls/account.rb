class Account
  attr_reader :balance

  def initialize(owner)
    @owner = owner
    @balance = 0
    @log = []
  end

  def deposit(amount)
    validate!(amount)
    @balance += amount
    self.record("deposit", amount)
  end

  def withdraw(amount)
    self.validate!(amount)
    raise(ArgumentError, "insufficient funds") if amount > @balance

    @balance -= amount
    record("withdraw", amount)
  end

  def statement()
    @log.map { |kind, amount| format_entry(kind, amount) }
  end

  private

  def validate!(amount)
    raise(ArgumentError, "amount must be positive") unless amount.positive?()
  end

  def record(kind, amount)
    @log.push([kind, amount])
    @balance
  end

  def format_entry(kind, amount)
    "#{@owner} #{kind} #{amount}"
  end
end
